import type { FastifyInstance } from "fastify";
import { databaseReadiness } from "../db/readiness.ts";
import { release } from "../version.ts";

// /healthz: the process answers. /readyz: the database answers and its migrations are current.
export async function healthRoutes(app: FastifyInstance) {
  app.get("/healthz", async () => ({ status: "ok", version: release.version, build: release.build }));
  app.get("/readyz", async (_request, reply) => {
    const { lifecycle } = app.takt;
    if (lifecycle?.draining) return reply.status(503).send({ status: "draining" });
    try {
      const { pending } = await databaseReadiness(app.takt.db);
      if (pending.length) return reply.status(503).send({ status: "migrations pending", pending });
      return { status: "ready" };
    } catch (error) {
      return reply.status(503).send({ status: "database unreachable", error: (error as Error).message });
    }
  });
}
