import { AsyncLocalStorage } from "node:async_hooks";
import type { LogEvent } from "kysely";

// Opt-in count of the SQL statements run on behalf of one unit of work (an HTTP request), so a test can
// prove a list costs the same number of queries whatever its page size. Off by default: the database is
// then opened without a log hook and nothing here runs.
const current = new AsyncLocalStorage<{ queries: number }>();

// Kysely's `log` hook: one call per statement executed (BEGIN and COMMIT included).
export function countQuery(_event: LogEvent): void {
  const store = current.getStore();
  if (store) store.queries += 1;
}

// Runs `work` (and everything it starts) counting into `store`.
export function withQueryCount(store: { queries: number }, work: () => void): void {
  current.run(store, work);
}
