import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3";

// Threads beside the event loop, each with connections of its own to the SQLite file. A thread is a V8 isolate of
// its own (~13 MiB resident), so one thread does both jobs below and more are started only for reads.
//
// WAL checkpoints (the first thread). By default SQLite checkpoints inside whichever commit takes the WAL past
// 1,000 pages: that request copies ~4 MB into the database file and fsyncs it, on the event loop. Here the server's
// connection never checkpoints (wal_autocheckpoint = 0) and the thread looks at the WAL's length a few times a
// second (the frame count in the shared-memory index's header) and runs a PASSIVE checkpoint once it passes
// WAL_PAGES: that copies what no reader still needs, never blocks a writer, and its fsync waits on that thread. A
// longer WAL than SQLite's default 1,000 pages means a page written many times between two checkpoints (an index's
// last leaf, the search index's structure) is copied once. Durability is unchanged: every commit is still synced in
// the WAL before it is acknowledged.
//
// Reads (every thread, when `reads` is on). The server's one connection runs every statement on the event loop, so
// under load the loop is busy running SQL while the machine's other cores sit partly idle. The threads run the
// costly SELECTs (db/sqlite-driver.ts decides which) and hand back the packed JSON text (packed-rows.ts), which the
// loop turns into rows as before. WAL lets readers run beside the writer: each statement reads the last committed
// state, as a read on the server's connection outside a transaction does. The read connections are query_only.
const INTERVAL_MS = 200;
const WAL_PAGES = 4000;
// After a checkpoint has copied everything, the next writer starts the WAL from its beginning; its file is cut
// back to this size then, so a burst does not leave a large file behind.
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;
const STATEMENT_CACHE_SIZE = 500;

// The WAL index header (SQLite's wal.c, WalIndexHdr) holds mxFrame, the WAL's valid frames, at byte 16.
const WORKER = `
const fs = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
let checkpoints = null;
let timer = null;
let shm = null;
if (workerData.checkpoint) {
  checkpoints = new Database(workerData.file, { fileMustExist: true });
  checkpoints.pragma("busy_timeout = 1000");
  checkpoints.pragma("synchronous = FULL");
  // In the machine's own byte order.
  const bigEndian = require("node:os").endianness() === "BE";
  const header = Buffer.alloc(20);
  const walFrames = () => {
    try {
      shm ??= fs.openSync(workerData.file + "-shm", "r");
      fs.readSync(shm, header, 0, 20, 0);
      return bigEndian ? header.readUInt32BE(16) : header.readUInt32LE(16);
    } catch {
      return Infinity;
    }
  };
  timer = setInterval(() => {
    if (walFrames() < workerData.walPages) return;
    try {
      checkpoints.pragma("wal_checkpoint(PASSIVE)");
    } catch (error) {
      // SQLITE_BUSY and the like: the next round tries again.
      if (!/busy|locked/i.test(String(error && error.message))) throw error;
    }
  }, workerData.intervalMs);
}
let reads = null;
const statements = new Map();
if (workerData.reads) {
  reads = new Database(workerData.file, { fileMustExist: true });
  reads.pragma("busy_timeout = 5000");
  reads.pragma("query_only = 1");
  reads.pragma("cache_size = -" + workerData.cacheKib);
}
parentPort.on("message", (message) => {
  if (message === "stop") {
    if (timer !== null) clearInterval(timer);
    if (shm !== null) fs.closeSync(shm);
    if (checkpoints !== null) checkpoints.close();
    if (reads !== null) reads.close();
    parentPort.close();
    return;
  }
  const [id, sql, parameters] = message;
  try {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = reads.prepare(sql).pluck();
      if (statements.size >= ${STATEMENT_CACHE_SIZE}) statements.delete(statements.keys().next().value);
      statements.set(sql, statement);
    }
    const started = performance.now();
    const text = statement.get(parameters);
    parentPort.postMessage([id, text, performance.now() - started]);
  } catch (error) {
    parentPort.postMessage([id, null, 0, String(error && error.message), error && error.code]);
  }
});
`;

interface Call {
  resolve: (answer: { text: string; ms: number }) => void;
  reject: (error: Error) => void;
  thread: Thread;
}

interface Thread {
  worker: Worker;
  pending: number;
}

// A read a thread could not run: the message and SQLite's code as the server's connection would have thrown them.
export class ReadThreadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "SqliteError";
  }
}

export interface SqliteThreadsOptions {
  // Threads that run reads (0: one thread, for checkpoints only).
  readThreads: number;
  // Each read connection's page cache.
  cacheKib: number;
}

export class SqliteThreads {
  // Every thread started, and those taking reads.
  private readonly workers: Worker[] = [];
  private threads: Thread[] = [];
  // The first thread checkpoints until it is lost.
  private checkpointing = true;
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private closed = false;
  // Statements run on the threads (tests, benchmarks).
  reads = 0;

  constructor(
    private readonly sqlite: SQLite.Database,
    file: string,
    options: SqliteThreadsOptions,
  ) {
    const module = createRequire(import.meta.url).resolve("better-sqlite3");
    sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    sqlite.pragma("wal_autocheckpoint = 0");
    for (let index = 0; index < Math.max(1, options.readThreads); index++) {
      const worker = new Worker(WORKER, {
        eval: true,
        workerData: {
          module,
          file,
          checkpoint: index === 0,
          intervalMs: INTERVAL_MS,
          walPages: WAL_PAGES,
          reads: options.readThreads > 0,
          cacheKib: options.cacheKib,
        },
      });
      // A process that forgets to close its database must still be able to exit; a thread waited on holds it.
      worker.unref();
      const thread: Thread = { worker, pending: 0 };
      worker.on("message", ([id, text, ms, message, code]: [number, string | null, number, string?, string?]) => {
        const call = this.calls.get(id);
        if (!call) return;
        this.calls.delete(id);
        if (--thread.pending === 0) worker.unref();
        if (message === undefined) call.resolve({ text: text as string, ms });
        else call.reject(new ReadThreadError(message, code));
      });
      worker.on("error", (error) => this.lost(thread, error, index === 0));
      worker.on("exit", () => this.lost(thread, new Error("A SQLite thread stopped"), index === 0));
      this.workers.push(worker);
      if (options.readThreads > 0) this.threads.push(thread);
    }
  }

  // Whether reads can go to a thread.
  get reading(): boolean {
    return this.threads.length > 0;
  }

  get size(): number {
    return this.threads.length;
  }

  private leastBusy(): Thread | undefined {
    let least = this.threads[0];
    for (const thread of this.threads) if (thread.pending < least.pending) least = thread;
    return least;
  }

  // Reads waiting on the least busy thread.
  get queued(): number {
    return this.leastBusy()?.pending ?? 0;
  }

  // Runs a one-row, one-column SELECT (a packed statement) on the least busy thread.
  read(sql: string, parameters: readonly unknown[]): Promise<{ text: string; ms: number }> {
    const thread = this.closed ? undefined : this.leastBusy();
    if (!thread) return Promise.reject(new Error("The database is closed"));
    const id = this.nextId++;
    if (thread.pending++ === 0) thread.worker.ref();
    this.reads += 1;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject, thread });
      thread.worker.postMessage([id, sql, parameters]);
    });
  }

  // A thread that dies fails the reads it held and takes no more; should it be the one checkpointing, the
  // server's connection checkpoints by itself again, as SQLite does by default.
  private lost(thread: Thread, error: Error, checkpointing: boolean): void {
    if (this.closed) return;
    for (const [id, call] of this.calls) {
      if (call.thread !== thread) continue;
      this.calls.delete(id);
      call.reject(error);
    }
    const at = this.threads.indexOf(thread);
    if (at >= 0) this.threads.splice(at, 1);
    if (checkpointing && this.checkpointing) {
      this.checkpointing = false;
      process.emitWarning(`WAL checkpoints moved back to the server's connection: ${error.message}`);
      if (this.sqlite.open) this.sqlite.pragma("wal_autocheckpoint = 1000");
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.threads = [];
    await Promise.all(
      this.workers.map(async (worker) => {
        // Held until the thread has closed its connections (an unreferenced thread would let the process end first).
        worker.ref();
        const exited = new Promise((resolve) => worker.once("exit", resolve));
        worker.postMessage("stop");
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
        clearTimeout(timer);
        await worker.terminate();
      }),
    );
    for (const call of this.calls.values()) call.reject(new Error("The database is closed"));
    this.calls.clear();
  }
}
