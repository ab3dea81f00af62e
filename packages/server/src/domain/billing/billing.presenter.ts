import type { Db } from "../../db/index.ts";
import type {
  AllocationsTable,
  RatesTable,
  TimesheetApprovalStatusesTable,
  TimeTrackingCategoriesTable,
} from "../../db/schema-resources.ts";
import type { Burn } from "./budget.burn.ts";

type Json = Record<string, unknown>;

async function namesOf(db: Db, table: "users" | "projects" | "workspaces", gids: (number | null)[]) {
  const wanted = [...new Set(gids.filter((gid): gid is number => gid !== null))];
  if (wanted.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom(table).select(["gid", "name"]).where("gid", "in", wanted).execute();
  return new Map(rows.map((row) => [row.gid, row.name] as const));
}

const ref = (type: string, gid: number | null, names: Map<number, string>) =>
  gid === null ? null : { gid: String(gid), resource_type: type, name: names.get(gid) ?? "" };

export function presentCategory(row: TimeTrackingCategoriesTable): Json {
  return {
    gid: String(row.gid),
    resource_type: "time_tracking_category",
    name: row.name,
    color: row.color,
    is_archived: row.is_archived === 1,
    is_billable: row.is_billable !== 0,
  };
}

export async function presentRates(db: Db, rows: RatesTable[]): Promise<Json[]> {
  const users = await namesOf(
    db,
    "users",
    rows.flatMap((row) => [row.user_gid, row.created_by_gid]),
  );
  const projects = await namesOf(
    db,
    "projects",
    rows.map((row) => row.project_gid),
  );
  const workspaces = await namesOf(
    db,
    "workspaces",
    rows.map((row) => (row.project_gid === null ? row.workspace_gid : null)),
  );
  return rows.map((row) => ({
    gid: String(row.gid),
    resource_type: "rate",
    parent:
      row.project_gid === null
        ? ref("workspace", row.workspace_gid, workspaces)
        : ref("project", row.project_gid, projects),
    resource: ref("user", row.user_gid, users),
    rate: row.rate,
    currency_code: row.currency_code,
    created_by: ref("user", row.created_by_gid, users),
  }));
}

export async function presentBudgets(db: Db, burns: Burn[]): Promise<Json[]> {
  const projects = await namesOf(
    db,
    "projects",
    burns.map((burn) => burn.budget.project_gid),
  );
  return burns.map(({ budget, units, total, actual, estimate }) => ({
    gid: String(budget.gid),
    resource_type: "budget",
    budget_type: budget.budget_type,
    estimate: {
      enabled: budget.estimate_enabled === 1,
      source: budget.estimate_enabled === 1 ? "tasks" : "none",
      billable_status_filter: budget.billable_status_filter,
      value: estimate,
      units: estimate === null ? null : units,
    },
    actual: { billable_status_filter: budget.billable_status_filter, value: actual, units },
    total: { enabled: budget.total_enabled === 1, value: total, units: total === null ? null : units },
    parent: ref("project", budget.project_gid, projects),
  }));
}

export async function presentApprovals(
  db: Db,
  rows: TimesheetApprovalStatusesTable[],
  minutes: Map<string, number>,
): Promise<Json[]> {
  const users = await namesOf(
    db,
    "users",
    rows.flatMap((row) => [row.user_gid, row.decided_by_gid]),
  );
  const workspaces = await namesOf(
    db,
    "workspaces",
    rows.map((row) => row.workspace_gid),
  );
  return rows.map((row) => ({
    gid: String(row.gid),
    resource_type: "timesheet_approval_status",
    created_at: row.created_at,
    user: ref("user", row.user_gid, users),
    workspace: ref("workspace", row.workspace_gid, workspaces),
    start_date: row.start_date,
    end_date: row.end_date,
    approval_status: row.approval_status,
    total_minutes: minutes.get(`${row.user_gid}:${row.start_date}`) ?? 0,
    decided_by: ref("user", row.decided_by_gid, users),
    message: row.message,
  }));
}

export async function presentAllocations(db: Db, rows: AllocationsTable[]): Promise<Json[]> {
  const users = await namesOf(
    db,
    "users",
    rows.flatMap((row) => [row.assignee_gid, row.created_by_gid]),
  );
  const projects = await namesOf(
    db,
    "projects",
    rows.map((row) => row.project_gid),
  );
  return rows.map((row) => ({
    gid: String(row.gid),
    resource_type: "allocation",
    resource_subtype: "project_allocation",
    start_date: row.start_date,
    end_date: row.end_date,
    effort: row.effort_type === null ? null : { type: row.effort_type, value: row.effort_value ?? 0 },
    assignee: ref("user", row.assignee_gid, users),
    created_by: ref("user", row.created_by_gid, users),
    parent: ref("project", row.project_gid, projects),
  }));
}
