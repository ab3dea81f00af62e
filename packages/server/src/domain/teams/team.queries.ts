import type { Db } from "../../db/index.ts";
import type { TeamsTable } from "../../db/schema.ts";

export async function findTeam(db: Db, teamGid: number): Promise<TeamsTable | undefined> {
  return db.selectFrom("teams").selectAll().where("gid", "=", teamGid).executeTakeFirst();
}

export async function workspaceRefs(db: Db, workspaceGids: number[]) {
  if (workspaceGids.length === 0) return new Map<number, { gid: number; name: string }>();
  const rows = await db
    .selectFrom("workspaces")
    .select(["gid", "name"])
    .where("gid", "in", [...new Set(workspaceGids)])
    .execute();
  return new Map(rows.map((row) => [row.gid, row]));
}

// A member of the workspace (with their role), found by gid, email or "me"; undefined if no such member.
export async function findWorkspaceMember(db: Db, workspaceGid: number, actorGid: number, ref: string) {
  const trimmed = ref.trim();
  let query = db
    .selectFrom("users")
    .innerJoin("workspace_memberships", "workspace_memberships.user_gid", "users.gid")
    .select(["users.gid", "users.name", "workspace_memberships.role"])
    .where("workspace_memberships.workspace_gid", "=", workspaceGid);
  if (trimmed === "me") query = query.where("users.gid", "=", actorGid);
  else if (trimmed.includes("@")) query = query.where("users.email", "=", trimmed.toLowerCase());
  else if (/^[0-9]{1,16}$/.test(trimmed)) query = query.where("users.gid", "=", Number(trimmed));
  else return undefined;
  return query.executeTakeFirst();
}

export function teamMembershipRows(db: Db) {
  return db
    .selectFrom("team_memberships")
    .innerJoin("teams", "teams.gid", "team_memberships.team_gid")
    .innerJoin("users", "users.gid", "team_memberships.user_gid")
    .select([
      "team_memberships.gid",
      "team_memberships.is_admin",
      "teams.gid as team_gid",
      "teams.name as team_name",
      "teams.workspace_gid",
      "users.gid as user_gid",
      "users.name as user_name",
    ]);
}

export async function findTeamMembership(db: Db, membershipGid: number) {
  return teamMembershipRows(db).where("team_memberships.gid", "=", membershipGid).executeTakeFirst();
}
