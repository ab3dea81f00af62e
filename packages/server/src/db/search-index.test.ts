import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest, openDb } from "./index.ts";
import { mergeSearchIndex } from "./search-index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the search index's segments", () => {
  it("are merged a step at a time down to a few, and every row is still found", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-search-merge-"));
    dirs.push(dataDir);
    const handle = openDb({ dataDir, databaseUrl: undefined });
    await migrateToLatest(handle.db);
    // 300 commits of one row: FTS5's own merges (four of a level) leave over a dozen segments.
    for (let row = 1; row <= 300; row += 1) {
      await sql`insert into task_search (rowid, name, notes, comments) values (${row}, ${`invoice ${row}`}, '', '')`.execute(
        handle.db,
      );
    }
    const segments = async () =>
      (await sql<{ n: number }>`select count(distinct segid) as n from task_search_idx`.execute(handle.db)).rows[0]
        ?.n ?? 0;
    expect(await segments()).toBeGreaterThan(3);
    // The worker's passes: each merges a few pages while more than three segments remain.
    let now = Date.now();
    let steps = 0;
    while ((await mergeSearchIndex(handle.db, "sqlite", now)) && steps < 1000) {
      steps += 1;
      now += 100;
    }
    expect(steps).toBeGreaterThan(0);
    expect(await segments()).toBeLessThanOrEqual(3);
    const { rows } = await sql<{
      n: number;
    }>`select count(*) as n from task_search where task_search match 'invoice'`.execute(handle.db);
    expect(rows[0]?.n).toBe(300);
    // Merged enough: the next look does nothing.
    expect(await mergeSearchIndex(handle.db, "sqlite", now + 10_000)).toBe(false);
    await handle.destroy();
  });
});
