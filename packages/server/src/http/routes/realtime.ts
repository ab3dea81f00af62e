import type { FastifyInstance } from "fastify";
import { RealtimeHub } from "../../events/realtime-hub.ts";
import { contract } from "../contract.ts";

// One socket per browser tab: committed events the user may see arrive as {"type":"event","event":…}.
export async function realtimeRoutes(app: FastifyInstance) {
  const { db, bus } = app.takt;
  const hub = new RealtimeHub(db, bus, app.log);
  app.addHook("onClose", async () => hub.close());
  app.get(
    "/realtime",
    { websocket: true, ...contract({ summary: "Receive the events you may see, as they commit (WebSocket)" }) },
    (socket, request) => {
      const { actor, credential } = request;
      if (!actor || !credential) {
        socket.send(JSON.stringify({ type: "error", message: "Not Authorized" }));
        socket.close(4401, "Not Authorized");
        return;
      }
      socket.send(JSON.stringify({ type: "hello", user: { gid: String(actor.gid) } }));
      const remove = hub.add({
        userGid: actor.gid,
        credential,
        isOpen: () => socket.readyState === socket.OPEN,
        send: (text) => socket.send(text),
        close: (code, reason) => socket.close(code, reason),
      });
      socket.on("message", (raw: Buffer) => {
        if (raw.toString() === "ping") socket.send(JSON.stringify({ type: "pong" }));
      });
      socket.on("close", remove);
    },
  );
}
