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

// The index adds a segment with every batch and FTS5 merges four of a level at a time, so a grown index holds a
// couple of dozen segments, each read by every search term. The worker merges them two of a level at a time
// (usermerge = 2, migration 0049), a few pages per pass, whenever more than MERGE_ABOVE exist: searches read about
// three segments, merges stay logarithmic in the index's size, and no request waits for one. On the server's own
// connection: a second connection writing would fail the server's transactions that read before they write.
const MERGE_ABOVE = 3;
const MERGE_PAGES = 16;
// While there is nothing to merge, the segments are counted this often at most.
const MERGE_LOOK_MS = 2_000;
const merges = new WeakMap<Db, { lastLook: number; merging: boolean }>();

// One step of merging (or nothing, when the index is merged enough or was looked at recently); true while there
// is more to merge. Maintenance: it commits without an fsync of its own (a lost step is merged again).
export async function mergeSearchIndex(db: Db, dialect: DialectName, now = Date.now()): Promise<boolean> {
  if (dialect !== "sqlite") return false;
  const state = merges.get(db) ?? { lastLook: Number.NEGATIVE_INFINITY, merging: false };
  merges.set(db, state);
  if (!state.merging) {
    if (now - state.lastLook < MERGE_LOOK_MS) return false;
    state.lastLook = now;
  }
  const { rows } = await sql<{ n: number }>`select count(distinct segid) as n from task_search_idx`.execute(db);
  state.merging = (rows[0]?.n ?? 0) > MERGE_ABOVE;
  if (!state.merging) return false;
  await withRelaxedSync(db, dialect, (connection) =>
    sql`insert into task_search (task_search, rank) values ('merge', ${sql.lit(MERGE_PAGES)})`.execute(connection),
  );
  return true;
}
