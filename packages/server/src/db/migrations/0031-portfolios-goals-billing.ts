import type { ColumnDefinitionBuilder, Kysely } from "kysely";

// Portfolios (projects and nested portfolios, with members and custom field settings), goals (time periods,
// metrics, supporting work, followers, status updates) and agency billing (time tracking categories, rates,
// project budgets, weekly timesheet approvals, allocations).
// New tables only: the previous release runs on the schema as it was.
export const kind = "expand";
export async function up(db: Kysely<unknown>): Promise<void> {
  const workspace = (col: ColumnDefinitionBuilder) => col.notNull().references("workspaces.gid").onDelete("cascade");
  await db.schema
    .createTable("portfolios")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", workspace)
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("color", "text")
    .addColumn("owner_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("public", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("archived", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("default_access_level", "text", (col) => col.notNull().defaultTo("editor"))
    .addColumn("start_on", "text")
    .addColumn("due_on", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("portfolios_workspace").on("portfolios").columns(["workspace_gid", "gid"]).execute();

  // An item is a project or a portfolio (item_type), ordered by position.
  await db.schema
    .createTable("portfolio_items")
    .addColumn("portfolio_gid", "bigint", (col) => col.notNull().references("portfolios.gid").onDelete("cascade"))
    .addColumn("item_type", "text", (col) => col.notNull())
    .addColumn("item_gid", "bigint", (col) => col.notNull())
    .addColumn("position", "double precision", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("portfolio_items_pk", ["portfolio_gid", "item_gid"])
    .execute();
  await db.schema.createIndex("portfolio_items_item").on("portfolio_items").columns(["item_gid"]).execute();

  await db.schema
    .createTable("portfolio_memberships")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("portfolio_gid", "bigint", (col) => col.notNull().references("portfolios.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("access_level", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("portfolio_memberships_unique", ["portfolio_gid", "user_gid"])
    .execute();
  await db.schema.createIndex("portfolio_memberships_user").on("portfolio_memberships").columns(["user_gid"]).execute();

  await db.schema
    .createTable("portfolio_custom_field_settings")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("portfolio_gid", "bigint", (col) => col.notNull().references("portfolios.gid").onDelete("cascade"))
    .addColumn("custom_field_gid", "bigint", (col) => col.notNull().references("custom_fields.gid").onDelete("cascade"))
    .addColumn("is_important", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("portfolio_custom_field_settings_unique", ["portfolio_gid", "custom_field_gid"])
    .execute();

  await db.schema
    .createTable("time_periods")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", workspace)
    .addColumn("period", "text", (col) => col.notNull())
    .addColumn("display_name", "text", (col) => col.notNull())
    .addColumn("start_on", "text", (col) => col.notNull())
    .addColumn("end_on", "text", (col) => col.notNull())
    .addColumn("parent_gid", "bigint")
    .addUniqueConstraint("time_periods_unique", ["workspace_gid", "period", "start_on"])
    .execute();

  await db.schema
    .createTable("goals")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", workspace)
    .addColumn("team_gid", "bigint", (col) => col.references("teams.gid").onDelete("set null"))
    .addColumn("time_period_gid", "bigint", (col) => col.references("time_periods.gid").onDelete("set null"))
    .addColumn("owner_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("notes", "text", (col) => col.notNull())
    .addColumn("html_notes", "text", (col) => col.notNull())
    .addColumn("start_on", "text")
    .addColumn("due_on", "text")
    .addColumn("status", "text")
    .addColumn("privacy_setting", "text", (col) => col.notNull())
    .addColumn("metric", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("goals_workspace").on("goals").columns(["workspace_gid", "gid"]).execute();

  await db.schema
    .createTable("goal_relationships")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("supported_goal_gid", "bigint", (col) => col.notNull().references("goals.gid").onDelete("cascade"))
    .addColumn("supporting_type", "text", (col) => col.notNull())
    .addColumn("supporting_gid", "bigint", (col) => col.notNull())
    .addColumn("contribution_weight", "double precision", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("goal_relationships_unique", ["supported_goal_gid", "supporting_gid"])
    .execute();
  await db.schema
    .createIndex("goal_relationships_supporting")
    .on("goal_relationships")
    .columns(["supporting_gid"])
    .execute();

  await db.schema
    .createTable("goal_followers")
    .addColumn("goal_gid", "bigint", (col) => col.notNull().references("goals.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addPrimaryKeyConstraint("goal_followers_pk", ["goal_gid", "user_gid"])
    .execute();

  await db.schema
    .createTable("goal_status_updates")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("goal_gid", "bigint", (col) => col.notNull().references("goals.gid").onDelete("cascade"))
    .addColumn("status_type", "text", (col) => col.notNull())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("goal_status_updates_goal")
    .on("goal_status_updates")
    .columns(["goal_gid", "gid"])
    .execute();

  await db.schema
    .createTable("time_tracking_categories")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", workspace)
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("color", "text", (col) => col.notNull())
    .addColumn("is_archived", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .alterTable("time_tracking_entries")
    .addColumn("category_gid", "bigint", (col) => col.references("time_tracking_categories.gid").onDelete("set null"))
    .execute();

  // A rate for a person on a project, for everyone on a project (no user), or a person's default (no project).
  await db.schema
    .createTable("rates")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", workspace)
    .addColumn("project_gid", "bigint", (col) => col.references("projects.gid").onDelete("cascade"))
    .addColumn("user_gid", "bigint", (col) => col.references("users.gid").onDelete("cascade"))
    .addColumn("rate", "double precision", (col) => col.notNull())
    .addColumn("currency_code", "text", (col) => col.notNull())
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("rates_workspace").on("rates").columns(["workspace_gid", "project_gid"]).execute();

  await db.schema
    .createTable("budgets")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("project_gid", "bigint", (col) => col.notNull().unique().references("projects.gid").onDelete("cascade"))
    .addColumn("budget_type", "text", (col) => col.notNull())
    .addColumn("time_total", "double precision")
    .addColumn("cost_total", "double precision")
    .addColumn("total_enabled", "integer", (col) => col.notNull())
    .addColumn("estimate_enabled", "integer", (col) => col.notNull())
    .addColumn("billable_status_filter", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("timesheet_approval_statuses")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", workspace)
    .addColumn("user_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("start_date", "text", (col) => col.notNull())
    .addColumn("end_date", "text", (col) => col.notNull())
    .addColumn("approval_status", "text", (col) => col.notNull())
    .addColumn("decided_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("message", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("modified_at", "text", (col) => col.notNull())
    .addUniqueConstraint("timesheet_approval_statuses_week", ["workspace_gid", "user_gid", "start_date"])
    .execute();

  await db.schema
    .createTable("allocations")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", workspace)
    .addColumn("project_gid", "bigint", (col) => col.notNull().references("projects.gid").onDelete("cascade"))
    .addColumn("assignee_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    .addColumn("start_date", "text", (col) => col.notNull())
    .addColumn("end_date", "text", (col) => col.notNull())
    .addColumn("effort_type", "text")
    .addColumn("effort_value", "double precision")
    .addColumn("created_by_gid", "bigint", (col) => col.references("users.gid").onDelete("set null"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("allocations_project").on("allocations").columns(["project_gid", "start_date"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("time_tracking_entries").dropColumn("category_gid").execute();
  for (const table of [
    "allocations",
    "timesheet_approval_statuses",
    "budgets",
    "rates",
    "time_tracking_categories",
    "goal_status_updates",
    "goal_followers",
    "goal_relationships",
    "goals",
    "time_periods",
    "portfolio_custom_field_settings",
    "portfolio_memberships",
    "portfolio_items",
    "portfolios",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
