import type { Kysely } from "kysely";

// Running the company: a deactivated person keeps a row here with what they held (role, teams, projects as
// JSON), so reactivating gives it back; a project's stage is chosen by its team (projects.stage_section_gid) and
// every change of stage is kept for the client's history.
// New tables and nullable columns only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("workspace_deactivations")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull())
    .addColumn("memberships", "text", (col) => col.notNull())
    .addColumn("deactivated_by_gid", "bigint")
    .addColumn("deactivated_at", "text", (col) => col.notNull())
    .addUniqueConstraint("workspace_deactivations_unique", ["workspace_gid", "user_gid"])
    .execute();
  await db.schema.alterTable("projects").addColumn("stage_section_gid", "bigint").execute();
  await db.schema
    .createTable("project_stage_changes")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("section_gid", "bigint")
    .addColumn("section_name", "text", (col) => col.notNull())
    .addColumn("changed_by_gid", "bigint")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("project_stage_changes_project")
    .on("project_stage_changes")
    .columns(["project_gid", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("project_stage_changes").execute();
  await db.schema.alterTable("projects").dropColumn("stage_section_gid").execute();
  await db.schema.dropTable("workspace_deactivations").execute();
}
