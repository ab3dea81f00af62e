import type { Kysely } from "kysely";

// Asana fields and resources Takt stores since the second parity wave: a project's icon, default access level and
// completion; a task's external id and data, start time and who assigned it; project briefs; access requests.
// New tables and nullable columns only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("projects").addColumn("icon", "text").execute();
  await db.schema.alterTable("projects").addColumn("default_access_level", "text").execute();
  await db.schema
    .alterTable("projects")
    .addColumn("completed", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("projects").addColumn("completed_at", "text").execute();
  await db.schema.alterTable("projects").addColumn("completed_by_gid", "bigint").execute();
  await db.schema.alterTable("tasks").addColumn("external_gid", "text").execute();
  await db.schema.alterTable("tasks").addColumn("external_data", "text").execute();
  await db.schema.alterTable("tasks").addColumn("start_at", "text").execute();
  await db.schema.alterTable("tasks").addColumn("assigned_by_gid", "bigint").execute();
  await db.schema
    .createTable("project_briefs")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("project_gid", "bigint", (col) => col.notNull().unique().references("projects.gid").onDelete("cascade"))
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("html_text", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createTable("access_requests")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("requester_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("message", "text")
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("decided_by_gid", "bigint")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("access_requests_project")
    .on("access_requests")
    .columns(["project_gid", "status"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("access_requests").execute();
  await db.schema.dropTable("project_briefs").execute();
  for (const column of ["assigned_by_gid", "start_at", "external_data", "external_gid"]) {
    await db.schema.alterTable("tasks").dropColumn(column).execute();
  }
  for (const column of ["completed_by_gid", "completed_at", "completed", "default_access_level", "icon"]) {
    await db.schema.alterTable("projects").dropColumn(column).execute();
  }
}
