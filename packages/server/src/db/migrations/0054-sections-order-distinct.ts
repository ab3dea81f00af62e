import { type Kysely, SqliteAdapter, sql } from "kysely";

// A page of a project's tasks walks the project's sections in order and each section's tasks by its index
// (0015), so it reads one page of rows whatever the project's size. SQLite did not: it can only walk a join in
// ORDER BY order when each outer row is distinct on the order's terms, which it takes from a UNIQUE index whose
// columns are all NOT NULL — and `gid bigint primary key` allows NULL in SQLite (only INTEGER PRIMARY KEY does
// not). So it read every task of the first sections and sorted them: a page cost as much as the sections it
// started in (858 against 216 µs for a project whose first section holds 465 tasks). The sections table is
// rebuilt with `gid` NOT NULL (SQLite's documented way to change a column: a new table, the rows copied, the old
// table dropped with foreign keys off so nothing cascades), and its order index is declared UNIQUE on both
// databases (it holds the gid, so it always was). Nothing else changes: an older release runs on it as before.
export const kind = "expand";

const isSqlite = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof SqliteAdapter;

const ORDER_INDEX = "create unique index sections_project_order on sections (project_gid, order_key, gid)";

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db)) {
    await sql.raw("drop index sections_project_order").execute(db);
    await sql.raw(ORDER_INDEX).execute(db);
    return;
  }
  // Kysely runs SQLite's migrations outside a transaction, on one connection: the pragma holds for this one.
  await sql.raw("pragma foreign_keys = off").execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        sql: string;
      }>`select sql from sqlite_schema where type = 'table' and name = 'sections'`.execute(trx);
      const ddl = rows[0]?.sql ?? "";
      const rebuilt = ddl
        .replace(/^CREATE TABLE "sections"/, 'CREATE TABLE "sections_rebuilt"')
        .replace('"gid" bigint primary key', '"gid" bigint not null primary key');
      if (!rebuilt.includes('"sections_rebuilt"') || !rebuilt.includes("not null primary key")) {
        throw new Error(`unexpected definition of the sections table: ${ddl}`);
      }
      await sql.raw(rebuilt).execute(trx);
      await sql.raw("insert into sections_rebuilt select * from sections").execute(trx);
      await sql.raw("drop table sections").execute(trx);
      await sql.raw("alter table sections_rebuilt rename to sections").execute(trx);
      await sql.raw(ORDER_INDEX).execute(trx);
      // The sections' own reference to their projects, and the memberships' to the sections (the largest table
      // that names them; the others are checked the same way on every write).
      const broken = await sql`select * from pragma_foreign_key_check('sections')
        union all select * from pragma_foreign_key_check('task_memberships')`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`foreign keys broken by the rebuild: ${JSON.stringify(broken.rows)}`);
    });
  } finally {
    await sql.raw("pragma foreign_keys = on").execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The NOT NULL stays (no gid is null); the index goes back to what 0015 made.
  await sql.raw("drop index sections_project_order").execute(db);
  await sql.raw("create index sections_project_order on sections (project_gid, order_key, gid)").execute(db);
}
