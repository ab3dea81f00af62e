import fs from "node:fs";
import type { Kysely } from "kysely";
import { Histogram } from "../metrics.ts";
import type { Database } from "./schema.ts";

// Durable commits without an fsync on the event loop (SQLite). With `synchronous = FULL` every COMMIT waits for
// an fsync of the WAL inside the statement, and better-sqlite3 runs statements on the event loop: each commit
// stalls every request for the disk's flush (about a millisecond here, more on a busy disk). The connection
// therefore commits with `synchronous = NORMAL` — the WAL frames are written, not flushed — and this flushes the
// WAL file on libuv's thread pool (fdatasync), once for every commit made before it started: commits that land
// while a flush runs are covered by the next one. Nothing a commit wrote is acknowledged before a flush that
// began after it has finished:
// - a unit of work's caller hears of its success, and its events reach listeners, only then (group-commit.ts);
// - every HTTP answer, whatever it read or wrote, waits for the commits made before it is sent (http/app.ts), so
//   no one is told of data a power cut could still take back;
// - a job (a webhook, an email) runs only once the commits before it are on disk (jobs/worker.ts).
// Replayable bookkeeping (consumer cursors, job claims: relaxed-sync.ts) is never waited for; its commits go to
// disk with the next flush.
// A power cut can lose only a suffix of the WAL (SQLite checks each frame's checksum on recovery), never a
// commit that was acknowledged: the durability of `synchronous = FULL`, with the flush off the event loop.

interface Waiter {
  commit: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class WalSync {
  // Commits seen on the connection, and how many of them are known to be on disk.
  private commits = 0;
  private flushedCommits = 0;
  // A statement that can write has run since the last commit was counted.
  private dirty = false;
  private flushing = false;
  // Bookkeeping holding the connection (relaxed()).
  private relaxedWork = 0;
  private fd: number | undefined;
  private failure: Error | undefined;
  private readonly waiters: Waiter[] = [];
  // For /metrics: how long each flush took.
  readonly flushSeconds = new Histogram(
    "takt_sqlite_wal_flush_seconds",
    "Time to flush the SQLite WAL to disk (fdatasync on the thread pool), per flush.",
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
  );
  // Flushes done (bench/write-cost.mjs: flushes per write).
  flushes = 0;

  // Commits counted and commits on disk (tests).
  get committed(): number {
    return this.commits;
  }

  get flushed(): number {
    return this.flushedCommits;
  }

  constructor(
    private readonly walFile: string,
    private readonly inTransaction: () => boolean,
  ) {}

  // After every statement on the connection: `wrote` when it could have written. A write outside a transaction
  // commits on its own; one inside commits with the statement that ends the transaction.
  afterStatement(wrote: boolean): void {
    if (wrote) this.dirty = true;
    if (!this.dirty || this.inTransaction()) return;
    this.dirty = false;
    // Replayable bookkeeping (relaxed-sync.ts) asks for no flush: the next counted commit's flush covers it.
    if (this.relaxedWork > 0) return;
    this.commits += 1;
    this.flush();
  }

  // Runs `work`, which holds the connection, with its commits left to the next flush (db/relaxed-sync.ts).
  async relaxed<T>(work: () => Promise<T>): Promise<T> {
    this.relaxedWork += 1;
    try {
      return await work();
    } finally {
      this.relaxedWork -= 1;
    }
  }

  // Resolves once every commit made so far is on disk; undefined when they already are (no turn of the loop).
  durable(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.flushedCommits >= this.commits) return undefined;
    return new Promise((resolve, reject) => this.waiters.push({ commit: this.commits, resolve, reject }));
  }

  private flush(): void {
    if (this.flushing || this.failure || this.flushedCommits >= this.commits) return;
    this.flushing = true;
    const upTo = this.commits;
    const started = performance.now();
    const done = (error: NodeJS.ErrnoException | null) => {
      this.flushing = false;
      // The file is made on the first write in WAL mode; none yet means nothing to flush.
      if (error && error.code !== "ENOENT") return this.fail(error);
      this.flushSeconds.observe({}, (performance.now() - started) / 1000);
      this.flushes += 1;
      this.flushedCommits = upTo;
      while (this.waiters.length > 0 && this.waiters[0].commit <= upTo) this.waiters.shift()?.resolve();
      this.flush();
    };
    if (this.fd === undefined) {
      try {
        this.fd = fs.openSync(this.walFile, "r+");
      } catch (error) {
        queueMicrotask(() => done(error as NodeJS.ErrnoException));
        return;
      }
    }
    fs.fdatasync(this.fd, done);
  }

  // A failed flush leaves the disk's state unknown (the kernel may have dropped the pages it could not write):
  // no later flush can vouch for those commits, so every wait from now on fails, as PostgreSQL stops on a
  // failed fsync rather than acknowledge what may be lost.
  private fail(error: NodeJS.ErrnoException): void {
    this.failure = new Error(
      `the database's write-ahead log could not be flushed to disk: ${error.code ?? error.message}`,
    );
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

const syncs = new WeakMap<object, WalSync>();

export function registerWalSync(db: Kysely<Database>, sync: WalSync): void {
  syncs.set(db, sync);
}

export function walSyncOf(db: Kysely<Database>): WalSync | undefined {
  return syncs.get(db);
}

// Resolves once every commit made so far on the database is on disk (at once where commits are durable when they
// return: PostgreSQL, SQLite with `synchronous = FULL`).
export function durable(db: Kysely<Database>): Promise<void> | undefined {
  return syncs.get(db)?.durable();
}
