import type { TeamPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { teamAllows, visibilityOf } from "./team.policy.ts";

// What the actor may do with each team, from the rule authorizeTeam enforces (teamAllows). Two queries.
export async function teamPermissions(db: Db, actor: Actor, teamGids: number[]): Promise<Map<number, TeamPermissions>> {
  const result = new Map<number, TeamPermissions>();
  if (teamGids.length === 0) return result;
  const [rows, pending] = await Promise.all([
    db
      .selectFrom("teams")
      .innerJoin("workspace_memberships as wm", (join) =>
        join.onRef("wm.workspace_gid", "=", "teams.workspace_gid").on("wm.user_gid", "=", actor.gid),
      )
      .leftJoin("team_memberships as tm", (join) =>
        join.onRef("tm.team_gid", "=", "teams.gid").on("tm.user_gid", "=", actor.gid),
      )
      .selectAll("teams")
      .select(["wm.role", "tm.gid as membership_gid", "tm.is_admin"])
      .where("teams.gid", "in", teamGids)
      .execute(),
    db
      .selectFrom("team_join_requests")
      .select("team_gid")
      .where("team_gid", "in", teamGids)
      .where("user_gid", "=", actor.gid)
      .where("status", "=", "pending")
      .execute(),
  ]);
  const asked = new Set(pending.map((row) => row.team_gid));
  for (const row of rows) {
    const standing = { workspaceRole: row.role, member: row.membership_gid !== null, teamAdmin: row.is_admin === 1 };
    if (!teamAllows(row, standing, "read")) continue;
    const direct = !standing.member && (visibilityOf(row) === "public" || teamAllows(row, standing, "add_members"));
    result.set(row.gid, {
      edit: teamAllows(row, standing, "edit"),
      edit_visibility: teamAllows(row, standing, "edit_visibility"),
      add_members: teamAllows(row, standing, "add_members"),
      remove_members: teamAllows(row, standing, "remove_members"),
      manage_join_requests: teamAllows(row, standing, "manage_join_requests"),
      join: direct,
      request_to_join: !standing.member && !direct && visibilityOf(row) === "request_to_join" && !asked.has(row.gid),
      leave: standing.member,
    });
  }
  return result;
}
