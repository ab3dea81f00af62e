import type { Kysely } from "kysely";
import { orderKeyType } from "./0001-core.ts";

// Scrum: sprints of a project, story points / sprint / backlog rank on tasks, the project's Scrum switch and a
// person's weekly capacity in a workspace. New columns are nullable or defaulted, so existing rows stay valid.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sprints")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("goal", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("start_on", "text")
    .addColumn("end_on", "text")
    .addColumn("capacity_points", "double precision")
    .addColumn("state", "text", (col) => col.notNull().defaultTo("planned"))
    .addColumn("started_at", "text")
    .addColumn("completed_at", "text")
    // Frozen at start: the scope the team committed to ({points, tasks, task_gids}).
    .addColumn("committed", "text")
    // Frozen at completion: the sprint report (completed, not completed, added, removed).
    .addColumn("report", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("sprints_project").on("sprints").columns(["project_gid", "state"]).execute();

  await db.schema.alterTable("tasks").addColumn("story_points", "double precision").execute();
  await db.schema.alterTable("tasks").addColumn("sprint_gid", "bigint").execute();
  await db.schema.alterTable("tasks").addColumn("backlog_rank", orderKeyType(db)).execute();
  await db.schema.createIndex("tasks_sprint").on("tasks").columns(["sprint_gid"]).execute();
  await db.schema
    .alterTable("projects")
    .addColumn("scrum_enabled", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("workspace_memberships").addColumn("weekly_capacity_points", "double precision").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("workspace_memberships").dropColumn("weekly_capacity_points").execute();
  await db.schema.alterTable("projects").dropColumn("scrum_enabled").execute();
  await db.schema.dropIndex("tasks_sprint").execute();
  await db.schema.alterTable("tasks").dropColumn("backlog_rank").execute();
  await db.schema.alterTable("tasks").dropColumn("sprint_gid").execute();
  await db.schema.alterTable("tasks").dropColumn("story_points").execute();
  await db.schema.dropTable("sprints").execute();
}
