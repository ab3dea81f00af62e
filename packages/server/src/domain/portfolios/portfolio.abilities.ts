import type { PortfolioPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { isWorkspaceAdmin, workspaceRoles } from "../workspaces/workspace.policy.ts";
import { portfolioAccessLevels, portfolioAllows } from "./portfolio.policy.ts";

// What the actor may do with each portfolio (absent: they cannot see it), by the rules portfolio.policy.ts enforces.
export async function portfolioPermissions(db: Db, actor: Actor, gids: number[]) {
  const result = new Map<number, PortfolioPermissions>();
  if (gids.length === 0) return result;
  const portfolios = await db
    .selectFrom("portfolios")
    .select(["gid", "workspace_gid", "public", "default_access_level"])
    .where("gid", "in", gids)
    .execute();
  const levels = await portfolioAccessLevels(db, actor, portfolios);
  const roles = await workspaceRoles(
    db,
    actor,
    portfolios.map((portfolio) => portfolio.workspace_gid),
  );
  for (const portfolio of portfolios) {
    const level = levels.get(portfolio.gid);
    if (!level) continue;
    result.set(portfolio.gid, {
      edit: portfolioAllows(level, "edit"),
      add_items: portfolioAllows(level, "edit"),
      manage_members: portfolioAllows(level, "manage"),
      delete: portfolioAllows(level, "manage"),
      view_billing: isWorkspaceAdmin(roles.get(portfolio.workspace_gid) ?? null),
    });
  }
  return result;
}
