import type { Db } from "../../db/index.ts";
import type { AccessLevel, ProjectsTable, WorkspaceRole } from "../../db/schema.ts";
import type { TimesheetApprovalState } from "../../db/schema-resources.ts";
import { badRequest, forbidden, notFound } from "../../errors.ts";
import { atLeast } from "../access-level.ts";
import type { Actor } from "../context.ts";
import { authorizeProject, projectAccessLevels } from "../projects/project.policy.ts";
import {
  isFullMember,
  isWorkspaceAdmin,
  requireWorkspaceRole,
  workspaceRoles,
} from "../workspaces/workspace.policy.ts";

// Who may see and change money and time: billing (rates, approvals, the invoice) is for workspace admins; a
// project's budget is read by its editors and admins and set by its admins; guests see none of it.

type ProjectRow = Pick<ProjectsTable, "gid" | "workspace_gid" | "privacy_setting">;

export async function requireBillingAdmin(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (!isWorkspaceAdmin(role)) throw forbidden("Billing is for workspace admins.");
}

// Whether a full member holding this access level may read (editor) or change (admin) the project's budget.
export function budgetAllows(role: WorkspaceRole | null, level: AccessLevel | null, action: "read" | "manage") {
  if (!isFullMember(role) || !level) return false;
  return atLeast(level, action === "read" ? "editor" : "admin");
}

// Which of the projects the actor may read and manage the budget of, in three queries.
export async function budgetAbilities(db: Db, actor: Actor, projects: ProjectRow[]) {
  const levels = await projectAccessLevels(db, actor, projects);
  const roles = await workspaceRoles(
    db,
    actor,
    projects.map((project) => project.workspace_gid),
  );
  const result = new Map<number, { read: boolean; manage: boolean }>();
  for (const project of projects) {
    const role = roles.get(project.workspace_gid) ?? null;
    const level = levels.get(project.gid) ?? null;
    result.set(project.gid, { read: budgetAllows(role, level, "read"), manage: budgetAllows(role, level, "manage") });
  }
  return result;
}

// 404 when the project is invisible; 403 when seen but its budget is not the actor's to read or change.
export async function authorizeBudget(
  db: Db,
  actor: Actor,
  project: ProjectRow | undefined,
  action: "read" | "manage",
) {
  const level = await authorizeProject(db, actor, project, "read");
  const role = await requireWorkspaceRole(db, actor, project!.workspace_gid);
  if (!budgetAllows(role, level, action)) {
    throw forbidden(
      action === "read" ? "Budgets are for the project's editors." : "Only a project admin sets its budget.",
    );
  }
}

// Allocations: full members who see the project read them; its editors plan them.
export async function authorizeAllocation(
  db: Db,
  actor: Actor,
  project: ProjectRow | undefined,
  action: "read" | "edit",
) {
  await authorizeProject(db, actor, project, action === "read" ? "read" : "edit");
  const role = await requireWorkspaceRole(db, actor, project!.workspace_gid);
  if (!isFullMember(role)) throw notFound("project");
}

// Timesheet approvals: each person submits their own week; a workspace admin (the lead) approves or rejects it.
const TRANSITIONS: Record<TimesheetApprovalState, { self: TimesheetApprovalState[]; lead: TimesheetApprovalState[] }> =
  {
    DRAFT: { self: ["SUBMITTED"], lead: ["SUBMITTED"] },
    SUBMITTED: { self: ["DRAFT"], lead: ["APPROVED", "REJECTED", "DRAFT"] },
    REJECTED: { self: ["DRAFT", "SUBMITTED"], lead: ["DRAFT", "SUBMITTED", "APPROVED"] },
    APPROVED: { self: [], lead: ["DRAFT", "REJECTED"] },
  };

export async function authorizeTimesheetRead(db: Db, actor: Actor, workspaceGid: number, userGid: number) {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (!isFullMember(role)) throw forbidden("Guests have no timesheets to approve.");
  if (userGid !== actor.gid && !isWorkspaceAdmin(role)) throw notFound("timesheet_approval_status");
  return role;
}

export async function authorizeTimesheetChange(
  db: Db,
  actor: Actor,
  row: { workspace_gid: number; user_gid: number; approval_status: TimesheetApprovalState },
  next: TimesheetApprovalState,
) {
  const role = await authorizeTimesheetRead(db, actor, row.workspace_gid, row.user_gid);
  if (next === row.approval_status) return;
  const lead = isWorkspaceAdmin(role);
  const allowed = new Set([
    ...(lead ? TRANSITIONS[row.approval_status].lead : []),
    ...(row.user_gid === actor.gid ? TRANSITIONS[row.approval_status].self : []),
  ]);
  if (allowed.has(next)) return;
  if (!lead && (next === "APPROVED" || next === "REJECTED")) {
    throw forbidden("Only a workspace admin approves or rejects a timesheet.");
  }
  throw badRequest(`approval_status: a ${row.approval_status} timesheet cannot become ${next}`);
}
