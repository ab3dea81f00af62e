import type { CreateTeamBody, TeamUserBody, UpdateTeamBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { TeamsTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { richTextToPlain, sanitizeRichText } from "../rich-text.ts";
import { findVisibleUser } from "../users/user.queries.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import { addTeamUser, createTeam, removeTeamUser, updateTeam } from "./team.commands.ts";
import {
  authorizeTeam,
  authorizeTeamCreate,
  authorizeTeamMembership,
  authorizeTeamRemoval,
  requireTeamEligible,
  type TeamAction,
} from "./team.policy.ts";
import {
  findTeam,
  findTeamMembership,
  findWorkspaceMember,
  teamMemberships,
  teamUsers,
  visibleTeamMemberships,
  visibleTeams,
} from "./team.queries.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

// Asana's teams carry rich html_description; Takt stores the plain text and renders it back.
function descriptionOf(input: { description?: string; html_description?: string }): string | undefined {
  if (input.description !== undefined && input.html_description !== undefined) {
    throw badRequest("html_description: pass description or html_description, not both");
  }
  if (input.html_description !== undefined) return richTextToPlain(sanitizeRichText(input.html_description));
  return input.description;
}

export async function visibleTeam(db: Db, actor: Actor, teamGid: number, action: TeamAction): Promise<TeamsTable> {
  const team = await findTeam(db, teamGid);
  await authorizeTeam(db, actor, team, action);
  return team as TeamsTable;
}

export function createTeamUseCase(ctx: ActorCtx, input: CreateTeamBody): Promise<TeamsTable> {
  return unitOfWork(ctx, async (uow) => {
    if (input.organization && input.workspace && input.organization !== input.workspace) {
      throw badRequest("workspace: organization and workspace name different workspaces");
    }
    const workspaceRaw = input.organization ?? input.workspace;
    if (!workspaceRaw) throw badRequest("organization: Missing input. Pass the workspace to create the team in.");
    const workspaceGid = parseGid(workspaceRaw);
    if (workspaceGid === null) throw notFound("organization");
    await authorizeTeamCreate(uow.db, uow.actor, workspaceGid);
    return createTeam(uow, workspaceGid, { name: input.name, description: descriptionOf(input) ?? "" });
  });
}

// A team stays in its workspace: the client may name it, never another. The body is read once the caller may
// manage the team.
export function updateTeamUseCase(ctx: ActorCtx, teamGid: number, body: () => UpdateTeamBody): Promise<TeamsTable> {
  return unitOfWork(ctx, async (uow) => {
    const team = await visibleTeam(uow.db, uow.actor, teamGid, "manage");
    const input = body();
    for (const field of ["organization", "workspace"] as const) {
      const value = input[field];
      if (value !== undefined && Number(value) !== team.workspace_gid) {
        throw badRequest(`${field}: a team cannot move to another workspace`);
      }
    }
    return updateTeam(uow, team, { name: input.name, description: descriptionOf(input) });
  });
}

export function addTeamUserUseCase(ctx: ActorCtx, teamGid: number, body: () => TeamUserBody) {
  return unitOfWork(ctx, async (uow) => {
    const team = await visibleTeam(uow.db, uow.actor, teamGid, "read");
    const userRef = body().user;
    const user = await findWorkspaceMember(uow.db, team.workspace_gid, uow.actor.gid, userRef);
    if (!user) throw badRequest(`user: no member of this workspace matches ${userRef}`);
    // Every team is public to the workspace's full members: anyone may join; adding someone else needs "manage".
    if (user.gid !== uow.actor.gid) await authorizeTeam(uow.db, uow.actor, team, "manage");
    requireTeamEligible(user);
    const membership = await addTeamUser(uow, team, user.gid);
    return { membership, team, user };
  });
}

// Anyone may leave a team they see; removing someone else needs a team or workspace admin.
export function removeTeamUserUseCase(ctx: ActorCtx, teamGid: number, body: () => TeamUserBody) {
  return unitOfWork(ctx, async (uow) => {
    const team = await visibleTeam(uow.db, uow.actor, teamGid, "read");
    const userRef = body().user;
    const user = await findWorkspaceMember(uow.db, team.workspace_gid, uow.actor.gid, userRef);
    if (!user) throw badRequest(`user: no member of this workspace matches ${userRef}`);
    await authorizeTeamRemoval(uow.db, uow.actor, team, user.gid);
    await removeTeamUser(uow, team, user.gid);
  });
}

export async function listWorkspaceTeams(db: Db, actor: Actor, workspaceGid: number, window: Window) {
  await requireFullMember(db, actor, workspaceGid);
  return visibleTeams(db, actor.gid, workspaceGid, undefined, window);
}

// The teams a person (gid, email or "me") belongs to in a workspace, as far as the actor sees them.
export async function listUserTeams(db: Db, actor: Actor, userRef: string, workspaceGid: number, window: Window) {
  await requireFullMember(db, actor, workspaceGid);
  const user = await findVisibleUser(db, actor.gid, userRef);
  if (!user) throw notFound("user");
  return visibleTeams(db, actor.gid, workspaceGid, user.gid, window);
}

export async function listTeamUsers(db: Db, actor: Actor, teamGid: number, window: Window) {
  const team = await visibleTeam(db, actor, teamGid, "read");
  return teamUsers(db, team.gid, window);
}

export async function listTeamMemberships(db: Db, actor: Actor, teamGid: number, window: Window) {
  const team = await visibleTeam(db, actor, teamGid, "read");
  return teamMemberships(db, team.gid, window);
}

// Asana's GET /team_memberships: by team, or by user ("me" or a gid) within a workspace.
export async function findTeamMemberships(
  db: Db,
  actor: Actor,
  scope: { teamGid: number } | { workspaceGid: number; userGid: number | "me" },
  window: Window,
) {
  if ("teamGid" in scope) {
    const team = await visibleTeam(db, actor, scope.teamGid, "read");
    return visibleTeamMemberships(db, actor.gid, { teamGid: team.gid }, window);
  }
  await requireFullMember(db, actor, scope.workspaceGid);
  const userGid = scope.userGid === "me" ? actor.gid : scope.userGid;
  return visibleTeamMemberships(db, actor.gid, { workspaceGid: scope.workspaceGid, userGid }, window);
}

export async function readTeamMembership(db: Db, actor: Actor, membershipGid: number) {
  const row = await findTeamMembership(db, membershipGid);
  await authorizeTeamMembership(db, actor, row);
  return row!;
}
