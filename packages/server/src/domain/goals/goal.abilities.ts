import type { GoalPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { goalAbilities } from "./goal.policy.ts";

// What the actor may do with each goal (absent: they cannot see it), by goal.policy.ts's rules.
export async function goalPermissions(db: Db, actor: Actor, gids: number[]): Promise<Map<number, GoalPermissions>> {
  if (gids.length === 0) return new Map();
  const goals = await db
    .selectFrom("goals")
    .select(["gid", "workspace_gid", "owner_gid", "created_by_gid"])
    .where("gid", "in", gids)
    .execute();
  return goalAbilities(db, actor, goals);
}
