import type { FastifyInstance } from "fastify";
import { canSeeEvent } from "../../events/event.policy.ts";
import { presentEvent } from "../../events/event.presenter.ts";

// One socket per browser tab: committed events the user may see arrive as {"type":"event","event":…}.
export async function realtimeRoutes(app: FastifyInstance) {
  const { db, bus } = app.takt;
  app.get("/realtime", { websocket: true }, (socket, request) => {
    const actor = request.actor;
    if (!actor) {
      socket.send(JSON.stringify({ type: "error", message: "Not Authorized" }));
      socket.close(4401, "Not Authorized");
      return;
    }
    socket.send(JSON.stringify({ type: "hello", user: { gid: String(actor.gid) } }));
    let chain = Promise.resolve();
    const unsubscribe = bus.subscribe((event) => {
      // Delivered in commit order: each check waits for the one before it.
      chain = chain.then(async () => {
        try {
          if (socket.readyState === socket.OPEN && (await canSeeEvent(db, actor, event))) {
            socket.send(JSON.stringify({ type: "event", event: presentEvent(event) }));
          }
        } catch (error) {
          request.log.warn({ err: error }, "realtime delivery failed");
        }
      });
    });
    socket.on("message", (raw: Buffer) => {
      if (raw.toString() === "ping") socket.send(JSON.stringify({ type: "pong" }));
    });
    socket.on("close", unsubscribe);
  });
}
