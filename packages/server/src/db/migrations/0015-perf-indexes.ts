import type { Kysely } from "kysely";

// Performance at 100,000 tasks:
// - a project's sections in board order with their gid as the tie-break, so a page of the project's tasks walks
//   sections and then each section's (section_gid, order_key, task_gid) index without sorting; it supersedes
//   sections_project (project_gid, order_key), its prefix;
// - a workspace's tasks by last change (search's default order), so a search without text reads a page, not all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("sections_project_order")
    .on("sections")
    .columns(["project_gid", "order_key", "gid"])
    .execute();
  await db.schema.dropIndex("sections_project").execute();
  await db.schema
    .createIndex("tasks_workspace_modified")
    .on("tasks")
    .columns(["workspace_gid", "modified_at", "gid"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("tasks_workspace_modified").execute();
  await db.schema.createIndex("sections_project").on("sections").columns(["project_gid", "order_key"]).execute();
  await db.schema.dropIndex("sections_project_order").execute();
}
