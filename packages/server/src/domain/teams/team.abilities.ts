import type { TeamPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";

// What the actor may do with each team, from the rules authorizeTeam enforces: full members of the workspace see
// and may join every team; team admins and workspace admins manage it; anyone in it may leave. Two queries.
export async function teamPermissions(db: Db, actor: Actor, teamGids: number[]): Promise<Map<number, TeamPermissions>> {
  const result = new Map<number, TeamPermissions>();
  if (teamGids.length === 0) return result;
  const rows = await db
    .selectFrom("teams")
    .innerJoin("workspace_memberships as wm", (join) =>
      join.onRef("wm.workspace_gid", "=", "teams.workspace_gid").on("wm.user_gid", "=", actor.gid),
    )
    .leftJoin("team_memberships as tm", (join) =>
      join.onRef("tm.team_gid", "=", "teams.gid").on("tm.user_gid", "=", actor.gid),
    )
    .select(["teams.gid", "wm.role", "tm.gid as membership_gid", "tm.is_admin"])
    .where("teams.gid", "in", teamGids)
    .execute();
  for (const row of rows) {
    if (row.role === "guest") continue;
    const manage = row.role === "admin" || row.is_admin === 1;
    const member = row.membership_gid !== null;
    result.set(row.gid, {
      edit: manage,
      add_members: manage,
      remove_members: manage,
      join: !member,
      leave: member,
    });
  }
  return result;
}
