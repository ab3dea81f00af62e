import { type Kysely, sql } from "kysely";
import { newGid } from "../../ids.ts";

// Comments on goals (Asana's goal stories), custom field settings on goals, graph and resource exports (files a
// job writes), a project's portfolio settings (a gid and is_access_control_inherited on each project item of a
// portfolio, backfilled here) and the new targets of API jobs (a duplicated portfolio, an export).
// New tables, nullable or defaulted columns only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("goal_stories")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("goal_gid", "bigint", (col) => col.notNull().references("goals.gid").onDelete("cascade"))
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("html_text", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("goal_stories_goal").on("goal_stories").columns(["goal_gid", "created_at"]).execute();

  await db.schema
    .createTable("goal_custom_field_settings")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("goal_gid", "bigint", (col) => col.notNull().references("goals.gid").onDelete("cascade"))
    .addColumn("custom_field_gid", "bigint", (col) => col.notNull().references("custom_fields.gid").onDelete("cascade"))
    .addColumn("is_important", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("position", "double precision", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("goal_custom_field_settings_unique", ["goal_gid", "custom_field_gid"])
    .execute();

  await db.schema
    .createTable("api_exports")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("request", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("file", "text")
    .addColumn("error", "text")
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("cascade"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("completed_at", "text")
    .execute();
  await db.schema.createIndex("api_exports_workspace").on("api_exports").columns(["workspace_gid", "status"]).execute();

  await db.schema.alterTable("api_jobs").addColumn("new_portfolio_gid", "bigint").execute();
  await db.schema.alterTable("api_jobs").addColumn("new_export_gid", "bigint").execute();

  await db.schema.alterTable("portfolio_items").addColumn("setting_gid", "bigint").execute();
  await db.schema
    .alterTable("portfolio_items")
    .addColumn("is_access_control_inherited", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  const items = await sql<{ portfolio_gid: number; item_gid: number }>`
    select portfolio_gid, item_gid from portfolio_items where item_type = 'project'`.execute(db);
  for (const item of items.rows) {
    await sql`update portfolio_items set setting_gid = ${newGid()}
      where portfolio_gid = ${item.portfolio_gid} and item_gid = ${item.item_gid}`.execute(db);
  }
  await db.schema.createIndex("portfolio_items_setting").on("portfolio_items").columns(["setting_gid"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("portfolio_items_setting").execute();
  await db.schema.alterTable("portfolio_items").dropColumn("is_access_control_inherited").execute();
  await db.schema.alterTable("portfolio_items").dropColumn("setting_gid").execute();
  await db.schema.alterTable("api_jobs").dropColumn("new_export_gid").execute();
  await db.schema.alterTable("api_jobs").dropColumn("new_portfolio_gid").execute();
  await db.schema.dropTable("api_exports").execute();
  await db.schema.dropTable("goal_custom_field_settings").execute();
  await db.schema.dropTable("goal_stories").execute();
}
