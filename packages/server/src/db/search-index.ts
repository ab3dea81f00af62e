import { sql } from "kysely";
import type { Db, DialectName } from "./index.ts";
import { withRelaxedSync } from "./relaxed-sync.ts";

// SQLite's full-text index is kept in batches (migration 0041): writes queue the tasks whose name, notes or
// comments changed, and this re-indexes every queued task at once — one FTS segment and one pass of the stemmer
// per batch instead of one per write. Searches call it before they read the index, so a search always sees every
// committed write; every pass of the job worker's event consumers (jobs/worker.ts, woken by each commit) calls it
// too, so for any other reader the index trails the writes by one pass at most (SEARCH_INDEX_BOUND_MS). PostgreSQL indexes
// in its triggers: nothing to do there.

// How long after a commit the consumer has indexed it, at most, on a server that is not overloaded: the consumer
// passes run at most every 100 ms (jobs/worker.ts) and wake on every commit.
export const SEARCH_INDEX_BOUND_MS = 1_000;

const comments = sql`(select coalesce(group_concat(s.text, ' '), '') from stories s
  where s.task_gid = tasks.gid and s.type = 'comment')`;

// Every queued task re-indexed and the queue emptied, on the given connection or transaction (SQLite).
export async function reindexQueued(trx: Db): Promise<void> {
  await sql`delete from task_search where rowid in (select task_gid from task_search_pending)`.execute(trx);
  await sql`insert into task_search (rowid, name, notes, comments)
    select gid, takt_search_text(name), takt_search_text(notes), takt_search_text(${comments}) from tasks
    where gid in (select task_gid from task_search_pending)`.execute(trx);
  await sql`delete from task_search_pending`.execute(trx);
}

// Re-indexes what is queued. Inside a transaction it joins it (the index then commits with the caller's
// writes); otherwise it commits on its own without an fsync of its own: a power cut can only lose the batch
// together with the emptying of its queue, which is then re-indexed.
export async function flushSearchIndex(db: Db, dialect: DialectName): Promise<void> {
  if (dialect !== "sqlite") return;
  const queued = await sql`select 1 as queued from task_search_pending limit 1`.execute(db);
  if (queued.rows.length === 0) return;
  if (db.isTransaction) return reindexQueued(db);
  await withRelaxedSync(db, dialect, (connection) => connection.transaction().execute(reindexQueued));
}
