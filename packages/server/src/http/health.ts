import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { pendingMigrations } from "../db/index.ts";
import { release } from "../version.ts";

// /healthz: the process answers. /readyz: the database answers and its migrations are current.
export async function healthRoutes(app: FastifyInstance) {
  app.get("/healthz", async () => ({ status: "ok", version: release.version, build: release.build }));
  app.get("/readyz", async (_request, reply) => {
    const { db, lifecycle } = app.takt;
    if (lifecycle?.draining) return reply.status(503).send({ status: "draining" });
    try {
      await sql`select 1`.execute(db);
      const pending = await pendingMigrations(db);
      if (pending.length) return reply.status(503).send({ status: "migrations pending", pending });
      return { status: "ready" };
    } catch (error) {
      return reply.status(503).send({ status: "database unreachable", error: (error as Error).message });
    }
  });
}
