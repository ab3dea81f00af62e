import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sqliteBefore } from "../../test/helpers/sqlite-before.ts";
import { migrateToLatest } from "./index.ts";

// A board card's comment count reads the index of a task's stories alone once it holds their type (0055); a
// task's feed still walks that index in order.

const COUNT = sql`select t.gid, (select count(*) from stories cs where cs.task_gid = t.gid and cs.type = 'comment') as n
  from tasks t where t.gid in (1001, 1002)`;
const FEED = sql`select gid from stories where task_gid = 1001 order by gid limit 50`;

describe("a task's stories (SQLite)", () => {
  it("are counted by type from the index after the upgrade, and listed in order as before", async () => {
    const db = await sqliteBefore("0055-stories-task-type");
    await sql`pragma foreign_keys = off`.execute(db);
    await sql`insert into tasks (gid, workspace_gid, root_gid, name, created_at, modified_at)
      values (1001, 7, 1001, 'Logo', '2026-01-01', '2026-01-01'), (1002, 7, 1002, 'Brand book', '2026-01-01', '2026-01-01')`.execute(
      db,
    );
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 30)
      insert into stories (gid, task_gid, type, resource_subtype, text, created_at)
      select 5000 + i, 1001 + i % 2, case when i % 3 = 0 then 'comment' else 'system' end,
        case when i % 3 = 0 then 'comment_added' else 'assigned' end, 'Story ' || i, '2026-01-01' from n`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
    const plan = async (statement: typeof COUNT) =>
      (await sql<{ detail: string }>`explain query plan ${statement}`.execute(db)).rows
        .map((row) => row.detail)
        .join("\n");
    const counts = async () => (await COUNT.execute(db)).rows;
    const feed = async () => (await FEED.execute(db)).rows;
    const before = { counts: await counts(), feed: await feed() };
    expect(await plan(COUNT)).toMatch(/SEARCH cs USING INDEX stories_task \(/);

    expect(await migrateToLatest(db)).toContain("0055-stories-task-type");

    expect(await plan(COUNT)).toMatch(/USING COVERING INDEX stories_task_type/);
    expect(await plan(FEED)).toMatch(/stories_task_type/);
    expect(await plan(FEED)).not.toMatch(/TEMP B-TREE/);
    expect(await counts()).toEqual(before.counts);
    expect(before.counts).toEqual([
      { gid: 1001, n: 5 },
      { gid: 1002, n: 5 },
    ]);
    expect(await feed()).toEqual(before.feed);
  });
});
