import { type Config, maskedConfig } from "./config.ts";
import { migrateToLatest, openDb } from "./db/index.ts";
import { EventBus } from "./events/bus.ts";
import { buildApp } from "./http/app.ts";
import { startWorker } from "./jobs/worker.ts";

export async function startServer(config: Config) {
  const handle = openDb(config);
  const applied = await migrateToLatest(handle.db);
  const takt = { db: handle.db, dialect: handle.dialect, bus: new EventBus(), config };
  const app = await buildApp(takt);
  app.log.info({ config: maskedConfig(config), database: handle.dialect, migrationsApplied: applied }, "starting Takt");
  await app.listen({ port: config.port, host: config.host });
  const worker = startWorker(takt, { log: app.log });
  const shutdown = async () => {
    await app.close();
    await worker.stop();
    await handle.destroy();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return { app, handle, worker };
}
