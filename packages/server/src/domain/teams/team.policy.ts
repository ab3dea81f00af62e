import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/index.ts";
import type { Database, TeamAccessLevel, TeamsTable, TeamVisibility } from "../../db/schema.ts";
import { badRequest, forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { isFullMember, requireWorkspaceRole } from "../workspaces/workspace.policy.ts";

// read: see the team; edit: its name and description; edit_visibility: its visibility and access levels;
// add_members / remove_members: someone else; manage_join_requests: see, approve and decline requests.
export type TeamAction =
  | "read"
  | "manage"
  | "edit"
  | "edit_visibility"
  | "add_members"
  | "remove_members"
  | "manage_join_requests";

type TeamRow = Pick<TeamsTable, "gid" | "workspace_gid"> & Partial<TeamsTable>;

// Who the actor is to a team: their role in its workspace and their membership of it.
export interface TeamStanding {
  workspaceRole: string | null;
  member: boolean;
  teamAdmin: boolean;
}

export const visibilityOf = (team: Partial<TeamsTable>): TeamVisibility => team.visibility ?? "public";
const levelOf = (level: TeamAccessLevel | undefined): TeamAccessLevel => level ?? "only_team_admins";

const LEVEL_OF: Record<Exclude<TeamAction, "read" | "manage">, keyof TeamsTable> = {
  edit: "edit_team_name_or_description_access_level",
  edit_visibility: "edit_team_visibility_or_trash_team_access_level",
  add_members: "member_invite_management_access_level",
  remove_members: "team_member_removal_access_level",
  manage_join_requests: "join_request_management_access_level",
};

// A request to join a team is read by the person who asked and by those who answer the team's requests; to
// anyone else (even who sees the team) it does not exist.
export function mayReadJoinRequest(
  team: Partial<TeamsTable>,
  standing: TeamStanding,
  request: { user_gid: number },
  actorGid: number,
): boolean {
  return request.user_gid === actorGid || teamAllows(team, standing, "manage_join_requests");
}

// The one rule behind authorizeTeam and teamPermissions.
export function teamAllows(team: Partial<TeamsTable>, standing: TeamStanding, action: TeamAction): boolean {
  const { workspaceRole, member, teamAdmin } = standing;
  if (workspaceRole !== "admin" && workspaceRole !== "member") return false;
  const admin = workspaceRole === "admin" || teamAdmin;
  if (action === "read") return admin || member || visibilityOf(team) !== "secret";
  if (action === "manage") return admin;
  if (admin) return true;
  if (!member) return false;
  return levelOf(team[LEVEL_OF[action]] as TeamAccessLevel | undefined) === "all_team_members";
}

// SQL: teams the actor may see — in a workspace where they are a full member, every team but the secret ones they
// are not in (a workspace admin sees those too). Guests see none.
export function visibleTeamGids(db: Db, actorGid: number) {
  return db
    .selectFrom("teams as vt")
    .innerJoin("workspace_memberships as vtw", "vtw.workspace_gid", "vt.workspace_gid")
    .select("vt.gid")
    .where("vtw.user_gid", "=", actorGid)
    .where("vtw.role", "in", ["admin", "member"])
    .where((eb) =>
      eb.or([
        eb("vt.visibility", "!=", "secret"),
        eb("vtw.role", "=", "admin"),
        eb.exists(
          eb
            .selectFrom("team_memberships as vtm")
            .select("vtm.gid")
            .whereRef("vtm.team_gid", "=", "vt.gid")
            .where("vtm.user_gid", "=", actorGid),
        ),
      ]),
    );
}

export function teamIsVisible(db: Db, actorGid: number) {
  return (eb: ExpressionBuilder<Database, "teams">) => eb("teams.gid", "in", visibleTeamGids(db, actorGid));
}

export async function teamStanding(db: Db, actorGid: number, team: Pick<TeamsTable, "gid" | "workspace_gid">) {
  const [role, membership] = await Promise.all([
    db
      .selectFrom("workspace_memberships")
      .select("role")
      .where("workspace_gid", "=", team.workspace_gid)
      .where("user_gid", "=", actorGid)
      .executeTakeFirst(),
    db
      .selectFrom("team_memberships")
      .select("is_admin")
      .where("team_gid", "=", team.gid)
      .where("user_gid", "=", actorGid)
      .executeTakeFirst(),
  ]);
  return {
    workspaceRole: role?.role ?? null,
    member: membership !== undefined,
    teamAdmin: membership?.is_admin === 1,
  } satisfies TeamStanding;
}

const FORBIDDEN: Record<Exclude<TeamAction, "read">, string> = {
  manage: "Only team admins and workspace admins can change this team.",
  edit: "Only team admins can rename this team or change its description.",
  edit_visibility: "Only team admins can change who sees this team.",
  add_members: "Only team admins can add people to this team.",
  remove_members: "Only team admins can remove people from this team.",
  manage_join_requests: "Only team admins can answer requests to join this team.",
};

// 404 when the team is unknown or invisible (guests, outsiders, a secret team's non-members); 403 when the actor
// sees it but may not do this.
export async function authorizeTeam(db: Db, actor: Actor, team: TeamRow | undefined, action: TeamAction) {
  if (!team) throw notFound("team");
  const standing = await teamStanding(db, actor.gid, team);
  if (!teamAllows(team, standing, "read")) throw notFound("team");
  if (action !== "read" && !teamAllows(team, standing, action)) throw forbidden(FORBIDDEN[action]);
  return standing;
}

// Any full member of the workspace may create a team; guests may not.
export async function authorizeTeamCreate(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (!isFullMember(role)) throw forbidden("Guests cannot create teams.");
}

// A person may always leave a team they are in; removing someone else needs remove_members.
export async function authorizeTeamRemoval(db: Db, actor: Actor, team: TeamRow, userGid: number): Promise<void> {
  await authorizeTeam(db, actor, team, userGid === actor.gid ? "read" : "remove_members");
}

// Joining oneself: at once in a public team (or as a workspace admin, or adding oneself as a team admin may add
// anyone); a request_to_join team takes a request; a secret team takes no one who is not added.
export async function authorizeTeamJoin(db: Db, actor: Actor, team: TeamRow): Promise<void> {
  const standing = await authorizeTeam(db, actor, team, "read");
  if (standing.member || visibilityOf(team) === "public" || teamAllows(team, standing, "add_members")) return;
  if (visibilityOf(team) === "request_to_join") {
    throw forbidden("This team admits members by request: ask to join it, and its admins will answer.");
  }
  throw forbidden("This team is secret: only its admins can add people to it.");
}

// A team membership is as visible as its team.
export async function authorizeTeamMembership(
  db: Db,
  actor: Actor,
  membership: { team_gid: number; workspace_gid: number } | undefined,
): Promise<void> {
  if (!membership) throw notFound("team_membership");
  const team = await db.selectFrom("teams").selectAll().where("gid", "=", membership.team_gid).executeTakeFirst();
  try {
    await authorizeTeam(db, actor, team, "read");
  } catch {
    throw notFound("team_membership");
  }
}

// Teams are for full members of the workspace; guests stay in the projects shared with them.
export function requireTeamEligible(member: { role: string }): void {
  if (member.role === "guest") throw badRequest("user: guests cannot join teams");
}
