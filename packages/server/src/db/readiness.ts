import { sql } from "kysely";
import { type Db, pendingMigrations } from "./index.ts";

// Whether the database answers, and which migrations it still lacks (empty when current). Throws when unreachable.
export async function databaseReadiness(db: Db): Promise<{ pending: string[] }> {
  await sql`select 1`.execute(db);
  return { pending: await pendingMigrations(db) };
}
