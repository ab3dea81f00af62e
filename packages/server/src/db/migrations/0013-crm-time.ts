import type { Kysely } from "kysely";

// CRM lead intake (endpoints with a secret token, the leads they turned into projects, a log of every payload)
// and time tracking (entries, one running timer per person, estimates on tasks).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("crm_intakes")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("token", "text", (col) => col.notNull().unique())
    .addColumn("mappings", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("crm_intakes_workspace").on("crm_intakes").columns(["workspace_gid", "gid"]).execute();

  // One row per (intake, lead): the key that makes a replayed webhook create nothing twice.
  await db.schema
    .createTable("crm_leads")
    .addColumn("intake_gid", "bigint", (col) => col.notNull().references("crm_intakes.gid").onDelete("cascade"))
    .addColumn("lead_id", "text", (col) => col.notNull())
    .addColumn("project_gid", "bigint", (col) => col.references("projects.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("crm_leads_pk", ["intake_gid", "lead_id"])
    .execute();

  await db.schema
    .createTable("crm_intake_log")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("intake_gid", "bigint", (col) => col.notNull().references("crm_intakes.gid").onDelete("cascade"))
    .addColumn("content_type", "text", (col) => col.notNull())
    .addColumn("payload", "text", (col) => col.notNull())
    .addColumn("outcome", "text", (col) => col.notNull())
    .addColumn("message", "text", (col) => col.notNull())
    .addColumn("results", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("crm_intake_log_intake").on("crm_intake_log").columns(["intake_gid", "gid"]).execute();

  await db.schema
    .createTable("time_tracking_entries")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("created_by_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("duration_minutes", "integer", (col) => col.notNull())
    .addColumn("entered_on", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("time_tracking_entries_task")
    .on("time_tracking_entries")
    .columns(["task_gid", "gid"])
    .execute();
  await db.schema
    .createIndex("time_tracking_entries_user_day")
    .on("time_tracking_entries")
    .columns(["created_by_gid", "entered_on"])
    .execute();

  // The primary key is the person: one running timer each.
  await db.schema
    .createTable("time_tracking_timers")
    .addColumn("user_gid", "bigint", (col) => col.primaryKey().references("users.gid").onDelete("cascade"))
    .addColumn("task_gid", "bigint", (col) => col.notNull().references("tasks.gid").onDelete("cascade"))
    .addColumn("started_at", "text", (col) => col.notNull())
    .execute();

  await db.schema.alterTable("tasks").addColumn("estimated_minutes", "integer").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("tasks").dropColumn("estimated_minutes").execute();
  for (const table of ["time_tracking_timers", "time_tracking_entries", "crm_intake_log", "crm_leads", "crm_intakes"]) {
    await db.schema.dropTable(table).execute();
  }
}
