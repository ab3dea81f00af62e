import type { Kysely } from "kysely";

// System stories keep their structured fields (assignee, old/new section, dates, …) as JSON, so clients can
// render them in their own language; comments can be pinned.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("stories").addColumn("details", "text").execute();
  await db.schema
    .alterTable("stories")
    .addColumn("is_pinned", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("stories").dropColumn("is_pinned").execute();
  await db.schema.alterTable("stories").dropColumn("details").execute();
}
