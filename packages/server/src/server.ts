import Fastify, { type FastifyInstance } from "fastify";
import { type Config, maskedConfig } from "./config.ts";
import { migrateToLatest, openDb } from "./db/index.ts";
import { holdSqlite } from "./db/sqlite-holder.ts";
import { startStagedFileSweeps } from "./domain/attachments/attachment.recovery.ts";
import { EventBus } from "./events/bus.ts";
import { type PgBridge, startPgBridge } from "./events/pg-bridge.ts";
import { buildApp } from "./http/app.ts";
import { healthRoutes } from "./http/health.ts";
import { registerMetrics } from "./http/metrics.ts";
import { startWorker, type Worker } from "./jobs/worker.ts";
import type { Takt } from "./takt.ts";

// WebSocket close code 1012 "service restart": clients reconnect (to another node) and catch up by cursor.
const RESTART_CODE = 1012;
const SHUTDOWN_DEADLINE_MS = 20_000;

// A worker node answers only /healthz, /readyz and /metrics.
async function buildWorkerApp(takt: Takt): Promise<FastifyInstance> {
  const app = Fastify({ logger: takt.config.logLevel === "silent" ? false : { level: takt.config.logLevel } });
  app.decorate("takt", takt);
  await app.register(healthRoutes);
  registerMetrics(app);
  return app;
}

export interface RunningServer {
  app: FastifyInstance;
  worker: Worker | null;
  bridge: PgBridge | null;
  // Stops accepting, finishes in-flight requests and jobs (up to the deadline), closes sockets and the database.
  stop(): Promise<void>;
}

export async function startServer(config: Config, options: { exitOnSignal?: boolean } = {}): Promise<RunningServer> {
  const handle = openDb(config);
  // SQLite: this process serves the directory until it stops (migrate-db refuses meanwhile).
  const releaseSqlite = config.databaseUrl ? () => {} : holdSqlite(config.dataDir);
  let newerSchema: { name: string; release: string }[] = [];
  const applied = await migrateToLatest(handle.db, {
    onNewer: (unknown) => {
      newerSchema = unknown.map(({ name, release }) => ({ name, release }));
    },
  });
  const takt: Takt = {
    db: handle.db,
    dialect: handle.dialect,
    bus: new EventBus(),
    config,
    lifecycle: { draining: false, closing: false },
  };
  const app = config.role === "worker" ? await buildWorkerApp(takt) : await buildApp(takt);
  app.log.info(
    { config: maskedConfig(config), role: config.role, database: handle.dialect, migrationsApplied: applied },
    "starting Takt",
  );
  if (newerSchema.length) {
    app.log.warn(
      { newerMigrations: newerSchema },
      "the database schema is newer than this release (expand-only steps): running on it; upgrade this node soon",
    );
  }
  // Several nodes on one PostgreSQL: events and job wake-ups travel by LISTEN/NOTIFY.
  const bridge = config.databaseUrl ? startPgBridge(takt.bus, takt.db, config.databaseUrl, app.log) : null;
  // Accept sockets only once this node hears the others (or after a bounded wait: it reconnects on its own).
  if (bridge) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([bridge.ready, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
  }
  await app.listen({ port: config.port, host: config.host });
  const worker = config.role === "web" ? null : startWorker(takt, { log: app.log });
  // Nodes that take uploads finish those a stop cut short (attachment.recovery.ts): now, and from time to time.
  const sweeps = config.role === "worker" ? null : startStagedFileSweeps(takt, app.log);
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      app.log.info({ role: config.role, drainMs: config.drainMs }, "shutting down");
      // Drain: /readyz says 503 so load balancers stop routing here, while requests keep being answered.
      takt.lifecycle!.draining = true;
      if (config.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drainMs));
      takt.lifecycle!.closing = true;
      // Before the WebSocket plugin closes them without a reason: tell clients to reconnect elsewhere.
      const sockets = (
        app as FastifyInstance & { websocketServer?: { clients: Set<{ close(code: number, reason: string): void }> } }
      ).websocketServer;
      for (const socket of sockets?.clients ?? []) socket.close(RESTART_CODE, "server restarting, reconnect");
      if (sweeps) clearInterval(sweeps);
      await Promise.all([app.close(), worker?.stop(SHUTDOWN_DEADLINE_MS)]);
      await bridge?.close();
      await handle.destroy();
      releaseSqlite();
    })();
    return stopping;
  };
  if (options.exitOnSignal ?? true) {
    const onSignal = () => {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  return { app, worker, bridge, stop };
}
