import type { Config } from "./config.ts";
import type { Db, DialectName } from "./db/index.ts";
import type { EventBus } from "./events/bus.ts";

// The running app: its database, event bus and settings. Everything below the HTTP layer takes this.
export interface Takt {
  db: Db;
  dialect: DialectName;
  bus: EventBus;
  config: Config;
  // The database was opened with query counting: answers carry x-takt-query-count (see http/query-count.ts).
  countQueries?: boolean;
  // Shutting down: `draining` while /readyz turns load balancers away, `closing` once the listener closes.
  lifecycle?: { draining: boolean; closing: boolean };
}
