import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "./index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("WAL checkpoints on a thread beside the event loop", () => {
  // 0: the thread only checkpoints; 1: it runs reads as well (sqlite-threads.ts).
  it.each([0, 1])(
    "copies committed pages into the database file without a write doing it, and closes cleanly (read threads: %i)",
    async (sqliteReadThreads) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-checkpoint-"));
      dirs.push(dataDir);
      const handle = openDb({ dataDir, databaseUrl: undefined, sqliteReadThreads }, { offloadMinMs: 0 });
      const file = path.join(dataDir, "takt.sqlite");
      await sql`create table filler (body blob)`.execute(handle.db);
      // 6,000 pages of 4 KiB in small commits: past the 4,000-page mark where the thread checkpoints.
      for (let batch = 0; batch < 60; batch += 1) {
        await handle.db.transaction().execute(async (trx) => {
          for (let row = 0; row < 100; row += 1) await sql`insert into filler values (randomblob(3900))`.execute(trx);
        });
      }
      // The server's own connection never checkpoints (wal_autocheckpoint = 0): the file grows only by the thread.
      const deadline = Date.now() + 60_000;
      while (fs.statSync(file).size < 16 * 1024 * 1024 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(fs.statSync(file).size).toBeGreaterThanOrEqual(16 * 1024 * 1024);
      const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(handle.db);
      expect(rows[0]?.n).toBe(6000);
      await handle.destroy();
    },
    120_000,
  );
});

describe("the SQLite page cache", () => {
  it("is the configured size, 4 MiB unless told", async () => {
    for (const [sqliteCacheMb, expected] of [
      [undefined, -4096],
      [32, -32768],
    ] as const) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-cache-"));
      dirs.push(dataDir);
      const handle = openDb({ dataDir, databaseUrl: undefined, sqliteCacheMb });
      const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(handle.db);
      expect(rows[0]?.cache_size).toBe(expected);
      await handle.destroy();
    }
  });
});
