import type { Kysely } from "kysely";

// The client portal: project status updates, approval decisions, request forms, comment likes and edit
// history, inbox notifications and each person's email choice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("status_updates")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("parent_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("status_type", "text", (col) => col.notNull())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("html_text", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("status_updates_parent").on("status_updates").columns(["parent_gid", "gid"]).execute();

  await db.schema
    .createTable("task_approvals")
    .addColumn("task_gid", "bigint", (col) => col.primaryKey().references("tasks.gid").onDelete("cascade"))
    .addColumn("approval_status", "text", (col) => col.notNull())
    .addColumn("decided_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("decided_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("story_likes")
    .addColumn("story_gid", "bigint", (col) => col.notNull().references("stories.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("story_likes_pk", ["story_gid", "user_gid"])
    .execute();

  await db.schema
    .createTable("story_edits")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("story_gid", "bigint", (col) => col.notNull().references("stories.gid").onDelete("cascade"))
    .addColumn("edited_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("previous_text", "text", (col) => col.notNull())
    .addColumn("previous_html_text", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("story_edits_story").on("story_edits").columns(["story_gid", "gid"]).execute();

  await db.schema
    .createTable("forms")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("owner_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull())
    .addColumn("fields", "text", (col) => col.notNull())
    .addColumn("target_section_gid", "bigint", (col) => col.references("sections.gid").onDelete("set null"))
    .addColumn("access", "text", (col) => col.notNull())
    .addColumn("allow_attachments", "integer", (col) => col.notNull())
    .addColumn("active", "integer", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("forms_project").on("forms").columns(["project_gid", "gid"]).execute();

  await db.schema
    .createTable("inbox_notifications")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("event_id", "bigint", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("actor_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("task_gid", "bigint", (col) => col.references("tasks.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.references("projects.gid").onDelete("cascade"))
    .addColumn("story_gid", "bigint")
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("read_at", "text")
    .addColumn("archived_at", "text")
    .addColumn("emailed_at", "text")
    .addUniqueConstraint("inbox_notifications_once", ["event_id", "user_gid"])
    .execute();
  await db.schema
    .createIndex("inbox_notifications_user")
    .on("inbox_notifications")
    .columns(["user_gid", "workspace_gid", "gid"])
    .execute();

  await db.schema
    .createTable("notification_settings")
    .addColumn("user_gid", "bigint", (col) => col.primaryKey().references("users.gid").onDelete("cascade"))
    .addColumn("email_notifications", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "notification_settings",
    "inbox_notifications",
    "forms",
    "story_edits",
    "story_likes",
    "task_approvals",
    "status_updates",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
