import { AsyncResource } from "node:async_hooks";
import type { ControlledTransaction, Kysely, Transaction } from "kysely";
import { Histogram } from "../metrics.ts";
import { afterWaitingStarted } from "../turns.ts";
import type { Database } from "./schema.ts";
import type { WalSync } from "./wal-sync.ts";

// Group commit (SQLite): the one connection runs one transaction at a time and every COMMIT needs a flush of the
// WAL to disk before it may be acknowledged. Units of work queue here instead of each opening its own transaction,
// and a transaction runs as many of them as are queued — each in a SAVEPOINT of its own, so a refused unit is undone
// alone — and commits them with one COMMIT and one flush. A unit's caller hears of its success only after that
// COMMIT is on disk (the flush runs off the event loop, wal-sync.ts), and its events and after-commit effects run
// only then, in order. better-sqlite3 runs statements synchronously, so a request runs from its socket to its
// answer in one turn of the event loop and no other request could ever queue behind it: a transaction starts one
// turn after its first unit arrives (no timer), which lets the requests that have already arrived reach their unit
// of work and join. A unit alone runs as a plain transaction would.
//
// The first unit of a transaction runs without a savepoint (if it fails, the transaction rolls back: nothing else
// is in it yet). Further units join only once the transaction has written, so it holds SQLite's write lock: their
// own writes can never meet SQLITE_BUSY from another process (a transaction that has only read commits at once,
// cheaply, and the next unit starts a fresh one, as it would have without grouping).

// A transaction takes no more units than this, nor new ones after it has run this long: reads outside units of
// work wait for the connection while it runs, and a unit's answer waits for every unit before its COMMIT.
export const GROUP_MAX_UNITS = 32;
export const GROUP_MAX_MS = 8;

interface Unit {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  // After the COMMIT, before the caller hears of it: the unit's events and effects (may throw: the caller's error).
  committed: () => void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  // Units per COMMIT, for /metrics (a batch is a COMMIT holding more than one).
  readonly unitsPerCommit = new Histogram(
    "takt_sqlite_commit_units",
    "Units of work (requests' writes) committed together by one SQLite COMMIT (group commit).",
    [1, 2, 4, 8, 16, 32],
  );
  largest = 0;
  // COMMITs of group transactions, and the units they carried (bench/write-cost.mjs reads units per COMMIT).
  commits = 0;
  committedUnits = 0;
  private readonly queue: Unit[] = [];
  private draining = false;

  // `totalChanges`: rows written on the connection since it opened (SQLite's total_changes()).
  // `walSync`: the connection's WAL flusher, whose flush a COMMIT waits for before its units hear of it.
  constructor(
    private readonly db: Kysely<Database>,
    private readonly totalChanges: () => number,
    private readonly walSync: WalSync,
  ) {}

  // Runs `work` in a transaction shared with the other units queued with it; resolves once it has committed.
  run<T>(work: (trx: Transaction<Database>) => Promise<T>, committed: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Each unit runs in its caller's async context (its request's log fields and statement count), not in
      // the context of whichever caller happened to start the transaction: one resource, entered when the unit
      // runs (AsyncResource.bind would also define deprecated accessors on each function it binds).
      const context = new AsyncResource("takt.unit");
      this.queue.push({
        work: (trx) => context.runInAsyncScope(work, null, trx),
        committed: () => context.runInAsyncScope(committed),
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      // Requests that have already arrived reach their unit of work in this turn of the event loop, or, when
      // requests start one per turn (turns.ts), in the turns of those waiting to start (no timer: on an idle server
      // it comes round at once), and queue to join this transaction. Nothing is locked meanwhile: their reads, and
      // every other connection to the file, go on as usual.
      await afterWaitingStarted();
      while (this.queue.length > 0) {
        // While the previous COMMIT is being flushed, units queue for the next transaction (more of them share its
        // COMMIT and flush, as they would behind an fsync on the loop) and the loop answers reads meanwhile.
        await this.walSync.durable()?.catch(() => {});
        await this.transaction();
      }
    } catch (error) {
      // Not a unit's failure (those are answered in transaction()): the database itself is gone, say. No unit
      // may wait forever for an answer.
      for (const unit of this.queue.splice(0)) unit.reject(error);
    } finally {
      this.draining = false;
    }
  }

  // One transaction: the queued units, up to the bounds, then one COMMIT.
  private async transaction(): Promise<void> {
    let trx: ControlledTransaction<Database>;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      // As a transaction of its own would have: the unit waiting longest hears why it could not start.
      this.queue.shift()?.reject(error);
      return;
    }
    const started = performance.now();
    const changesAtStart = this.totalChanges();
    const done: { unit: Unit; value: unknown }[] = [];
    const savepoints = trx as unknown as ControlledTransaction<Database, ["unit"]>;
    let taken = 0;
    for (;;) {
      if (taken > 0) {
        if (taken >= GROUP_MAX_UNITS || performance.now() - started >= GROUP_MAX_MS) break;
        // Nothing written yet: no write lock is held, so a further unit's writes could meet another process's
        // commit (SQLITE_BUSY). Commit what has only read now (no fsync) and start afresh.
        if (this.totalChanges() === changesAtStart) break;
      }
      const unit = this.queue.shift();
      if (!unit) break;
      taken += 1;
      if (done.length === 0) {
        try {
          done.push({ unit, value: await unit.work(trx) });
        } catch (error) {
          await rollback(trx);
          unit.reject(error);
          return;
        }
        continue;
      }
      try {
        await savepoints.savepoint("unit").execute();
      } catch (error) {
        return this.fail(trx, done, error, unit, error);
      }
      let value: unknown;
      try {
        value = await unit.work(trx);
      } catch (error) {
        try {
          await savepoints.rollbackToSavepoint("unit").execute();
          await savepoints.releaseSavepoint("unit").execute();
        } catch (undoError) {
          return this.fail(trx, done, undoError, unit, error);
        }
        unit.reject(error);
        continue;
      }
      try {
        await savepoints.releaseSavepoint("unit").execute();
      } catch (error) {
        return this.fail(trx, done, error, unit, error);
      }
      done.push({ unit, value });
    }
    try {
      await trx.commit().execute();
    } catch (error) {
      return this.fail(trx, done, error);
    }
    this.unitsPerCommit.observe({}, done.length);
    this.commits += 1;
    this.committedUnits += done.length;
    this.largest = Math.max(this.largest, done.length);
    // The units hear of their COMMIT once it is on disk (wal-sync.ts); meanwhile the next transaction may run.
    const flushed = this.walSync.durable();
    if (!flushed) return settle(done);
    flushed.then(
      () => settle(done),
      (error) => {
        for (const { unit } of done) unit.reject(error);
      },
    );
  }

  // The transaction cannot go on (a COMMIT or savepoint statement failed): nothing of it is written, and every
  // unit in it still waiting hears the error; `current`, the unit that was running, hears its own.
  private async fail(
    trx: ControlledTransaction<Database>,
    done: { unit: Unit }[],
    error: unknown,
    current?: Unit,
    currentError?: unknown,
  ): Promise<void> {
    await rollback(trx);
    for (const { unit } of done) unit.reject(error);
    current?.reject(currentError);
  }
}

// After the COMMIT (and its flush): each unit's events and effects, then its caller's answer, in order.
function settle(done: { unit: Unit; value: unknown }[]): void {
  for (const { unit, value } of done) {
    try {
      unit.committed();
    } catch (error) {
      unit.reject(error);
      continue;
    }
    unit.resolve(value);
  }
}

// Rolls back and frees the connection; a rollback that fails (the transaction is already gone) frees it too.
async function rollback(trx: ControlledTransaction<Database>): Promise<void> {
  if (trx.isCommitted || trx.isRolledBack) return;
  try {
    await trx.rollback().execute();
  } catch {
    // The connection is released either way (Kysely), and SQLite has ended the transaction.
  }
}

const groups = new WeakMap<object, GroupCommit>();

export function enableGroupCommit(db: Kysely<Database>, totalChanges: () => number, walSync: WalSync): GroupCommit {
  const group = new GroupCommit(db, totalChanges, walSync);
  groups.set(db, group);
  return group;
}

// The database's group commit, if it has one (SQLite with TAKT_SQLITE_GROUP_COMMIT on); never for a transaction.
export function groupCommitOf(db: Kysely<Database>): GroupCommit | undefined {
  return groups.get(db);
}
