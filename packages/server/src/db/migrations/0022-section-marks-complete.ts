import type { Kysely } from "kysely";

// A section can mean "done": a task moved into it is marked complete, and moved out of it, incomplete again, so a
// board's Done column and the task's checkbox (and everything counted from it: points done, burndown) agree.
// New tables and nullable columns only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("sections")
    .addColumn("marks_complete", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("sections").dropColumn("marks_complete").execute();
}
