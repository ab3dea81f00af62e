import { type Kysely, sql } from "kysely";

// SQLite: the search index's background merges (db/search-index.ts, run by the worker) join two segments of a level at a time
// instead of FTS5's default four, so a grown index stays at about three segments, which every search reads,
// instead of a couple of dozen. A setting of the index only: older releases run on it unchanged.
// PostgreSQL keeps its GIN index itself; nothing to do there.
export const kind = "expand";

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) return;
  await sql.raw(`insert into task_search (task_search, rank) values ('usermerge', 2)`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) return;
  await sql.raw(`insert into task_search (task_search, rank) values ('usermerge', 4)`).execute(db);
}
