import { sql } from "kysely";
import type { Db, DialectName } from "./index.ts";
import { walSyncOf } from "./wal-sync.ts";

// Bookkeeping whose loss in a power cut is harmless because it is replayed (event consumers' cursors and the
// jobs they enqueue, job claims and completions: consumers are idempotent per event, jobs at-least-once) need
// not wait for an fsync of its own. On SQLite it runs with `synchronous = NORMAL` on the one connection, set and
// reset around the work while that connection is held, so no API write ever commits with it: an acknowledged
// write still commits with FULL. In WAL mode a FULL commit syncs every frame before it too, so a later API
// commit also makes this bookkeeping durable, and a power cut can only lose a suffix of it (replayed).
// PostgreSQL gets the same property per transaction from `synchronous_commit = off` (relaxedCommit).
//
// Where the WAL is flushed off the event loop (wal-sync.ts) every commit already runs with NORMAL: the commits of
// this bookkeeping, made while it holds the connection, ask for no flush of their own, and no answer or job waits
// for them (the next flush, for a write that is acknowledged, takes them to disk too).
export async function withRelaxedSync<T>(db: Db, dialect: DialectName, work: (db: Db) => Promise<T>): Promise<T> {
  if (dialect !== "sqlite") return work(db);
  const sync = walSyncOf(db);
  if (sync) return db.connection().execute((connection) => sync.relaxed(() => work(connection)));
  return db.connection().execute(async (connection) => {
    await sql`pragma synchronous = normal`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`pragma synchronous = full`.execute(connection);
    }
  });
}

// Inside a PostgreSQL transaction of such bookkeeping: commit without waiting for the WAL flush. A later
// synchronous commit flushes the WAL up to its own record, this one included.
export async function relaxedCommit(trx: Db, dialect: DialectName): Promise<void> {
  if (dialect === "postgres") await sql`set local synchronous_commit = off`.execute(trx);
}
