import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3";

// WAL checkpoints on a thread of their own. By default SQLite checkpoints inside whichever commit takes the WAL past
// 1,000 pages: that request copies ~4 MB into the database file and fsyncs it, on the event loop. Here the server's
// connection never checkpoints (wal_autocheckpoint = 0) and a worker thread with its own connection looks at the
// WAL's length a few times a second (the frame count in the shared-memory index's header) and runs a PASSIVE
// checkpoint once it passes WAL_PAGES: that copies what no reader still needs, never blocks a writer, and its fsync
// waits on that thread. A longer WAL than SQLite's default 1,000 pages means a page written many times between two
// checkpoints (an index's last leaf, the search index's structure) is copied once. Durability is unchanged: every
// commit is still synced in the WAL (synchronous = FULL) before it is acknowledged.
const INTERVAL_MS = 200;
const WAL_PAGES = 4000;
// After a checkpoint has copied everything, the next writer starts the WAL from its beginning; its file is cut
// back to this size then, so a burst does not leave a large file behind.
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

// The WAL index header (SQLite's wal.c, WalIndexHdr) holds mxFrame, the WAL's valid frames, at byte 16.
const WORKER = `
const fs = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
db.pragma("synchronous = FULL");
// In the machine's own byte order.
const bigEndian = require("node:os").endianness() === "BE";
const header = Buffer.alloc(20);
let shm = null;
function walFrames() {
  try {
    shm ??= fs.openSync(workerData.file + "-shm", "r");
    fs.readSync(shm, header, 0, 20, 0);
    return bigEndian ? header.readUInt32BE(16) : header.readUInt32LE(16);
  } catch {
    return Infinity;
  }
}
let closed = false;
const timer = setInterval(() => {
  if (walFrames() < workerData.walPages) return;
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // SQLITE_BUSY and the like: the next round tries again.
    if (!/busy|locked/i.test(String(error && error.message))) throw error;
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop" || closed) return;
  closed = true;
  clearInterval(timer);
  if (shm !== null) fs.closeSync(shm);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(sqlite: SQLite.Database, file: string): Checkpointer {
  const module = createRequire(import.meta.url).resolve("better-sqlite3");
  sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  sqlite.pragma("wal_autocheckpoint = 0");
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      module,
      file,
      intervalMs: INTERVAL_MS,
      walPages: WAL_PAGES,
    },
  });
  // A process that forgets to close its database must still be able to exit.
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  // Should the thread die, the connection checkpoints by itself again, as SQLite does by default.
  worker.on("error", (error) => {
    process.emitWarning(`WAL checkpoints moved back to the server's connection: ${error.message}`);
    if (sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
  });
  return {
    async stop() {
      if (stopped) return exited;
      stopped = true;
      // Held until the thread has closed its connection (an unreferenced thread would let the process end first).
      worker.ref();
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
