import type { Db } from "../../db/index.ts";
import type { TeamsTable } from "../../db/schema.ts";
import { visibleTeamGids } from "./team.policy.ts";

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

type Window = { limit: number; offset: number };

// A page of a workspace's teams the actor sees, by name; `memberGid` keeps those that person belongs to.
export function visibleTeams(
  db: Db,
  actorGid: number,
  workspaceGid: number,
  memberGid: number | undefined,
  window: Window,
): Promise<TeamsTable[]> {
  let rows = db
    .selectFrom("teams")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleTeamGids(db, actorGid));
  if (memberGid !== undefined) {
    rows = rows.where(
      "gid",
      "in",
      db.selectFrom("team_memberships").select("team_gid").where("user_gid", "=", memberGid),
    );
  }
  return rows.orderBy("name").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

// A page of a team's members, by name.
export function teamUsers(db: Db, teamGid: number, window: Window) {
  return db
    .selectFrom("users")
    .innerJoin("team_memberships", "team_memberships.user_gid", "users.gid")
    .select(["users.gid", "users.name", "users.email", "users.language"])
    .where("team_memberships.team_gid", "=", teamGid)
    .orderBy("users.name")
    .orderBy("users.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// A page of team memberships the actor sees: of one team (by member name), or of one person in a workspace.
export function visibleTeamMemberships(
  db: Db,
  actorGid: number,
  scope: { teamGid: number } | { workspaceGid: number; userGid: number },
  window: Window,
) {
  let rows = teamMembershipRows(db).where("teams.gid", "in", visibleTeamGids(db, actorGid));
  rows =
    "teamGid" in scope
      ? rows.where("teams.gid", "=", scope.teamGid)
      : rows.where("teams.workspace_gid", "=", scope.workspaceGid).where("users.gid", "=", scope.userGid);
  return rows.orderBy("team_memberships.gid").limit(window.limit).offset(window.offset).execute();
}

// A page of one team's memberships, by member name.
export function teamMemberships(db: Db, teamGid: number, window: Window) {
  return teamMembershipRows(db)
    .where("team_memberships.team_gid", "=", teamGid)
    .orderBy("users.name")
    .orderBy("team_memberships.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function joinRequestRows(db: Db) {
  return db
    .selectFrom("team_join_requests as r")
    .innerJoin("teams", "teams.gid", "r.team_gid")
    .innerJoin("users", "users.gid", "r.user_gid")
    .selectAll("r")
    .select(["teams.name as team_name", "users.name as user_name", "users.email as user_email"]);
}

export type JoinRequestRow = Awaited<ReturnType<ReturnType<typeof joinRequestRows>["executeTakeFirstOrThrow"]>>;

export function findJoinRequest(db: Db, gid: number) {
  return joinRequestRows(db).where("r.gid", "=", gid).executeTakeFirst();
}

// A team's pending requests, oldest first; `userGid` keeps that person's own (any status).
export function teamJoinRequests(db: Db, teamGid: number, userGid: number | undefined, window: Window) {
  let rows = joinRequestRows(db).where("r.team_gid", "=", teamGid);
  rows = userGid === undefined ? rows.where("r.status", "=", "pending") : rows.where("r.user_gid", "=", userGid);
  return rows.orderBy("r.created_at").orderBy("r.gid").limit(window.limit).offset(window.offset).execute();
}
