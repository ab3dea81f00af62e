import type { Kysely } from "kysely";

// A goal's feed tells its changes (name, status, owner, team, due date, the metric's current value) beside its
// comments: goal stories get a type, a subtype, the references they name (rendered for each reader) and the
// event they were derived from. Defaulted and nullable columns only: the previous release reads its comments as
// they were.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("goal_stories")
    .addColumn("type", "text", (col) => col.notNull().defaultTo("comment"))
    .execute();
  await db.schema
    .alterTable("goal_stories")
    .addColumn("resource_subtype", "text", (col) => col.notNull().defaultTo("comment_added"))
    .execute();
  await db.schema.alterTable("goal_stories").addColumn("details", "text").execute();
  await db.schema.alterTable("goal_stories").addColumn("event_id", "bigint").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ["event_id", "details", "resource_subtype", "type"]) {
    await db.schema.alterTable("goal_stories").dropColumn(column).execute();
  }
}
