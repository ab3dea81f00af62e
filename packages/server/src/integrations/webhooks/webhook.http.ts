import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { guardedLookup, hostOf, mayConnect, type OutboundPolicy, RefusedTargetError } from "./target-guard.ts";

export interface TargetAnswer {
  ok: boolean;
  status: number | null;
  // What went wrong, for last_failure_content and the delivery log: "500 Internal Server Error\n\n<body>".
  content: string;
  headers: Headers | null;
}

export function signature(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

const KEEP_BYTES = 1000;

function headersOf(response: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of [value].flat()) headers.append(name, one);
  }
  return headers;
}

// One POST to a webhook target, guarded against server-side request forgery: the connection goes only to an
// address the policy allows, checked on the resolved address actually dialled (guardedLookup), redirects are
// never followed (one could lead to an internal address), a hard timeout, and at most a little of the answer kept.
export function postToTarget(
  target: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  policy: OutboundPolicy,
): Promise<TargetAnswer> {
  const failed = (content: string): TargetAnswer => ({ ok: false, status: null, content, headers: null });
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return Promise.resolve(failed("Could not connect: the target is not a URL"));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Promise.resolve(failed("Could not connect: the target must be an http or https URL"));
  }
  // A literal address is never looked up, so it is checked here.
  const host = hostOf(url);
  if (net.isIP(host) && !mayConnect(host, policy)) {
    return Promise.resolve(failed(`Could not connect: ${host} is a private, loopback or link-local address`));
  }
  const payload = body === undefined ? undefined : Buffer.from(body);
  return new Promise((resolve) => {
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: {
        "user-agent": "Takt-Webhooks/1.0",
        ...headers,
        "content-length": String(payload?.length ?? 0),
      },
      lookup: guardedLookup(policy),
      // A fresh connection each time: a kept-alive socket would skip the address check of a later request.
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
    });
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const chunks: Buffer[] = [];
      let kept = 0;
      const finish = () => {
        const text = Buffer.concat(chunks).toString("utf8").slice(0, KEEP_BYTES);
        const redirect =
          status >= 300 && status < 400 && response.headers.location
            ? `\n\nRedirects are not followed (to ${response.headers.location.slice(0, 200)})`
            : "";
        resolve({
          ok,
          status,
          content: ok ? "" : `${status} ${response.statusMessage ?? ""}${text ? `\n\n${text}` : ""}${redirect}`,
          headers: headersOf(response),
        });
        response.destroy();
      };
      response.on("data", (chunk: Buffer) => {
        if (kept >= KEEP_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
        if (kept >= KEEP_BYTES) finish();
      });
      response.on("end", finish);
      response.on("error", finish);
    });
    request.on("error", (error: Error) => {
      const name = error.name;
      if (name === "TimeoutError" || name === "AbortError") {
        resolve(failed(`No answer within ${Math.round(timeoutMs / 1000)} s`));
      } else if (error instanceof RefusedTargetError) {
        resolve(failed(`Could not connect: ${error.message.replace(/^target: /, "")}`));
      } else {
        resolve(failed(`Could not connect: ${error.message}`));
      }
    });
    request.end(payload);
  });
}
