import type { Kysely } from "kysely";

// Project and task templates, recurring tasks, rules with their run log, Asana's public job resource, and the
// idempotency marks background work writes in the same transaction as its effect.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("project_templates")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("team_gid", "bigint")
    .addColumn("owner_gid", "bigint")
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("color", "text")
    .addColumn("public", "integer", (col) => col.notNull().defaultTo(1))
    // JSON: sections, tasks (relative dates, roles, subtasks, dependencies), roles, rules.
    .addColumn("content", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("project_templates_workspace").on("project_templates").column("workspace_gid").execute();

  await db.schema
    .createTable("task_templates")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("content", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("task_templates_project").on("task_templates").column("project_gid").execute();

  await db.schema
    .createTable("section_templates")
    .addColumn("section_gid", "bigint", (col) => col.primaryKey().references("sections.gid").onDelete("cascade"))
    .addColumn("task_template_gid", "bigint", (col) =>
      col.notNull().references("task_templates.gid").onDelete("cascade"),
    )
    .execute();

  await db.schema
    .createTable("task_recurrences")
    .addColumn("task_gid", "bigint", (col) => col.primaryKey().references("tasks.gid").onDelete("cascade"))
    .addColumn("rrule", "text")
    .addColumn("after_completion_days", "integer")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  // "Done once" marks: a next occurrence per (task, occurrence), a section's default template per task.
  await db.schema
    .createTable("automation_marks")
    .addColumn("key", "text", (col) => col.primaryKey())
    .addColumn("result_gid", "bigint")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("rules")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("trigger_gid", "bigint", (col) => col.notNull().unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("enabled", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("trigger", "text", (col) => col.notNull())
    .addColumn("conditions", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("actions", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("created_by_gid", "bigint", (col) => col.notNull())
    .addColumn("paused_reason", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("rules_project").on("rules").column("project_gid").execute();

  await db.schema
    .createTable("rule_runs")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("rule_gid", "bigint", (col) => col.notNull().references("rules.gid").onDelete("cascade"))
    // What triggered the run (an event id or a web request id): one run per (rule, key).
    .addColumn("key", "text", (col) => col.notNull())
    .addColumn("task_gid", "bigint")
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("message", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("depth", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("rule_runs_rule_key", ["rule_gid", "key"])
    .execute();

  // Events written by a rule's actions, with the chain of rules that led to them (loop and depth guard).
  await db.schema
    .createTable("rule_event_origins")
    .addColumn("event_id", "bigint", (col) => col.primaryKey())
    .addColumn("chain", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("api_jobs")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("resource_subtype", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.notNull())
    .addColumn("payload", "text", (col) => col.notNull())
    .addColumn("new_project_gid", "bigint")
    .addColumn("new_task_gid", "bigint")
    .addColumn("new_project_template_gid", "bigint")
    .addColumn("error", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("finished_at", "text")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "api_jobs",
    "rule_event_origins",
    "rule_runs",
    "rules",
    "automation_marks",
    "task_recurrences",
    "section_templates",
    "task_templates",
    "project_templates",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
