import { sql } from "kysely";
import type { Db } from "../../db/index.ts";
import type { RatesTable } from "../../db/schema-resources.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";

export const DEFAULT_CURRENCY = "USD";

type Window = { limit: number; offset: number };

export function loadRate(db: Db, gid: number) {
  return db.selectFrom("rates").selectAll().where("gid", "=", gid).executeTakeFirst();
}
export function loadBudget(db: Db, gid: number) {
  return db.selectFrom("budgets").selectAll().where("gid", "=", gid).executeTakeFirst();
}
export function budgetOfProject(db: Db, projectGid: number) {
  return db.selectFrom("budgets").selectAll().where("project_gid", "=", projectGid).executeTakeFirst();
}
export function loadCategory(db: Db, gid: number) {
  return db.selectFrom("time_tracking_categories").selectAll().where("gid", "=", gid).executeTakeFirst();
}
export function loadApproval(db: Db, gid: number) {
  return db.selectFrom("timesheet_approval_statuses").selectAll().where("gid", "=", gid).executeTakeFirst();
}
export function loadAllocation(db: Db, gid: number) {
  return db.selectFrom("allocations").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function categoriesOf(db: Db, workspaceGid: number, archived: boolean | undefined, window: Window) {
  let query = db.selectFrom("time_tracking_categories").selectAll().where("workspace_gid", "=", workspaceGid);
  if (archived !== undefined) query = query.where("is_archived", "=", archived ? 1 : 0);
  return query.orderBy("name").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

// A category's entries on tasks the caller sees.
export function entriesOfCategory(db: Db, actorGid: number, categoryGid: number, window: Window) {
  return db
    .selectFrom("time_tracking_entries")
    .innerJoin("tasks", "tasks.gid", "time_tracking_entries.task_gid")
    .innerJoin("users", "users.gid", "time_tracking_entries.created_by_gid")
    .select([
      "time_tracking_entries.gid",
      "time_tracking_entries.duration_minutes",
      "time_tracking_entries.entered_on",
      "users.gid as user_gid",
      "users.name as user_name",
    ])
    .where("time_tracking_entries.category_gid", "=", categoryGid)
    .where(taskIsVisible(db, actorGid))
    .orderBy("time_tracking_entries.entered_on", "desc")
    .orderBy("time_tracking_entries.gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function ratesOf(
  db: Db,
  workspaceGid: number,
  filter: { project?: number; workspaceDefaults?: boolean; user?: number },
  window: Window,
) {
  let query = db.selectFrom("rates").selectAll().where("workspace_gid", "=", workspaceGid);
  if (filter.project !== undefined) query = query.where("project_gid", "=", filter.project);
  if (filter.workspaceDefaults) query = query.where("project_gid", "is", null);
  if (filter.user !== undefined) query = query.where("user_gid", "=", filter.user);
  return query.orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

// The rate that bills a person's hour on a project: theirs on the project, else the project's, else their default.
export async function rateBook(db: Db, workspaceGid: number, projectGids: number[]) {
  const rows: RatesTable[] = await db
    .selectFrom("rates")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where((eb) =>
      projectGids.length
        ? eb.or([eb("project_gid", "is", null), eb("project_gid", "in", projectGids)])
        : eb("project_gid", "is", null),
    )
    .execute();
  const key = (project: number | null, user: number | null) => `${project ?? "-"}:${user ?? "-"}`;
  const byKey = new Map(rows.map((row) => [key(row.project_gid, row.user_gid), row]));
  return (projectGid: number, userGid: number | null): RatesTable | undefined =>
    (userGid !== null ? byKey.get(key(projectGid, userGid)) : undefined) ??
    byKey.get(key(projectGid, null)) ??
    (userGid !== null ? byKey.get(key(null, userGid)) : undefined);
}

// Minutes logged on each project's tasks, per person (a task in two projects counts in both).
export async function minutesByProjectAndUser(db: Db, projectGids: number[], range?: { from: string; to: string }) {
  if (projectGids.length === 0) return [];
  // An entry bills when it says so, or says nothing and its category (if any) bills.
  const billable = sql<number>`case when time_tracking_entries.billable_status is not null
    then (case when time_tracking_entries.billable_status = 'billable' then 1 else 0 end)
    else coalesce(time_tracking_categories.is_billable, 1) end`;
  let query = db
    .selectFrom("time_tracking_entries")
    .innerJoin("task_memberships", "task_memberships.task_gid", "time_tracking_entries.task_gid")
    .leftJoin("time_tracking_categories", "time_tracking_categories.gid", "time_tracking_entries.category_gid")
    .select([
      "task_memberships.project_gid",
      "time_tracking_entries.created_by_gid as user_gid",
      "time_tracking_entries.entered_on",
      billable.as("billable"),
      (eb) => eb.fn.sum<number>("time_tracking_entries.duration_minutes").as("minutes"),
    ])
    .where("task_memberships.project_gid", "in", projectGids)
    // Time attributed to one of the task's projects counts there only.
    .where((eb) =>
      eb.or([
        eb("time_tracking_entries.attributable_to_gid", "is", null),
        eb("time_tracking_entries.attributable_to_gid", "=", eb.ref("task_memberships.project_gid")),
      ]),
    );
  if (range) {
    query = query
      .where("time_tracking_entries.entered_on", ">=", range.from)
      .where("time_tracking_entries.entered_on", "<=", range.to);
  }
  const rows = await query
    .groupBy([
      "task_memberships.project_gid",
      "time_tracking_entries.created_by_gid",
      "time_tracking_entries.entered_on",
      billable,
    ])
    .execute();
  return rows.map((row) => ({ ...row, minutes: Number(row.minutes), billable: Number(row.billable) === 1 }));
}

// Estimated minutes of each project's open and done tasks, per assignee.
export async function estimatesByProject(db: Db, projectGids: number[]) {
  if (projectGids.length === 0) return [];
  const rows = await db
    .selectFrom("tasks")
    .innerJoin("task_memberships", "task_memberships.task_gid", "tasks.gid")
    .select([
      "task_memberships.project_gid",
      "tasks.assignee_gid",
      (eb) => eb.fn.sum<number>("tasks.estimated_minutes").as("minutes"),
    ])
    .where("task_memberships.project_gid", "in", projectGids)
    .where("tasks.estimated_minutes", "is not", null)
    .groupBy(["task_memberships.project_gid", "tasks.assignee_gid"])
    .execute();
  return rows.map((row) => ({ ...row, minutes: Number(row.minutes) }));
}

export function approvalsOf(
  db: Db,
  workspaceGid: number,
  filter: { user?: number; from?: string; to?: string; statuses?: string[] },
  window: Window,
) {
  let query = db.selectFrom("timesheet_approval_statuses").selectAll().where("workspace_gid", "=", workspaceGid);
  if (filter.user !== undefined) query = query.where("user_gid", "=", filter.user);
  if (filter.from) query = query.where("end_date", ">=", filter.from);
  if (filter.to) query = query.where("start_date", "<=", filter.to);
  if (filter.statuses?.length) {
    query = query.where(
      "approval_status",
      "in",
      filter.statuses as ("DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED")[],
    );
  }
  return query.orderBy("start_date", "desc").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

// Minutes each person logged in each given week of the workspace (week start → user → minutes).
export async function weekMinutes(
  db: Db,
  workspaceGid: number,
  weeks: { user_gid: number; start_date: string; end_date: string }[],
) {
  const result = new Map<string, number>();
  if (weeks.length === 0) return result;
  const from = weeks.reduce((min, week) => (week.start_date < min ? week.start_date : min), weeks[0].start_date);
  const to = weeks.reduce((max, week) => (week.end_date > max ? week.end_date : max), weeks[0].end_date);
  const rows = await db
    .selectFrom("time_tracking_entries")
    .select(["created_by_gid", "entered_on", (eb) => eb.fn.sum<number>("duration_minutes").as("minutes")])
    .where("workspace_gid", "=", workspaceGid)
    .where("created_by_gid", "in", [...new Set(weeks.map((week) => week.user_gid))])
    .where("entered_on", ">=", from)
    .where("entered_on", "<=", to)
    .groupBy(["created_by_gid", "entered_on"])
    .execute();
  for (const week of weeks) {
    const minutes = rows
      .filter(
        (row) =>
          row.created_by_gid === week.user_gid && row.entered_on >= week.start_date && row.entered_on <= week.end_date,
      )
      .reduce((sum, row) => sum + Number(row.minutes), 0);
    result.set(`${week.user_gid}:${week.start_date}`, minutes);
  }
  return result;
}

// Allocations on projects the caller sees, by start date.
export function allocationsOf(
  db: Db,
  actorGid: number,
  filter: { workspace: number; project?: number; assignee?: number },
  window: Window,
) {
  let query = db
    .selectFrom("allocations")
    .selectAll()
    .where("workspace_gid", "=", filter.workspace)
    .where("project_gid", "in", visibleProjectGids(db, actorGid));
  if (filter.project !== undefined) query = query.where("project_gid", "=", filter.project);
  if (filter.assignee !== undefined) query = query.where("assignee_gid", "=", filter.assignee);
  return query.orderBy("start_date").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}
