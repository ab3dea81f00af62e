import { type Config, maskedConfig } from "./config.ts";
import { migrateToLatest, openDb } from "./db/index.ts";
import { EventBus } from "./events/bus.ts";
import { buildApp } from "./http/app.ts";

export async function startServer(config: Config) {
  const handle = openDb(config);
  const applied = await migrateToLatest(handle.db);
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, bus: new EventBus(), config });
  app.log.info({ config: maskedConfig(config), database: handle.dialect, migrationsApplied: applied }, "starting Takt");
  await app.listen({ port: config.port, host: config.host });
  const shutdown = async () => {
    await app.close();
    await handle.destroy();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return { app, handle };
}
