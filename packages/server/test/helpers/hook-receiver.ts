import http from "node:http";
import type { AddressInfo } from "node:net";

// What a webhook delivery carries of each event, as the tests read it.
export interface HookEvent {
  action: string;
  resource: { gid: string; resource_type?: string };
  change?: { field: string };
}

export interface HookReceiver {
  // The target to give POST /webhooks.
  url: string;
  close(): Promise<void>;
}

// A real webhook receiver on 127.0.0.1: it completes the handshake (echoes X-Hook-Secret) and hands the events of
// every delivery to `onEvents`, answering 200.
export async function startHookReceiver(onEvents: (events: HookEvent[]) => void): Promise<HookReceiver> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const secret = request.headers["x-hook-secret"];
      if (typeof secret === "string") return response.writeHead(200, { "X-Hook-Secret": secret }).end();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { events?: HookEvent[] };
      onEvents(body.events ?? []);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
