import type { Kysely } from "kysely";

// Invitations by email (the token kept only as its SHA-256) and task attachments (files stored by content hash).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("invitations")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) => col.notNull())
    .addColumn("team_gid", "bigint", (col) => col.references("teams.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.references("projects.gid").onDelete("cascade"))
    .addColumn("access_level", "text")
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("inviter_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("delivery", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("accepted_at", "text")
    .addColumn("accepted_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("invitations_workspace").on("invitations").columns(["workspace_gid", "gid"]).execute();
  await db.schema.createIndex("invitations_project").on("invitations").columns(["project_gid"]).execute();

  await db.schema
    .createTable("attachments")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("parent_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("resource_subtype", "text", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("sha256", "text")
    .addColumn("size", "bigint")
    .addColumn("content_type", "text")
    .addColumn("url", "text")
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("attachments_parent").on("attachments").columns(["parent_gid", "gid"]).execute();
  await db.schema.createIndex("attachments_sha256").on("attachments").columns(["sha256"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("attachments").execute();
  await db.schema.dropTable("invitations").execute();
}
