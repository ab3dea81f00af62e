import type { Db } from "../../db/index.ts";
import type { AccessLevel, ProjectsTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { projectAccessLevels, visibleProjectGids } from "../projects/project.policy.ts";
import { requireFullMember, requireWorkspaceAdmin, requireWorkspaceRole } from "../workspaces/workspace.policy.ts";

type ProjectRef = Pick<ProjectsTable, "gid" | "workspace_gid" | "privacy_setting">;

// The projects a people report covers: those the actor administers (a workspace admin administers every public
// project). Nobody administering any of them gets no report.
function administered<P extends ProjectRef>(projects: P[], levels: Map<number, AccessLevel>): P[] {
  return projects.filter((project) => levels.get(project.gid) === "admin");
}

// People reports are for workspace admins and project admins: the projects reported on are those the actor
// administers among those they see; nobody else gets one (403).
export async function reportableProjects(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  filter: { teamGid?: number; projectGid?: number },
): Promise<number[]> {
  await requireWorkspaceRole(db, actor, workspaceGid);
  const projects = await db
    .selectFrom("projects")
    .select(["gid", "workspace_gid", "privacy_setting", "team_gid"])
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleProjectGids(db, actor.gid))
    .$if(filter.teamGid !== undefined, (query) => query.where("team_gid", "=", filter.teamGid as number))
    .$if(filter.projectGid !== undefined, (query) => query.where("gid", "=", filter.projectGid as number))
    .execute();
  if (filter.projectGid !== undefined && projects.length === 0) throw notFound("project");
  const levels = await projectAccessLevels(db, actor, projects);
  const reported = administered(projects, levels).map((project) => project.gid);
  if (reported.length === 0) {
    throw forbidden("People reports are for workspace admins and project admins.");
  }
  return reported;
}

// The workspaces (among those given) whose whole people report the actor may open, in three queries at most.
export async function workspacesWithPeopleReport(db: Db, actor: Actor, workspaceGids: number[]): Promise<Set<number>> {
  if (workspaceGids.length === 0) return new Set();
  const projects = await db
    .selectFrom("projects")
    .select(["gid", "workspace_gid", "privacy_setting"])
    .where("workspace_gid", "in", workspaceGids)
    .where("gid", "in", visibleProjectGids(db, actor.gid))
    .execute();
  const levels = await projectAccessLevels(db, actor, projects);
  return new Set(administered(projects, levels).map((project) => project.workspace_gid));
}

// One's own weekly capacity is one's own to set (a full member's); a workspace admin may set anyone's.
export async function authorizeCapacityChange(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  userGid: number,
): Promise<void> {
  await requireFullMember(db, actor, workspaceGid);
  if (userGid !== actor.gid) await requireWorkspaceAdmin(db, actor, workspaceGid);
}
