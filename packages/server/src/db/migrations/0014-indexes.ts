import type { Kysely } from "kysely";

// Performance: a section's tasks in board order straight from an index, ties broken by task gid, so a page of
// a board column or of a project list reads only its own rows instead of sorting the whole section. It
// supersedes task_memberships_section (section_gid, order_key), its prefix.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("task_memberships_section_order")
    .on("task_memberships")
    .columns(["section_gid", "order_key", "task_gid"])
    .execute();
  await db.schema.dropIndex("task_memberships_section").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("task_memberships_section")
    .on("task_memberships")
    .columns(["section_gid", "order_key"])
    .execute();
  await db.schema.dropIndex("task_memberships_section_order").execute();
}
