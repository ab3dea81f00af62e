import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// SELECTs on threads of their own (SQLite). The server's one connection runs every statement on the event loop,
// so under load the loop is busy running SQL while the machine's other cores sit partly idle. Here threads with
// connections of their own run the costly reads (db/sqlite-driver.ts decides which) and hand back the packed JSON
// text (packed-rows.ts), which the loop turns into rows as before. WAL lets readers run beside the writer: each
// statement reads the last committed state, as a read on the server's connection outside a transaction does.
// The connections are query_only: they can never write.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("query_only = 1");
db.pragma("cache_size = -" + workerData.cacheKib);
const statements = new Map();
parentPort.on("message", (message) => {
  if (message === "stop") {
    db.close();
    parentPort.close();
    return;
  }
  const [id, sql, parameters] = message;
  try {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql).pluck();
      if (statements.size >= ${500}) statements.delete(statements.keys().next().value);
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

export class ReadThreads {
  private threads: Thread[] = [];
  private readonly calls = new Map<number, Call & { thread: Thread }>();
  private nextId = 1;
  private closed = false;
  // Statements run on the threads, for /metrics and the benchmarks.
  reads = 0;

  constructor(
    private readonly file: string,
    private readonly count: number,
    private readonly cacheKib: number,
  ) {}

  get size(): number {
    return this.count;
  }

  // Runs a one-row, one-column SELECT (a packed statement) on the least busy thread; started on first use.
  read(sql: string, parameters: readonly unknown[]): Promise<{ text: string; ms: number }> {
    if (this.closed) return Promise.reject(new Error("The database is closed"));
    if (this.threads.length === 0) this.start();
    let thread = this.threads[0];
    for (const other of this.threads) if (other.pending < thread.pending) thread = other;
    const id = this.nextId++;
    // A thread waited on keeps the process alive; an idle one does not.
    if (thread.pending++ === 0) thread.worker.ref();
    this.reads += 1;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject, thread });
      thread.worker.postMessage([id, sql, parameters]);
    });
  }

  private start(): void {
    const module = createRequire(import.meta.url).resolve("better-sqlite3");
    for (let index = 0; index < this.count; index++) {
      const worker = new Worker(WORKER, {
        eval: true,
        workerData: { module, file: this.file, cacheKib: this.cacheKib },
      });
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
      // A thread that dies fails the reads it held; the pool starts afresh on the next read.
      const fail = (error: Error) => {
        for (const [id, call] of this.calls) {
          if (call.thread !== thread) continue;
          this.calls.delete(id);
          call.reject(error);
        }
        const at = this.threads.indexOf(thread);
        if (at >= 0) this.threads.splice(at, 1);
      };
      worker.on("error", fail);
      worker.on("exit", () => fail(new Error("A read thread stopped")));
      this.threads.push(thread);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    await Promise.all(
      threads.map(async ({ worker }) => {
        worker.ref();
        const exited = new Promise((resolve) => worker.once("exit", resolve));
        worker.postMessage("stop");
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
        clearTimeout(timer);
        await worker.terminate();
      }),
    );
  }
}
