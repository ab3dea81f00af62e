import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { sqliteBefore } from "../../test/helpers/sqlite-before.ts";
import { migrateToLatest } from "./index.ts";

// A page of a project's tasks walks its sections in order and each section's tasks by index, reading one page
// whatever the project's size — on SQLite only once sections.gid is NOT NULL and the order index UNIQUE (0054),
// which rebuilds the sections table of a database in use.

const PAGE = sql`select tm.task_gid from sections s cross join task_memberships tm
  where tm.section_gid = s.gid and s.project_gid = 20
  order by s.order_key, s.gid, tm.order_key, tm.task_gid limit 100`;

describe("a project's page of tasks (SQLite)", () => {
  it("walks sections and their tasks in order after the upgrade, which keeps every section and membership", async () => {
    const db = await sqliteBefore("0054-sections-order-distinct");
    // Two projects of 3 sections; 600 tasks, 400 of them in the first project's first section.
    await sql`pragma foreign_keys = off`.execute(db);
    await sql`insert into projects (gid, workspace_gid, name, created_at, modified_at)
      values (20, 7, 'Client A', '2026-01-01', '2026-01-01'), (21, 7, 'Client B', '2026-01-01', '2026-01-01')`.execute(
      db,
    );
    await sql`insert into sections (gid, project_gid, name, order_key, created_at)
      values (30, 20, 'Backlog', 'a0', '2026-01-01'), (31, 20, 'In work', 'a1', '2026-01-01'),
             (32, 20, 'Done', 'a2', '2026-01-01'), (33, 21, 'Backlog', 'a0', '2026-01-01')`.execute(db);
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 600)
      insert into tasks (gid, workspace_gid, root_gid, name, created_at, modified_at)
      select 1000 + i, 7, 1000 + i, 'Task ' || i, '2026-01-01', '2026-01-01' from n`.execute(db);
    await sql`insert into task_memberships (task_gid, project_gid, section_gid, order_key, created_at)
      select gid, case when gid <= 1500 then 20 else 21 end,
        case when gid <= 1400 then 30 when gid <= 1450 then 31 when gid <= 1500 then 32 else 33 end,
        printf('k%05d', 2000 - gid), '2026-01-01' from tasks`.execute(db);
    await sql`pragma foreign_keys = on`.execute(db);
    const plan = async () =>
      (await sql<{ detail: string }>`explain query plan ${PAGE}`.execute(db)).rows.map((row) => row.detail).join("\n");
    const page = async () => (await PAGE.execute(db)).rows;
    const before = await page();
    // Before: the first section's 400 tasks are read and sorted for a page of 100.
    expect(await plan()).toMatch(/TEMP B-TREE/);

    expect(await migrateToLatest(db)).toContain("0054-sections-order-distinct");

    expect(await plan()).not.toMatch(/TEMP B-TREE/);
    expect(await page()).toEqual(before);
    const count = async (table: "sections" | "task_memberships") =>
      Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
    expect(await count("sections")).toBe(4);
    expect(await count("task_memberships")).toBe(600);
    // The references still hold both ways: a project's sections go with it, and a section's memberships with it.
    await sql`delete from sections where gid = 32`.execute(db);
    expect(await count("task_memberships")).toBe(550);
    await sql`delete from projects where gid = 21`.execute(db);
    expect(await count("sections")).toBe(2);
    await expect(
      sql`insert into sections (gid, project_gid, name, order_key, created_at) values (null, 20, 'X', 'a9', '2026-01-01')`.execute(
        db,
      ),
    ).rejects.toThrow(/NOT NULL/);
  });
});
