import type { PortfolioPermissions, ProjectPortfolioSettingPermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { projectAccessLevels } from "../projects/project.policy.ts";
import { isWorkspaceAdmin, workspaceRoles } from "../workspaces/workspace.policy.ts";
import { mayChangeInheritedAccess, portfolioAccessLevels, portfolioAllows } from "./portfolio.policy.ts";

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

// What the actor may do with each project portfolio setting they see (absent: they see it not): turn the
// project's inherited access on or off, by the rule updateProjectPortfolioSettingUseCase enforces.
export async function projectPortfolioSettingPermissions(db: Db, actor: Actor, gids: number[]) {
  const result = new Map<number, ProjectPortfolioSettingPermissions>();
  if (gids.length === 0) return result;
  const settings = await db
    .selectFrom("portfolio_items")
    .innerJoin("portfolios", "portfolios.gid", "portfolio_items.portfolio_gid")
    .innerJoin("projects", "projects.gid", "portfolio_items.item_gid")
    .select([
      "portfolio_items.setting_gid",
      "portfolios.gid as portfolio_gid",
      "portfolios.workspace_gid",
      "portfolios.public",
      "portfolios.default_access_level",
      "projects.gid as project_gid",
      "projects.privacy_setting",
    ])
    .where("portfolio_items.item_type", "=", "project")
    .where("portfolio_items.setting_gid", "in", gids)
    .execute();
  const [portfolioLevels, projectLevels] = await Promise.all([
    portfolioAccessLevels(
      db,
      actor,
      settings.map((row) => ({ ...row, gid: row.portfolio_gid })),
    ),
    projectAccessLevels(
      db,
      actor,
      settings.map((row) => ({ ...row, gid: row.project_gid })),
    ),
  ]);
  for (const setting of settings) {
    const portfolioLevel = portfolioLevels.get(setting.portfolio_gid);
    const projectLevel = projectLevels.get(setting.project_gid);
    if (!portfolioLevel || !projectLevel || typeof setting.setting_gid !== "number") continue;
    result.set(setting.setting_gid, { edit: mayChangeInheritedAccess(portfolioLevel, projectLevel) });
  }
  return result;
}
