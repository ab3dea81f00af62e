import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../db/index.ts";
import type { Database, TeamsTable } from "../../db/schema.ts";
import { badRequest, forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { isFullMember, requireWorkspaceRole } from "../workspaces/workspace.policy.ts";

export type TeamAction = "read" | "manage";

// SQL: teams the actor may see — every team of a workspace where they are a full member. Guests see none.
export function visibleTeamGids(db: Db, actorGid: number) {
  return db
    .selectFrom("teams as vt")
    .innerJoin("workspace_memberships as vtw", "vtw.workspace_gid", "vt.workspace_gid")
    .select("vt.gid")
    .where("vtw.user_gid", "=", actorGid)
    .where("vtw.role", "in", ["admin", "member"]);
}

export function teamIsVisible(db: Db, actorGid: number) {
  return (eb: ExpressionBuilder<Database, "teams">) => eb("teams.gid", "in", visibleTeamGids(db, actorGid));
}

// 404 when the team is unknown or invisible (guests, outsiders); 403 when "manage" needs a team or workspace admin.
export async function authorizeTeam(
  db: Db,
  actor: Actor,
  team: Pick<TeamsTable, "gid" | "workspace_gid"> | undefined,
  action: TeamAction,
): Promise<void> {
  if (!team) throw notFound("team");
  const role = await db
    .selectFrom("workspace_memberships")
    .select("role")
    .where("workspace_gid", "=", team.workspace_gid)
    .where("user_gid", "=", actor.gid)
    .executeTakeFirst();
  if (!role || role.role === "guest") throw notFound("team");
  if (action === "read" || role.role === "admin") return;
  const membership = await db
    .selectFrom("team_memberships")
    .select("is_admin")
    .where("team_gid", "=", team.gid)
    .where("user_gid", "=", actor.gid)
    .executeTakeFirst();
  if (membership?.is_admin !== 1) throw forbidden("Only team admins and workspace admins can change this team.");
}

// Any full member of the workspace may create a team; guests may not.
export async function authorizeTeamCreate(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (!isFullMember(role)) throw forbidden("Guests cannot create teams.");
}

// A person may always leave a team they can see; removing someone else needs "manage".
export async function authorizeTeamRemoval(
  db: Db,
  actor: Actor,
  team: Pick<TeamsTable, "gid" | "workspace_gid">,
  userGid: number,
): Promise<void> {
  await authorizeTeam(db, actor, team, userGid === actor.gid ? "read" : "manage");
}

// A team membership is as visible as its team.
export async function authorizeTeamMembership(
  db: Db,
  actor: Actor,
  membership: { team_gid: number; workspace_gid: number } | undefined,
): Promise<void> {
  if (!membership) throw notFound("team_membership");
  try {
    await authorizeTeam(db, actor, { gid: membership.team_gid, workspace_gid: membership.workspace_gid }, "read");
  } catch {
    throw notFound("team_membership");
  }
}

// Teams are for full members of the workspace; guests stay in the projects shared with them.
export function requireTeamEligible(member: { role: string }): void {
  if (member.role === "guest") throw badRequest("user: guests cannot join teams");
}
