import type { Kysely } from "kysely";

// The trash: a deleted task (with its subtasks, comments, files, fields and links) is kept here as the rows it
// was, for 30 days, so its deleter can bring it back; after that it is gone for good.
// New tables and nullable columns only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("trash_items")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("resource_type", "text", (col) => col.notNull())
    .addColumn("resource_gid", "bigint", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("project_gid", "bigint")
    .addColumn("deleted_by_gid", "bigint", (col) => col.notNull())
    .addColumn("deleted_at", "text", (col) => col.notNull())
    .addColumn("payload", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("trash_items_deleter")
    .on("trash_items")
    .columns(["workspace_gid", "deleted_by_gid", "deleted_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("trash_items").execute();
}
