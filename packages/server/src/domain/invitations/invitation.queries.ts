import type { Db } from "../../db/index.ts";
import type { InvitationsTable } from "../../db/schema.ts";
import { hashSecret } from "../auth/passwords.ts";

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
