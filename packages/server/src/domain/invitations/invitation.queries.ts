import type { Db } from "../../db/index.ts";
import type { InvitationsTable, ProjectsTable, UsersTable } from "../../db/schema.ts";
import { hashSecret } from "../auth/passwords.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { visibleTeamGids } from "../teams/team.policy.ts";
import { invitationIsManageable } from "./invitation.policy.ts";

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export function invitationStatus(invitation: InvitationsTable, now = new Date().toISOString()): InvitationStatus {
  if (invitation.accepted_at) return "accepted";
  if (invitation.revoked_at) return "revoked";
  if (invitation.expires_at <= now) return "expired";
  return "pending";
}

export async function invitationByToken(db: Db, token: string): Promise<InvitationsTable | undefined> {
  return db.selectFrom("invitations").selectAll().where("token_hash", "=", hashSecret(token)).executeTakeFirst();
}

export async function invitationByGid(db: Db, gid: number): Promise<InvitationsTable | undefined> {
  return db.selectFrom("invitations").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// The names invitations mention (workspace, team, project, inviter), fetched for many rows at once.
export async function invitationContexts(db: Db, invitations: InvitationsTable[]) {
  const gids = (pick: (row: InvitationsTable) => number | null) => [
    ...new Set(invitations.map(pick).filter((gid): gid is number => gid !== null)),
  ];
  const byGid = <T extends { gid: number }>(rows: T[]) => new Map(rows.map((row) => [row.gid, row]));
  const workspaceGids = gids((row) => row.workspace_gid);
  const teamGids = gids((row) => row.team_gid);
  const projectGids = gids((row) => row.project_gid);
  const userGids = gids((row) => row.inviter_gid);
  const [workspaces, teams, projects, users] = await Promise.all([
    workspaceGids.length
      ? db.selectFrom("workspaces").select(["gid", "name"]).where("gid", "in", workspaceGids).execute()
      : [],
    teamGids.length ? db.selectFrom("teams").select(["gid", "name"]).where("gid", "in", teamGids).execute() : [],
    projectGids.length
      ? db.selectFrom("projects").select(["gid", "name"]).where("gid", "in", projectGids).execute()
      : [],
    userGids.length
      ? db.selectFrom("users").select(["gid", "name", "language"]).where("gid", "in", userGids).execute()
      : [],
  ]);
  const maps = { workspaces: byGid(workspaces), teams: byGid(teams), projects: byGid(projects), users: byGid(users) };
  return invitations.map((row) => ({
    workspace: maps.workspaces.get(row.workspace_gid) ?? { gid: row.workspace_gid, name: "" },
    team: (row.team_gid && maps.teams.get(row.team_gid)) || null,
    project: (row.project_gid && maps.projects.get(row.project_gid)) || null,
    inviter: (row.inviter_gid && maps.users.get(row.inviter_gid)) || null,
  }));
}

export async function invitationContext(db: Db, invitation: InvitationsTable) {
  const [context] = await invitationContexts(db, [invitation]);
  return context;
}

export type InvitationContext = Awaited<ReturnType<typeof invitationContext>>;

// A page of the pending invitations of a workspace (optionally into one project) the actor may manage, newest first.
export function manageableInvitations(
  db: Db,
  actorGid: number,
  filter: { workspaceGid: number; projectGid?: number },
  window: { limit: number; offset: number },
): Promise<InvitationsTable[]> {
  let select = db
    .selectFrom("invitations")
    .selectAll()
    .where("workspace_gid", "=", filter.workspaceGid)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date().toISOString())
    .where(invitationIsManageable(db, actorGid));
  if (filter.projectGid !== undefined) select = select.where("project_gid", "=", filter.projectGid);
  return select.orderBy("gid", "desc").limit(window.limit).offset(window.offset).execute();
}

// A project of the workspace the actor sees, to invite someone into.
export function visibleProjectInWorkspace(
  db: Db,
  actorGid: number,
  workspaceGid: number,
  projectGid: number,
): Promise<ProjectsTable | undefined> {
  return db
    .selectFrom("projects")
    .selectAll()
    .where("gid", "=", projectGid)
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleProjectGids(db, actorGid))
    .executeTakeFirst();
}

// A team of the workspace the actor sees (guests see none), to invite someone into.
export function visibleTeamInWorkspace(db: Db, actorGid: number, workspaceGid: number, teamGid: number) {
  return db
    .selectFrom("teams")
    .select("gid")
    .where("gid", "=", teamGid)
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleTeamGids(db, actorGid))
    .executeTakeFirst();
}

export function userByEmail(db: Db, email: string): Promise<UsersTable | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
}

// What the person with this email already has in the workspace: their role, and whether they are in the team or
// project an invitation names. Undefined when they have no account or are not in the workspace.
export async function inviteeAccess(
  db: Db,
  email: string,
  workspaceGid: number,
  target: { teamGid: number | null; projectGid: number | null },
) {
  const user = await db.selectFrom("users").select("gid").where("email", "=", email).executeTakeFirst();
  if (!user) return undefined;
  const membership = await db
    .selectFrom("workspace_memberships")
    .select("role")
    .where("workspace_gid", "=", workspaceGid)
    .where("user_gid", "=", user.gid)
    .executeTakeFirst();
  if (!membership) return undefined;
  const inProject = target.projectGid
    ? await db
        .selectFrom("project_memberships")
        .select("gid")
        .where("project_gid", "=", target.projectGid)
        .where("user_gid", "=", user.gid)
        .executeTakeFirst()
    : undefined;
  const inTeam = target.teamGid
    ? await db
        .selectFrom("team_memberships")
        .select("gid")
        .where("team_gid", "=", target.teamGid)
        .where("user_gid", "=", user.gid)
        .executeTakeFirst()
    : undefined;
  return { role: membership.role, inProject: Boolean(inProject), inTeam: Boolean(inTeam) };
}

// The language of whoever sent the invitation: a new account starts in it unless the invitee picks another.
export async function inviterLanguage(db: Db, invitation: InvitationsTable): Promise<string | undefined> {
  if (!invitation.inviter_gid) return undefined;
  const inviter = await db
    .selectFrom("users")
    .select("language")
    .where("gid", "=", invitation.inviter_gid)
    .executeTakeFirst();
  return inviter?.language;
}
