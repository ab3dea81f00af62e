import { PostgresAdapter } from "kysely";

// Whether a connection (or a transaction on one) talks to PostgreSQL: for the few statements written differently
// for it (row locks, planner fences).
export function isPostgres(db: { getExecutor(): { adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
