import type { Flag } from "./schema.ts";

// Tables of portfolios, goals and agency billing (migration 0031).

export type PortfolioAccessLevel = "admin" | "editor" | "viewer";

export interface PortfoliosTable {
  gid: number;
  workspace_gid: number;
  name: string;
  color: string | null;
  owner_gid: number | null;
  created_by_gid: number | null;
  public: Flag;
  archived: Flag;
  default_access_level: PortfolioAccessLevel;
  start_on: string | null;
  due_on: string | null;
  created_at: string;
  modified_at: string;
}

export interface PortfolioItemsTable {
  portfolio_gid: number;
  item_type: "project" | "portfolio";
  item_gid: number;
  position: number;
  created_at: string;
  // 0044: a project item is Asana's project_portfolio_setting (null on a portfolio item).
  setting_gid?: number | null;
  is_access_control_inherited?: Flag;
}

export interface PortfolioMembershipsTable {
  gid: number;
  portfolio_gid: number;
  user_gid: number;
  access_level: PortfolioAccessLevel;
  created_at: string;
}

export interface PortfolioCustomFieldSettingsTable {
  gid: number;
  portfolio_gid: number;
  custom_field_gid: number;
  is_important: Flag;
  created_at: string;
}

export interface TimePeriodsTable {
  gid: number;
  workspace_gid: number;
  period: "FY" | "H1" | "H2" | "Q1" | "Q2" | "Q3" | "Q4";
  display_name: string;
  start_on: string;
  end_on: string;
  parent_gid: number | null;
}

export interface GoalsTable {
  gid: number;
  workspace_gid: number;
  team_gid: number | null;
  time_period_gid: number | null;
  owner_gid: number | null;
  created_by_gid: number | null;
  name: string;
  notes: string;
  html_notes: string;
  start_on: string | null;
  due_on: string | null;
  status: string | null;
  privacy_setting: "public_to_workspace" | "members_only";
  // JSON of the goal's metric (GoalMetric without gid), null when the goal has none.
  metric: string | null;
  created_at: string;
  modified_at: string;
}

export interface GoalRelationshipsTable {
  gid: number;
  supported_goal_gid: number;
  supporting_type: "project" | "goal" | "portfolio";
  supporting_gid: number;
  contribution_weight: number;
  created_at: string;
}

export interface GoalFollowersTable {
  goal_gid: number;
  user_gid: number;
}

export interface GoalStatusUpdatesTable {
  gid: number;
  goal_gid: number;
  status_type: string;
  title: string;
  text: string;
  created_by_gid: number | null;
  created_at: string;
}

export interface TimeTrackingCategoriesTable {
  gid: number;
  workspace_gid: number;
  name: string;
  color: string;
  is_archived: Flag;
  created_at: string;
  // 0045 (Takt): time in a non-billable category stays out of billed amounts.
  is_billable?: Flag;
}

export interface RatesTable {
  gid: number;
  workspace_gid: number;
  project_gid: number | null;
  user_gid: number | null;
  rate: number;
  currency_code: string;
  created_by_gid: number | null;
  created_at: string;
}

export interface BudgetsTable {
  gid: number;
  project_gid: number;
  budget_type: "time" | "cost";
  // Kept per type, so switching the type keeps each total (minutes for time, money for cost).
  time_total: number | null;
  cost_total: number | null;
  total_enabled: Flag;
  estimate_enabled: Flag;
  billable_status_filter: "billable" | "non_billable" | "any";
  created_at: string;
}

export type TimesheetApprovalState = "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED";

export interface TimesheetApprovalStatusesTable {
  gid: number;
  workspace_gid: number;
  user_gid: number;
  start_date: string;
  end_date: string;
  approval_status: TimesheetApprovalState;
  decided_by_gid: number | null;
  message: string | null;
  created_at: string;
  modified_at: string;
}

export interface AllocationsTable {
  gid: number;
  workspace_gid: number;
  project_gid: number;
  assignee_gid: number;
  start_date: string;
  end_date: string;
  effort_type: "hours" | "percent" | null;
  effort_value: number | null;
  created_by_gid: number | null;
  created_at: string;
}

export interface GoalStoriesTable {
  gid: number;
  goal_gid: number;
  created_by_gid: number | null;
  text: string;
  html_text: string;
  created_at: string;
  // 0050: a system story told from the goal's events (a comment otherwise), with the references it names.
  type?: "comment" | "system";
  resource_subtype?: string;
  details?: string | null;
  event_id?: number | null;
}

export interface GoalCustomFieldSettingsTable {
  gid: number;
  goal_gid: number;
  custom_field_gid: number;
  is_important: Flag;
  position: number;
  created_at: string;
}

// A graph export (from a goal, team, portfolio or project, as its creator sees it) or a resource export (a
// workspace's tasks, teams or messages, for its admins); the job writes a gzip file.
export interface ApiExportsTable {
  gid: number;
  workspace_gid: number;
  kind: "graph" | "resource";
  request: string;
  status: "not_started" | "in_progress" | "succeeded" | "failed";
  file: string | null;
  error: string | null;
  created_by_gid: number | null;
  created_at: string;
  completed_at: string | null;
}

export interface ResourceTables {
  goal_stories: GoalStoriesTable;
  goal_custom_field_settings: GoalCustomFieldSettingsTable;
  api_exports: ApiExportsTable;
  portfolios: PortfoliosTable;
  portfolio_items: PortfolioItemsTable;
  portfolio_memberships: PortfolioMembershipsTable;
  portfolio_custom_field_settings: PortfolioCustomFieldSettingsTable;
  time_periods: TimePeriodsTable;
  goals: GoalsTable;
  goal_relationships: GoalRelationshipsTable;
  goal_followers: GoalFollowersTable;
  goal_status_updates: GoalStatusUpdatesTable;
  time_tracking_categories: TimeTrackingCategoriesTable;
  rates: RatesTable;
  budgets: BudgetsTable;
  timesheet_approval_statuses: TimesheetApprovalStatusesTable;
  allocations: AllocationsTable;
}
