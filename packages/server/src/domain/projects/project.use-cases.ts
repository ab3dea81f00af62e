import type { CreateProjectBody, UpdateProjectBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { AccessLevel, ProjectsTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizeTeam } from "../teams/team.policy.ts";
import { findTeam, findWorkspaceMember } from "../teams/team.queries.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import {
  addProjectMembers,
  changeMemberAccess,
  createProject,
  deleteProject,
  removeProjectMembers,
  updateProject,
} from "./project.commands.ts";
import {
  actionForMemberChange,
  authorizeGrant,
  authorizeProject,
  authorizeProjectChange,
  authorizeProjectCreate,
  authorizeProjectMembership,
  type ProjectAction,
} from "./project.policy.ts";
import type { MembershipRow } from "./project.presenter.ts";
import {
  findMembership,
  findProject,
  type ProjectFilter,
  projectMemberships,
  taskCounts,
  visibleProjects,
} from "./project.queries.ts";
import { resolveMembers, resolveProjectFields, resolveProjectPlace, userRefsOf } from "./project.resolve.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

// A project the actor may act on, with their access level: 404 if they cannot see it, 403 if they may not act.
export async function visibleProject(db: Db, actor: Actor, projectGid: number, action: ProjectAction) {
  const project = await findProject(db, projectGid);
  const level = await authorizeProject(db, actor, project, action);
  return { project: project as ProjectsTable, level };
}

// The scope a list or a create is made in: a workspace the actor belongs to, or a team they see.
async function checkScope(db: Db, actor: Actor, scope: { workspaceGid?: number; teamGid?: number }) {
  if (scope.workspaceGid !== undefined) await requireWorkspaceRole(db, actor, scope.workspaceGid);
  if (scope.teamGid === undefined) return undefined;
  const team = await findTeam(db, scope.teamGid);
  await authorizeTeam(db, actor, team, "read");
  return team;
}

export async function listProjects(db: Db, actor: Actor, filter: ProjectFilter, window: Window) {
  await checkScope(db, actor, filter);
  return visibleProjects(db, actor.gid, filter, window);
}

// POST /projects, /workspaces/{gid}/projects and /teams/{gid}/projects: the project, its sections (or one untitled
// section), its creator, owner and followers as members, all in one unit. The body is read once the caller is
// known to see the workspace or team of the path.
export function createProjectUseCase(
  ctx: ActorCtx,
  path: { workspaceGid?: number; teamGid?: number },
  body: () => CreateProjectBody,
): Promise<ProjectsTable> {
  return unitOfWork(ctx, async (uow) => {
    const team = await checkScope(uow.db, uow.actor, path);
    const input = body();
    const place = await resolveProjectPlace(
      uow.db,
      team ? { workspaceGid: team.workspace_gid, teamGid: team.gid } : path,
      input,
    );
    await authorizeProjectCreate(uow.db, uow.actor, place.workspaceGid);
    const fields = await resolveProjectFields(
      uow.db,
      uow.actor,
      place.workspaceGid,
      { ...input, team: place.team ?? undefined },
      null,
    );
    const followers = input.followers
      ? await resolveMembers(uow.db, uow.actor, place.workspaceGid, "followers", userRefsOf(input.followers))
      : [];
    return createProject(uow, {
      workspace_gid: place.workspaceGid,
      team_gid: fields.team_gid ?? null,
      owner_gid: fields.owner_gid !== undefined ? fields.owner_gid : uow.actor.gid,
      name: fields.name ?? "",
      notes: fields.notes ?? "",
      html_notes: fields.html_notes ?? "<body></body>",
      color: fields.color ?? null,
      default_view: fields.default_view ?? "list",
      privacy_setting: fields.privacy_setting ?? "public_to_workspace",
      archived: fields.archived ?? 0,
      due_on: fields.due_on ?? null,
      start_on: fields.start_on ?? null,
      icon: fields.icon ?? null,
      default_access_level: fields.default_access_level ?? null,
      completed: fields.completed ?? 0,
      completed_at: fields.completed_at ?? null,
      completed_by_gid: fields.completed_by_gid ?? null,
      followers,
      sections: input.sections,
    });
  });
}

// Every field is checked and resolved before anything is written: one bad field refuses the whole change.
export function updateProjectUseCase(ctx: ActorCtx, projectGid: number, input: UpdateProjectBody) {
  return unitOfWork(ctx, async (uow) => {
    const { workspace, ...changes } = input;
    const project = await findProject(uow.db, projectGid);
    await authorizeProjectChange(uow.db, uow.actor, project, Object.keys(changes));
    if (!project) throw notFound("project");
    if (workspace !== undefined && Number(workspace) !== project.workspace_gid) {
      throw badRequest("workspace: a project cannot move to another workspace");
    }
    const fields = await resolveProjectFields(uow.db, uow.actor, project.workspace_gid, changes, project);
    return updateProject(uow, project, fields);
  });
}

export function deleteProjectUseCase(ctx: ActorCtx, projectGid: number) {
  return unitOfWork(ctx, async (uow) => {
    const { project } = await visibleProject(uow.db, uow.actor, projectGid, "manage");
    await deleteProject(uow, project);
  });
}

// Sharing: nobody grants more access than they hold. Answers the project as it is afterwards.
export function addProjectMembersUseCase(
  ctx: ActorCtx,
  projectGid: number,
  people: { refs: string | string[]; field: string; accessLevel: AccessLevel },
): Promise<ProjectsTable> {
  const refs = userRefsOf(people.refs);
  return unitOfWork(ctx, async (uow) => {
    const { project, level } = await visibleProject(uow.db, uow.actor, projectGid, "edit");
    authorizeGrant(level, people.accessLevel);
    if (refs.length === 0) throw badRequest(`${people.field}: Missing input. Name at least one person.`);
    const userGids = await resolveMembers(uow.db, uow.actor, project.workspace_gid, people.field, refs);
    await addProjectMembers(uow, project, userGids, people.accessLevel);
    return (await findProject(uow.db, project.gid)) ?? project;
  });
}

// Anyone may leave a project they see; removing others needs admin access.
export function removeProjectMembersUseCase(
  ctx: ActorCtx,
  projectGid: number,
  people: { refs: string | string[]; field: string },
): Promise<ProjectsTable> {
  const refs = userRefsOf(people.refs);
  return unitOfWork(ctx, async (uow) => {
    const { project } = await visibleProject(uow.db, uow.actor, projectGid, "read");
    if (refs.length === 0) throw badRequest(`${people.field}: Missing input. Name at least one person.`);
    const userGids = await resolveMembers(uow.db, uow.actor, project.workspace_gid, people.field, refs);
    await authorizeProject(uow.db, uow.actor, project, actionForMemberChange(uow.actor, userGids));
    await removeProjectMembers(uow, project, userGids);
    return (await findProject(uow.db, project.gid)) ?? project;
  });
}

export async function listProjectMemberships(
  db: Db,
  actor: Actor,
  projectGid: number,
  user: string | undefined,
  window: Window,
) {
  const { project } = await visibleProject(db, actor, projectGid, "read");
  const member = user ? await findWorkspaceMember(db, project.workspace_gid, actor.gid, user) : undefined;
  return projectMemberships(db, project.gid, user ? (member?.gid ?? 0) : undefined, window);
}

async function visibleMembership(db: Db, actor: Actor, membershipGid: number, action: "read" | "manage") {
  const membership = await findMembership(db, membershipGid);
  if (!membership) throw notFound("project_membership");
  const project = await findProject(db, membership.project_gid);
  await authorizeProjectMembership(db, actor, project, action);
  return { membership, project: project as ProjectsTable };
}

export async function readProjectMembership(db: Db, actor: Actor, membershipGid: number) {
  return (await visibleMembership(db, actor, membershipGid, "read")).membership;
}

export function updateProjectMembershipUseCase(
  ctx: ActorCtx,
  membershipGid: number,
  accessLevel: AccessLevel,
): Promise<MembershipRow> {
  return unitOfWork(ctx, async (uow) => {
    const { membership, project } = await visibleMembership(uow.db, uow.actor, membershipGid, "manage");
    await changeMemberAccess(uow, project, membership, accessLevel);
    return (await findMembership(uow.db, membership.gid)) ?? membership;
  });
}

export async function projectTaskCounts(db: Db, actor: Actor, projectGid: number) {
  const { project } = await visibleProject(db, actor, projectGid, "read");
  return taskCounts(db, project.gid);
}
