import type { Expression, ExpressionBuilder } from "kysely";
import type { Db } from "../../db/index.ts";
import type { GoalsTable } from "../../db/schema-resources.ts";
import { notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { leveledPolicy } from "../leveled-policy.ts";
import { workspaceRoles } from "../workspaces/workspace.policy.ts";

export type GoalAction = "read" | "edit" | "delete" | "comment";

// SQL: goals the actor sees. A goal public to the workspace is seen by its full members; a members-only goal by
// its owner, creator and followers. A guest sees only goals they follow (shared with them).
export function visibleGoalGids(db: Db, actorGid: number | Expression<number>) {
  return db
    .selectFrom("goals as vg")
    .select("vg.gid")
    .where((eb) =>
      eb.or([
        eb("vg.owner_gid", "=", actorGid),
        eb("vg.created_by_gid", "=", actorGid),
        eb.exists(
          eb
            .selectFrom("goal_followers as vgf")
            .select("vgf.goal_gid")
            .whereRef("vgf.goal_gid", "=", "vg.gid")
            .where("vgf.user_gid", "=", actorGid),
        ),
        eb.and([
          eb("vg.privacy_setting", "=", "public_to_workspace"),
          eb.exists(
            eb
              .selectFrom("workspace_memberships as vgwm")
              .select("vgwm.gid")
              .whereRef("vgwm.workspace_gid", "=", "vg.workspace_gid")
              .where("vgwm.user_gid", "=", actorGid)
              .where("vgwm.role", "in", ["admin", "member"]),
          ),
        ]),
      ]),
    );
}

// SQL: whether the actor (a gid, or a column of the outer query: many readers at once) sees the goal.
export function goalVisible(db: Db, actor: number | Expression<number>, goalGid: number | Expression<number>) {
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    eb.exists(visibleGoalGids(db, actor).where("vg.gid", "=", goalGid));
}

// What the actor may do with each goal they see: its owner, its creator and workspace admins change it and post
// its status; everyone who sees it may follow it and comment on it.
export async function goalAbilities(
  db: Db,
  actor: Actor,
  goals: Pick<GoalsTable, "gid" | "workspace_gid" | "owner_gid" | "created_by_gid">[],
) {
  const result = new Map<
    number,
    { edit: boolean; post_status: boolean; delete: boolean; follow: boolean; comment: boolean }
  >();
  if (goals.length === 0) return result;
  const visible = new Set(
    (
      await db
        .selectFrom("goals")
        .select("gid")
        .where(
          "gid",
          "in",
          goals.map((goal) => goal.gid),
        )
        .where("gid", "in", visibleGoalGids(db, actor.gid))
        .execute()
    ).map((row) => row.gid),
  );
  const roles = await workspaceRoles(
    db,
    actor,
    goals.map((goal) => goal.workspace_gid),
  );
  for (const goal of goals) {
    if (!visible.has(goal.gid)) continue;
    const role = roles.get(goal.workspace_gid);
    const mine = goal.owner_gid === actor.gid || goal.created_by_gid === actor.gid;
    const edit = role === "admin" || (mine && role === "member");
    result.set(goal.gid, { edit, post_status: edit, delete: edit, follow: !!role, comment: true });
  }
  return result;
}

// A goal's levels: whoever sees it reads, follows and comments; its owner, creator and workspace admins change it.
const policy = leveledPolicy<"viewer" | "editor", GoalAction>({
  resource: "goal",
  rank: { viewer: 1, editor: 2 },
  needed: { read: "viewer", comment: "viewer", edit: "editor", delete: "editor" },
  refusal: () => "Only the goal's owner, its creator or a workspace admin can change it.",
});

export async function authorizeGoal(db: Db, actor: Actor, goal: GoalsTable | undefined, action: GoalAction) {
  if (!goal) throw notFound("goal");
  const abilities = (await goalAbilities(db, actor, [goal])).get(goal.gid);
  policy.check(abilities ? (abilities.edit ? "editor" : "viewer") : null, action);
}
