import { type Kysely, PostgresAdapter, sql } from "kysely";

// Order keys must compare byte by byte on both databases: PostgreSQL gets the "C" collation for them.
export function orderKeyType(db: Kysely<unknown>) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`text collate "C"` : sql`text`;
}

// Types chosen to mean the same on SQLite and PostgreSQL: bigint ids, text times, integer flags.
export async function up(db: Kysely<unknown>): Promise<void> {
  const orderKey = orderKeyType(db);
  await db.schema
    .createTable("workspaces")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("is_organization", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("email_domains", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("email", "text", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("password_hash", "text")
    .addColumn("language", "text", (col) => col.notNull().defaultTo("en"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("workspace_memberships")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("role", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("workspace_memberships_unique", ["workspace_gid", "user_gid"])
    .execute();
  await db.schema.createIndex("workspace_memberships_user").on("workspace_memberships").columns(["user_gid"]).execute();

  await db.schema
    .createTable("teams")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("teams_workspace").on("teams").columns(["workspace_gid"]).execute();

  await db.schema
    .createTable("team_memberships")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("team_gid", "bigint", (col) => col.notNull().references("teams.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("is_admin", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("team_memberships_unique", ["team_gid", "user_gid"])
    .execute();
  await db.schema.createIndex("team_memberships_user").on("team_memberships").columns(["user_gid"]).execute();

  await db.schema
    .createTable("projects")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("team_gid", "bigint", (col) => col.references("teams.gid").onDelete("set null"))
    .addColumn("owner_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("notes", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("html_notes", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("color", "text")
    .addColumn("default_view", "text", (col) => col.notNull().defaultTo("list"))
    .addColumn("privacy_setting", "text", (col) => col.notNull().defaultTo("public_to_workspace"))
    .addColumn("archived", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("due_on", "text")
    .addColumn("start_on", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("projects_workspace").on("projects").columns(["workspace_gid"]).execute();
  await db.schema.createIndex("projects_team").on("projects").columns(["team_gid"]).execute();

  await db.schema
    .createTable("project_memberships")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("access_level", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("project_memberships_unique", ["project_gid", "user_gid"])
    .execute();
  await db.schema
    .createIndex("project_memberships_user")
    .on("project_memberships")
    .columns(["user_gid", "project_gid"])
    .execute();

  await db.schema
    .createTable("sections")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("order_key", orderKey, (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("sections_project").on("sections").columns(["project_gid", "order_key"]).execute();

  await db.schema
    .createTable("tasks")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("root_gid", "bigint", (col) => col.notNull())
    .addColumn("parent_gid", "bigint", (col) => col.references("tasks.gid").onDelete("cascade"))
    .addColumn("subtask_order_key", orderKey)
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("notes", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("html_notes", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("resource_subtype", "text", (col) => col.notNull().defaultTo("default_task"))
    .addColumn("assignee_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("due_on", "text")
    .addColumn("due_at", "text")
    .addColumn("start_on", "text")
    .addColumn("completed", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("completed_at", "text")
    .addColumn("completed_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("tasks_workspace_assignee")
    .on("tasks")
    .columns(["workspace_gid", "assignee_gid"])
    .execute();
  await db.schema.createIndex("tasks_parent").on("tasks").columns(["parent_gid", "subtask_order_key"]).execute();
  await db.schema.createIndex("tasks_root").on("tasks").columns(["root_gid"]).execute();

  await db.schema
    .createTable("task_memberships")
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("section_gid", "bigint", (col) => col.notNull().references("sections.gid").onDelete("cascade"))
    .addColumn("order_key", orderKey, (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("task_memberships_pk", ["task_gid", "project_gid"])
    .execute();
  await db.schema
    .createIndex("task_memberships_section")
    .on("task_memberships")
    .columns(["section_gid", "order_key"])
    .execute();
  await db.schema
    .createIndex("task_memberships_project")
    .on("task_memberships")
    .columns(["project_gid", "order_key"])
    .execute();

  await db.schema
    .createTable("task_followers")
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addPrimaryKeyConstraint("task_followers_pk", ["task_gid", "user_gid"])
    .execute();
  await db.schema.createIndex("task_followers_user").on("task_followers").columns(["user_gid"]).execute();

  await db.schema
    .createTable("task_dependencies")
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("depends_on_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addPrimaryKeyConstraint("task_dependencies_pk", ["task_gid", "depends_on_gid"])
    .execute();
  await db.schema
    .createIndex("task_dependencies_reverse")
    .on("task_dependencies")
    .columns(["depends_on_gid"])
    .execute();

  await db.schema
    .createTable("stories")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("type", "text", (col) => col.notNull())
    .addColumn("resource_subtype", "text", (col) => col.notNull())
    .addColumn("text", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("html_text", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("is_edited", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("event_id", "bigint")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("stories_task").on("stories").columns(["task_gid", "gid"]).execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull())
    .addColumn("actor_gid", "bigint")
    .addColumn("resource_type", "text", (col) => col.notNull())
    .addColumn("resource_gid", "bigint", (col) => col.notNull())
    .addColumn("resource_subtype", "text")
    .addColumn("parent_type", "text")
    .addColumn("parent_gid", "bigint")
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("change", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("events_resource").on("events").columns(["resource_gid", "id"]).execute();
  await db.schema.createIndex("events_parent").on("events").columns(["parent_gid", "id"]).execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "text", (col) => col.primaryKey())
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("personal_access_tokens")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("hint", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("last_used_at", "text")
    .addColumn("revoked_at", "text")
    .execute();

  await db.schema
    .createTable("user_task_lists")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addUniqueConstraint("user_task_lists_unique", ["user_gid", "workspace_gid"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "user_task_lists",
    "personal_access_tokens",
    "sessions",
    "events",
    "stories",
    "task_dependencies",
    "task_followers",
    "task_memberships",
    "tasks",
    "sections",
    "project_memberships",
    "projects",
    "team_memberships",
    "teams",
    "workspace_memberships",
    "users",
    "workspaces",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
