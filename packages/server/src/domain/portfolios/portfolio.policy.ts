import type { Db } from "../../db/index.ts";
import type { AccessLevel } from "../../db/schema.ts";
import type { PortfolioAccessLevel, PortfoliosTable } from "../../db/schema-resources.ts";
import { notFound } from "../../errors.ts";
import { atLeast } from "../access-level.ts";
import type { Actor } from "../context.ts";
import { leveledPolicy } from "../leveled-policy.ts";
import { workspaceRoles } from "../workspaces/workspace.policy.ts";

export type PortfolioAction = "read" | "edit" | "manage";

const policy = leveledPolicy<PortfolioAccessLevel, PortfolioAction>({
  resource: "portfolio",
  rank: { viewer: 1, editor: 2, admin: 3 },
  needed: { read: "viewer", edit: "editor", manage: "admin" },
});

export const portfolioAllows = policy.allows;

// SQL: portfolios the actor sees — their members see them; a public one is seen by the workspace's full members.
// A guest sees only portfolios shared with them.
export function visiblePortfolioGids(db: Db, actorGid: number) {
  return db
    .selectFrom("portfolios as vpf")
    .select("vpf.gid")
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("portfolio_memberships as vpfm")
            .select("vpfm.gid")
            .whereRef("vpfm.portfolio_gid", "=", "vpf.gid")
            .where("vpfm.user_gid", "=", actorGid),
        ),
        eb.and([
          eb("vpf.public", "=", 1),
          eb.exists(
            eb
              .selectFrom("workspace_memberships as vpwm")
              .select("vpwm.gid")
              .whereRef("vpwm.workspace_gid", "=", "vpf.workspace_gid")
              .where("vpwm.user_gid", "=", actorGid)
              .where("vpwm.role", "in", ["admin", "member"]),
          ),
        ]),
      ]),
    );
}

// The actor's access to each portfolio (absent: none): a membership decides; otherwise a workspace admin has
// admin access to a public one, and a member its default access level.
export async function portfolioAccessLevels(
  db: Db,
  actor: Actor,
  portfolios: Pick<PortfoliosTable, "gid" | "workspace_gid" | "public" | "default_access_level">[],
): Promise<Map<number, PortfolioAccessLevel>> {
  const levels = new Map<number, PortfolioAccessLevel>();
  if (portfolios.length === 0) return levels;
  const memberships = await db
    .selectFrom("portfolio_memberships")
    .select(["portfolio_gid", "access_level"])
    .where("user_gid", "=", actor.gid)
    .where(
      "portfolio_gid",
      "in",
      portfolios.map((portfolio) => portfolio.gid),
    )
    .execute();
  const held = new Map(memberships.map((row) => [row.portfolio_gid, row.access_level]));
  const roles = await workspaceRoles(
    db,
    actor,
    portfolios.map((portfolio) => portfolio.workspace_gid),
  );
  for (const portfolio of portfolios) {
    const role = roles.get(portfolio.workspace_gid);
    const membership = held.get(portfolio.gid);
    if (role === "admin" && (membership || portfolio.public)) levels.set(portfolio.gid, "admin");
    else if (membership) levels.set(portfolio.gid, membership);
    else if (portfolio.public && role === "member") levels.set(portfolio.gid, portfolio.default_access_level);
  }
  return levels;
}

// 404 when the portfolio is unknown or not shared with the actor; 403 when seen but the action needs more access.
export async function authorizePortfolio(
  db: Db,
  actor: Actor,
  portfolio: PortfoliosTable | undefined,
  action: PortfolioAction,
): Promise<PortfolioAccessLevel> {
  if (!portfolio) throw notFound("portfolio");
  return policy.check((await portfolioAccessLevels(db, actor, [portfolio])).get(portfolio.gid), action);
}

// Whether the actor may turn a project's inherited access on or off in a portfolio (Asana's
// is_access_control_inherited): it shares the project with the portfolio's members, so it takes the portfolio's
// admin who could share the project themselves with the most an inherited grant gives (edit access, see
// INHERITED_PROJECT_ACCESS in project.policy.ts): nobody grants more than they hold.
export function mayChangeInheritedAccess(
  portfolioLevel: PortfolioAccessLevel | null | undefined,
  projectLevel: AccessLevel | null | undefined,
): boolean {
  return portfolioAllows(portfolioLevel, "manage") && atLeast(projectLevel ?? null, "editor");
}
