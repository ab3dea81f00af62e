import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sqliteBefore } from "../../test/helpers/sqlite-before.ts";
import { migrateToLatest } from "./index.ts";
import type { Database } from "./schema.ts";

// SQLite's planner takes an index without statistics for a very selective one. A database that had statistics
// before an upgrade must have them for the indexes the upgrade creates, or its plans go wrong until the next
// restart: a text search over a big workspace read and sorted every task instead of walking them newest first.

async function indexesWithoutStatistics(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from sqlite_master
    where type = 'index' and tbl_name = 'tasks' and name not like 'sqlite_autoindex_%'
      and name not in (select idx from sqlite_stat1 where idx is not null) order by name`.execute(db);
  return rows.map((row) => row.name);
}

describe("planner statistics (SQLite)", () => {
  it("cover the indexes an upgrade creates, so a workspace's newest-first walk keeps its index", async () => {
    const db = await sqliteBefore("0051-my-tasks-order");
    // A workspace of 3,000 tasks given to 10 people, analysed as the open of a running server analyses it.
    await sql`pragma foreign_keys = off`.execute(db);
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000)
      insert into tasks (gid, workspace_gid, root_gid, name, assignee_gid, created_at, modified_at)
      select 1000 + i, 7, 1000 + i, 'Task ' || i, 100 + i % 10, '2026-01-01', printf('2026-01-%02d', 1 + i % 28)
      from n`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
    await sql`pragma optimize = 0x10002`.execute(db);
    expect(await indexesWithoutStatistics(db)).toEqual([]);

    expect(await migrateToLatest(db)).toContain("0051-my-tasks-order");

    expect(await indexesWithoutStatistics(db)).toEqual([]);
    const { rows } = await sql<{ detail: string }>`explain query plan
      select gid from tasks where workspace_gid = 7 order by modified_at desc, gid desc limit 10`.execute(db);
    expect(rows.map((row) => row.detail).join("\n")).toMatch(/INDEX tasks_workspace_modified/);
    expect(rows.map((row) => row.detail).join("\n")).not.toMatch(/TEMP B-TREE/);
  });
});
