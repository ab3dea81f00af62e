import type { Db } from "../../db/index.ts";
import type { BudgetsTable, TimesheetApprovalState } from "../../db/schema-resources.ts";
import { badRequest, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizeProject } from "../projects/project.policy.ts";
import { findProject } from "../projects/project.queries.ts";
import { findWorkspaceMember } from "../teams/team.queries.ts";
import { requireFullMember, requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import {
  deleteCategory,
  deleteRow,
  insertAllocation,
  insertApproval,
  insertBudget,
  insertCategory,
  insertRate,
  updateAllocation,
  updateApproval,
  updateBudget,
  updateCategory,
  updateRate,
} from "./billing.commands.ts";
import { addDays, mondayOf } from "./billing.dates.ts";
import {
  authorizeAllocation,
  authorizeBudget,
  authorizeTimesheetChange,
  authorizeTimesheetRead,
  requireBillingAdmin,
} from "./billing.policy.ts";
import {
  allocationsOf,
  approvalsOf,
  budgetOfProject,
  categoriesOf,
  DEFAULT_CURRENCY,
  entriesOfCategory,
  loadAllocation,
  loadApproval,
  loadBudget,
  loadCategory,
  loadRate,
  ratesOf,
  weekMinutes,
} from "./billing.queries.ts";
import { billingReport } from "./billing.report.ts";
import { budgetBurns } from "./budget.burn.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

async function memberOf(db: Db, actor: Actor, workspaceGid: number, ref: string, field: string, fullOnly = true) {
  const user = await findWorkspaceMember(db, workspaceGid, actor.gid, ref);
  if (!user) throw badRequest(`${field}: no member of this workspace matches ${ref}`);
  if (fullOnly && user.role === "guest") throw badRequest(`${field}: ${ref} is a guest; billing is for the team`);
  return user.gid;
}

// — Time tracking categories: full members read them (to pick one); workspace admins keep the list.
export async function listCategories(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  archived: string | undefined,
  window: Window,
) {
  await requireFullMember(db, actor, workspaceGid);
  const flag = archived === undefined ? undefined : /^(true|1)$/i.test(archived);
  return categoriesOf(db, workspaceGid, flag, window);
}

async function visibleCategory(db: Db, actor: Actor, gid: number) {
  const category = await loadCategory(db, gid);
  if (!category) throw notFound("time_tracking_category");
  const role = await requireWorkspaceRole(db, actor, category.workspace_gid).catch(() => null);
  if (role !== "admin" && role !== "member") throw notFound("time_tracking_category");
  return category;
}

export const readCategory = visibleCategory;

export async function listCategoryEntries(db: Db, actor: Actor, gid: number, window: Window) {
  const category = await visibleCategory(db, actor, gid);
  return entriesOfCategory(db, actor.gid, category.gid, window);
}

export function createCategoryUseCase(
  ctx: ActorCtx,
  input: { workspace: string; name: string; color?: string; is_billable?: boolean },
) {
  return unitOfWork(ctx, async (uow) => {
    const workspaceGid = Number(input.workspace);
    await requireBillingAdmin(uow.db, uow.actor, workspaceGid);
    return insertCategory(uow, {
      workspace_gid: workspaceGid,
      name: input.name,
      color: input.color ?? "none",
      is_archived: 0,
      is_billable: input.is_billable === false ? 0 : 1,
    });
  });
}

export function updateCategoryUseCase(
  ctx: ActorCtx,
  gid: number,
  input: { name?: string; color?: string; is_archived?: boolean; is_billable?: boolean },
) {
  return unitOfWork(ctx, async (uow) => {
    const category = await visibleCategory(uow.db, uow.actor, gid);
    await requireBillingAdmin(uow.db, uow.actor, category.workspace_gid);
    return updateCategory(uow, {
      ...category,
      name: input.name ?? category.name,
      color: input.color ?? category.color,
      is_archived: input.is_archived === undefined ? category.is_archived : input.is_archived ? 1 : 0,
      is_billable: input.is_billable === undefined ? category.is_billable : input.is_billable ? 1 : 0,
    });
  });
}

export function deleteCategoryUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const category = await visibleCategory(uow.db, uow.actor, gid);
    await requireBillingAdmin(uow.db, uow.actor, category.workspace_gid);
    await deleteCategory(uow, category.gid);
  });
}

// — Rates: workspace admins (who bill) read and set them.
async function rateParent(db: Db, actor: Actor, parentGid: number) {
  const project = await findProject(db, parentGid);
  if (project) {
    await authorizeProject(db, actor, project, "read");
    await requireBillingAdmin(db, actor, project.workspace_gid);
    return { workspace: project.workspace_gid, project: project.gid as number | null };
  }
  const workspace = await db.selectFrom("workspaces").select("gid").where("gid", "=", parentGid).executeTakeFirst();
  if (!workspace) throw notFound("parent");
  await requireBillingAdmin(db, actor, workspace.gid);
  return { workspace: workspace.gid, project: null };
}

export async function listRates(
  db: Db,
  actor: Actor,
  query: { parent?: string; resource?: string; workspace?: string },
  window: Window,
) {
  const parentRaw = query.parent ?? query.workspace;
  if (!parentRaw) throw badRequest("parent: Missing input");
  const parent = await rateParent(db, actor, Number(parentRaw));
  return ratesOf(
    db,
    parent.workspace,
    {
      project: parent.project ?? undefined,
      workspaceDefaults: query.parent !== undefined && parent.project === null,
      user: query.resource === undefined ? undefined : Number(query.resource),
    },
    window,
  );
}

async function visibleRate(db: Db, actor: Actor, gid: number) {
  const rate = await loadRate(db, gid);
  if (!rate) throw notFound("rate");
  const role = await requireWorkspaceRole(db, actor, rate.workspace_gid).catch(() => null);
  if (!role || role === "guest") throw notFound("rate");
  await requireBillingAdmin(db, actor, rate.workspace_gid);
  return rate;
}

export const readRate = visibleRate;

export function createRateUseCase(
  ctx: ActorCtx,
  input: { parent: string; resource?: string | null; rate: number; currency_code?: string },
) {
  return unitOfWork(ctx, async (uow) => {
    const parent = await rateParent(uow.db, uow.actor, Number(input.parent));
    const userGid =
      input.resource === undefined || input.resource === null
        ? null
        : await memberOf(uow.db, uow.actor, parent.workspace, input.resource, "resource");
    if (parent.project === null && userGid === null) {
      throw badRequest("resource: a rate on a workspace is a person's default; name the person");
    }
    let duplicate = uow.db
      .selectFrom("rates")
      .select("gid")
      .where("workspace_gid", "=", parent.workspace)
      .where("project_gid", parent.project === null ? "is" : "=", parent.project)
      .where("user_gid", userGid === null ? "is" : "=", userGid);
    duplicate = duplicate.limit(1);
    if (await duplicate.executeTakeFirst())
      throw badRequest("resource: a rate for this person and parent exists; update it");
    return insertRate(uow, {
      workspace_gid: parent.workspace,
      project_gid: parent.project,
      user_gid: userGid,
      rate: input.rate,
      currency_code: input.currency_code ?? DEFAULT_CURRENCY,
      created_by_gid: uow.actor.gid,
    });
  });
}

export function updateRateUseCase(ctx: ActorCtx, gid: number, input: { rate?: number; currency_code?: string }) {
  return unitOfWork(ctx, async (uow) => {
    const rate = await visibleRate(uow.db, uow.actor, gid);
    return updateRate(uow, {
      ...rate,
      rate: input.rate ?? rate.rate,
      currency_code: input.currency_code ?? rate.currency_code,
    });
  });
}

export function deleteRateUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const rate = await visibleRate(uow.db, uow.actor, gid);
    await deleteRow(uow, "rates", rate.gid);
  });
}

// — Budgets: one per project; its editors read it with its burn, its admins set it.
interface BudgetInput {
  budget_type?: "time" | "cost";
  total?: { enabled?: boolean; value?: number | null };
  estimate?: { enabled?: boolean; source?: string; billable_status_filter?: "billable" | "non_billable" | "any" };
  actual?: { billable_status_filter?: "billable" | "non_billable" | "any" };
}

export async function presentableBurns(db: Db, budgets: BudgetsTable[]) {
  if (budgets.length === 0) return [];
  const project = await findProject(db, budgets[0].project_gid);
  const burns = await budgetBurns(db, project!.workspace_gid, budgets);
  return budgets.map((budget) => burns.get(budget.project_gid)!);
}

export async function listBudgets(db: Db, actor: Actor, parentGid: number) {
  const project = await findProject(db, parentGid);
  await authorizeBudget(db, actor, project, "read");
  const budget = await budgetOfProject(db, parentGid);
  return budget ? [budget] : [];
}

async function visibleBudget(db: Db, actor: Actor, gid: number, action: "read" | "manage") {
  const budget = await loadBudget(db, gid);
  if (!budget) throw notFound("budget");
  const project = await findProject(db, budget.project_gid);
  await authorizeBudget(db, actor, project, action).catch((error) => {
    throw error.status === 404 ? notFound("budget") : error;
  });
  return budget;
}

export const readBudget = (db: Db, actor: Actor, gid: number) => visibleBudget(db, actor, gid, "read");

function applyBudget(budget: BudgetsTable, input: BudgetInput): BudgetsTable {
  const type = input.budget_type ?? budget.budget_type;
  const next = { ...budget, budget_type: type };
  if (input.total?.value !== undefined) {
    if (type === "time") next.time_total = input.total.value;
    else next.cost_total = input.total.value;
  }
  if (input.total?.enabled !== undefined) next.total_enabled = input.total.enabled ? 1 : 0;
  if (input.estimate?.enabled !== undefined) next.estimate_enabled = input.estimate.enabled ? 1 : 0;
  if (input.estimate?.source === "none" && input.estimate.enabled === true) {
    throw badRequest("estimate.source: must not be none when the estimate is enabled");
  }
  if (input.estimate?.source === "capacity_plans") {
    throw badRequest("estimate.source: Takt estimates from tasks; capacity plans are not supported");
  }
  if (input.estimate?.source === "none") next.estimate_enabled = 0;
  const filter = input.actual?.billable_status_filter ?? input.estimate?.billable_status_filter;
  if (filter) next.billable_status_filter = filter;
  return next;
}

export function createBudgetUseCase(ctx: ActorCtx, input: BudgetInput & { parent: string }) {
  return unitOfWork(ctx, async (uow) => {
    const project = await findProject(uow.db, Number(input.parent));
    await authorizeBudget(uow.db, uow.actor, project, "manage");
    if (await budgetOfProject(uow.db, project!.gid)) throw badRequest("parent: this project has a budget; update it");
    const blank: BudgetsTable = {
      gid: 0,
      project_gid: project!.gid,
      budget_type: input.budget_type ?? "time",
      time_total: null,
      cost_total: null,
      total_enabled: 1,
      estimate_enabled: 1,
      billable_status_filter: "billable",
      created_at: "",
    };
    const { gid: _gid, created_at: _created, ...row } = applyBudget(blank, input);
    return insertBudget(uow, row);
  });
}

export function updateBudgetUseCase(ctx: ActorCtx, gid: number, input: BudgetInput) {
  return unitOfWork(ctx, async (uow) => {
    const budget = await visibleBudget(uow.db, uow.actor, gid, "manage");
    return updateBudget(uow, applyBudget(budget, input));
  });
}

export function deleteBudgetUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const budget = await visibleBudget(uow.db, uow.actor, gid, "manage");
    await deleteRow(uow, "budgets", budget.gid);
  });
}

// — Timesheet approvals: a person's week, Monday to Sunday.
export async function listApprovals(
  db: Db,
  actor: Actor,
  query: { workspace: string; user?: string; from_date?: string; to_date?: string; approval_statuses?: string },
  window: Window,
) {
  const workspaceGid = Number(query.workspace);
  const role = await requireFullMember(db, actor, workspaceGid);
  let userGid = query.user === undefined ? undefined : await memberOf(db, actor, workspaceGid, query.user, "user");
  if (role !== "admin") {
    if (userGid !== undefined && userGid !== actor.gid) throw notFound("user");
    userGid = actor.gid;
  }
  const statuses = query.approval_statuses
    ?.split(",")
    .map((status) => status.trim().toUpperCase())
    .filter(Boolean);
  for (const [index, status] of (statuses ?? []).entries()) {
    if (!["DRAFT", "SUBMITTED", "APPROVED", "REJECTED"].includes(status)) {
      throw badRequest(`approval_statuses.${index}: must be one of DRAFT, SUBMITTED, APPROVED, REJECTED`);
    }
  }
  return approvalsOf(db, workspaceGid, { user: userGid, from: query.from_date, to: query.to_date, statuses }, window);
}

export async function approvalMinutes(
  db: Db,
  rows: { workspace_gid: number; user_gid: number; start_date: string; end_date: string }[],
) {
  if (rows.length === 0) return new Map<string, number>();
  return weekMinutes(db, rows[0].workspace_gid, rows);
}

async function visibleApproval(db: Db, actor: Actor, gid: number) {
  const row = await loadApproval(db, gid);
  if (!row) throw notFound("timesheet_approval_status");
  await authorizeTimesheetRead(db, actor, row.workspace_gid, row.user_gid).catch((error) => {
    throw error.status === 403 ? notFound("timesheet_approval_status") : error;
  });
  return row;
}

export const readApproval = visibleApproval;

export function createApprovalUseCase(
  ctx: ActorCtx,
  input: { workspace: string; user?: string; start_date: string; end_date?: string },
) {
  return unitOfWork(ctx, async (uow) => {
    const workspaceGid = Number(input.workspace);
    await requireFullMember(uow.db, uow.actor, workspaceGid);
    const userGid =
      input.user === undefined ? uow.actor.gid : await memberOf(uow.db, uow.actor, workspaceGid, input.user, "user");
    await authorizeTimesheetRead(uow.db, uow.actor, workspaceGid, userGid).catch((error) => {
      throw error.status === 404 ? badRequest("user: you may only open your own timesheet") : error;
    });
    if (mondayOf(input.start_date) !== input.start_date) throw badRequest("start_date: must be a Monday");
    const end = addDays(input.start_date, 6);
    if (input.end_date !== undefined && input.end_date !== end)
      throw badRequest(`end_date: must be ${end}, the Sunday after start_date`);
    const existing = await uow.db
      .selectFrom("timesheet_approval_statuses")
      .select("gid")
      .where("workspace_gid", "=", workspaceGid)
      .where("user_gid", "=", userGid)
      .where("start_date", "=", input.start_date)
      .executeTakeFirst();
    if (existing) throw badRequest(`start_date: this week has a timesheet approval status already (${existing.gid})`);
    return insertApproval(uow, {
      workspace_gid: workspaceGid,
      user_gid: userGid,
      start_date: input.start_date,
      end_date: end,
      approval_status: "DRAFT",
      decided_by_gid: null,
      message: null,
    });
  });
}

export function updateApprovalUseCase(
  ctx: ActorCtx,
  gid: number,
  input: { approval_status: TimesheetApprovalState; message?: string },
) {
  return unitOfWork(ctx, async (uow) => {
    const row = await visibleApproval(uow.db, uow.actor, gid);
    await authorizeTimesheetChange(uow.db, uow.actor, row, input.approval_status);
    const decided = input.approval_status === "APPROVED" || input.approval_status === "REJECTED";
    return updateApproval(uow, {
      ...row,
      approval_status: input.approval_status,
      decided_by_gid: decided ? uow.actor.gid : null,
      message: input.approval_status === "REJECTED" ? input.message?.trim() || null : null,
    });
  });
}

// — Allocations.
export async function listAllocations(
  db: Db,
  actor: Actor,
  query: { parent?: string; assignee?: string; workspace?: string },
  window: Window,
) {
  let workspaceGid: number;
  let projectGid: number | undefined;
  if (query.parent) {
    const project = await findProject(db, Number(query.parent));
    await authorizeAllocation(db, actor, project, "read");
    workspaceGid = project!.workspace_gid;
    projectGid = project!.gid;
  } else if (query.workspace) {
    workspaceGid = Number(query.workspace);
    await requireFullMember(db, actor, workspaceGid);
  } else throw badRequest("parent: give parent or workspace");
  const assignee =
    query.assignee === undefined ? undefined : await memberOf(db, actor, workspaceGid, query.assignee, "assignee");
  return allocationsOf(db, actor.gid, { workspace: workspaceGid, project: projectGid, assignee }, window);
}

async function visibleAllocation(db: Db, actor: Actor, gid: number, action: "read" | "edit") {
  const allocation = await loadAllocation(db, gid);
  if (!allocation) throw notFound("allocation");
  const project = await findProject(db, allocation.project_gid);
  await authorizeAllocation(db, actor, project, action).catch((error) => {
    throw error.status === 404 ? notFound("allocation") : error;
  });
  return allocation;
}

export const readAllocation = (db: Db, actor: Actor, gid: number) => visibleAllocation(db, actor, gid, "read");

function checkRange(start: string, end: string) {
  if (end < start) throw badRequest("end_date: must be on or after start_date");
}

export function createAllocationUseCase(
  ctx: ActorCtx,
  input: {
    parent: string;
    assignee: string;
    start_date: string;
    end_date: string;
    effort?: { type: "hours" | "percent"; value: number } | null;
  },
) {
  return unitOfWork(ctx, async (uow) => {
    const project = await findProject(uow.db, Number(input.parent));
    await authorizeAllocation(uow.db, uow.actor, project, "edit");
    const assignee = await memberOf(uow.db, uow.actor, project!.workspace_gid, input.assignee, "assignee");
    checkRange(input.start_date, input.end_date);
    return insertAllocation(uow, {
      workspace_gid: project!.workspace_gid,
      project_gid: project!.gid,
      assignee_gid: assignee,
      start_date: input.start_date,
      end_date: input.end_date,
      effort_type: input.effort?.type ?? null,
      effort_value: input.effort?.value ?? null,
      created_by_gid: uow.actor.gid,
    });
  });
}

export function updateAllocationUseCase(
  ctx: ActorCtx,
  gid: number,
  input: {
    assignee?: string;
    start_date?: string;
    end_date?: string;
    effort?: { type: "hours" | "percent"; value: number } | null;
  },
) {
  return unitOfWork(ctx, async (uow) => {
    const allocation = await visibleAllocation(uow.db, uow.actor, gid, "edit");
    const next = {
      ...allocation,
      start_date: input.start_date ?? allocation.start_date,
      end_date: input.end_date ?? allocation.end_date,
    };
    if (input.assignee !== undefined) {
      next.assignee_gid = await memberOf(uow.db, uow.actor, allocation.workspace_gid, input.assignee, "assignee");
    }
    if (input.effort !== undefined) {
      next.effort_type = input.effort?.type ?? null;
      next.effort_value = input.effort?.value ?? null;
    }
    checkRange(next.start_date, next.end_date);
    return updateAllocation(uow, next);
  });
}

export function deleteAllocationUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const allocation = await visibleAllocation(uow.db, uow.actor, gid, "edit");
    await deleteRow(uow, "allocations", allocation.gid);
  });
}

// — The month's invoice input.
export async function readBillingReport(db: Db, actor: Actor, workspaceGid: number, month: string) {
  await requireBillingAdmin(db, actor, workspaceGid);
  return billingReport(db, workspaceGid, month);
}
