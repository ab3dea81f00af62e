import type { CreateTeamBody, CreateTeamJoinRequestBody, TeamUserBody, UpdateTeamBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { TeamsTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { richTextToPlain, sanitizeRichText } from "../rich-text.ts";
import { findVisibleUser } from "../users/user.queries.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import {
  addTeamUser,
  createTeam,
  decideJoinRequest,
  removeTeamUser,
  requestToJoinTeam,
  type TeamChanges,
  updateTeam,
  withdrawJoinRequest,
} from "./team.commands.ts";
import {
  authorizeTeam,
  authorizeTeamCreate,
  authorizeTeamJoin,
  authorizeTeamMembership,
  authorizeTeamRemoval,
  mayReadJoinRequest,
  requireTeamEligible,
  type TeamAction,
  teamAllows,
  teamStanding,
  visibilityOf,
} from "./team.policy.ts";
import {
  findJoinRequest,
  findTeam,
  findTeamMembership,
  findWorkspaceMember,
  teamJoinRequests,
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
    const settings = settingsOf(input);
    requireJoinRequestsMeaningful(settings, settings.visibility ?? "public");
    return createTeam(uow, workspaceGid, { ...settings, name: input.name, description: descriptionOf(input) ?? "" });
  });
}

const ACCESS_LEVELS = [
  "edit_team_name_or_description_access_level",
  "edit_team_visibility_or_trash_team_access_level",
  "member_invite_management_access_level",
  "join_request_management_access_level",
  "team_member_removal_access_level",
] as const;

function settingsOf(input: UpdateTeamBody): TeamChanges {
  const settings: TeamChanges = { visibility: input.visibility };
  for (const level of ACCESS_LEVELS) settings[level] = input[level];
  return settings;
}

// Asana: who answers join requests is set only on a team that admits members by request.
function requireJoinRequestsMeaningful(settings: TeamChanges, visibility: string) {
  if (settings.join_request_management_access_level !== undefined && visibility !== "request_to_join") {
    throw badRequest(
      "join_request_management_access_level: only a team with visibility request_to_join takes join requests",
    );
  }
}

// A team stays in its workspace: the client may name it, never another. The body is read once the caller may
// manage the team.
export function updateTeamUseCase(ctx: ActorCtx, teamGid: number, body: () => UpdateTeamBody): Promise<TeamsTable> {
  return unitOfWork(ctx, async (uow) => {
    const team = await visibleTeam(uow.db, uow.actor, teamGid, "read");
    const input = body();
    for (const field of ["organization", "workspace"] as const) {
      const value = input[field];
      if (value !== undefined && Number(value) !== team.workspace_gid) {
        throw badRequest(`${field}: a team cannot move to another workspace`);
      }
    }
    const text = { name: input.name, description: descriptionOf(input) };
    const settings = settingsOf(input);
    const changes = (changes: TeamChanges) =>
      (Object.keys(changes) as (keyof TeamChanges)[]).some(
        (field) => changes[field] !== undefined && changes[field] !== team[field],
      );
    // Each kind of change needs its own permission; a write that changes nothing needs the right to edit.
    const settingsChange = changes(settings);
    if (changes(text) || !settingsChange) await authorizeTeam(uow.db, uow.actor, team, "edit");
    if (settingsChange) await authorizeTeam(uow.db, uow.actor, team, "edit_visibility");
    requireJoinRequestsMeaningful(
      changes({ join_request_management_access_level: settings.join_request_management_access_level }) ? settings : {},
      settings.visibility ?? visibilityOf(team),
    );
    return updateTeam(uow, team, { ...text, ...settings });
  });
}

export function addTeamUserUseCase(ctx: ActorCtx, teamGid: number, body: () => TeamUserBody) {
  return unitOfWork(ctx, async (uow) => {
    const team = await visibleTeam(uow.db, uow.actor, teamGid, "read");
    const userRef = body().user;
    const user = await findWorkspaceMember(uow.db, team.workspace_gid, uow.actor.gid, userRef);
    if (!user) throw badRequest(`user: no member of this workspace matches ${userRef}`);
    // Joining oneself follows the team's visibility; adding someone else needs add_members.
    if (user.gid === uow.actor.gid) await authorizeTeamJoin(uow.db, uow.actor, team);
    else await authorizeTeam(uow.db, uow.actor, team, "add_members");
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

// Asking to join a team that admits members by request. A public team is joined directly; a secret team is not
// seen by those who are not in it.
export function requestToJoinUseCase(ctx: ActorCtx, teamGid: number, body: () => CreateTeamJoinRequestBody) {
  return unitOfWork(ctx, async (uow) => {
    const team = await visibleTeam(uow.db, uow.actor, teamGid, "read");
    const input = body();
    const member = await findWorkspaceMember(uow.db, team.workspace_gid, uow.actor.gid, "me");
    if (!member) throw notFound("team");
    requireTeamEligible(member);
    const already = await uow.db
      .selectFrom("team_memberships")
      .select("gid")
      .where("team_gid", "=", team.gid)
      .where("user_gid", "=", uow.actor.gid)
      .executeTakeFirst();
    if (already) throw badRequest("team: you are already a member of this team");
    if (visibilityOf(team) !== "request_to_join") {
      throw badRequest(
        visibilityOf(team) === "public"
          ? "team: this team is public; join it directly"
          : "team: this team is secret; only its admins add people",
      );
    }
    const request = await requestToJoinTeam(uow, team, uow.actor.gid, input.message ?? "");
    return (await findJoinRequest(uow.db, request.gid))!;
  });
}

// Those who answer a team's requests see its pending ones; anyone else sees their own.
export async function listJoinRequests(db: Db, actor: Actor, teamGid: number, window: Window) {
  const team = (await findTeam(db, teamGid)) as TeamsTable;
  const standing = await authorizeTeam(db, actor, team, "read");
  const manager = teamAllows(team, standing, "manage_join_requests");
  return teamJoinRequests(db, team.gid, manager ? undefined : actor.gid, window);
}

async function joinRequestOf(db: Db, actor: Actor, requestGid: number) {
  const request = await findJoinRequest(db, requestGid);
  if (!request) throw notFound("team_join_request");
  const team = await findTeam(db, request.team_gid);
  try {
    await authorizeTeam(db, actor, team, "read");
  } catch {
    throw notFound("team_join_request");
  }
  return { request, team: team as TeamsTable };
}

// GET /team_join_requests/{gid} (where creating one points): the requester and the team's answerers.
export async function readJoinRequest(db: Db, actor: Actor, requestGid: number) {
  const { request, team } = await joinRequestOf(db, actor, requestGid);
  if (!mayReadJoinRequest(team, await teamStanding(db, actor.gid, team), request, actor.gid)) {
    throw notFound("team_join_request");
  }
  return request;
}

export function decideJoinRequestUseCase(ctx: ActorCtx, requestGid: number, status: "approved" | "declined") {
  return unitOfWork(ctx, async (uow) => {
    const { request, team } = await joinRequestOf(uow.db, uow.actor, requestGid);
    await authorizeTeam(uow.db, uow.actor, team, "manage_join_requests");
    if (request.status !== "pending") throw badRequest(`team_join_request: this request was already ${request.status}`);
    await decideJoinRequest(uow, team, request, status);
    return (await findJoinRequest(uow.db, request.gid))!;
  });
}

// The requester takes back a pending request; those who answer requests may also drop one.
export function withdrawJoinRequestUseCase(ctx: ActorCtx, requestGid: number) {
  return unitOfWork(ctx, async (uow) => {
    const { request, team } = await joinRequestOf(uow.db, uow.actor, requestGid);
    if (request.user_gid !== uow.actor.gid) await authorizeTeam(uow.db, uow.actor, team, "manage_join_requests");
    if (request.status !== "pending") throw badRequest(`team_join_request: this request was already ${request.status}`);
    await withdrawJoinRequest(uow, team, request);
  });
}
