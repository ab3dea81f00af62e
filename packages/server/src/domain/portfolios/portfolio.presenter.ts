import type { Db } from "../../db/index.ts";
import type { PortfolioItemsTable, PortfoliosTable } from "../../db/schema-resources.ts";
import { budgetAbilities } from "../billing/billing.policy.ts";
import { budgetBurns } from "../billing/budget.burn.ts";
import type { Actor } from "../context.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { latestStatusUpdates } from "../status-updates/status-update.queries.ts";
import { visiblePortfolioGids } from "./portfolio.policy.ts";
import { fieldSettingsOf, type MembershipRow, projectProgress } from "./portfolio.queries.ts";

type Json = Record<string, unknown>;
const userRef = (gid: number | null, names: Map<number, string>) =>
  gid === null ? null : { gid: String(gid), resource_type: "user", name: names.get(gid) ?? "" };

export const PORTFOLIO_COMPACT = ["name"] as const;

// Portfolios as Asana answers them; members, fields and names gathered for the whole page in four queries.
export async function presentPortfolios(db: Db, rows: PortfoliosTable[]): Promise<Json[]> {
  if (rows.length === 0) return [];
  const gids = rows.map((row) => row.gid);
  const members = await db
    .selectFrom("portfolio_memberships")
    .innerJoin("users", "users.gid", "portfolio_memberships.user_gid")
    .select(["portfolio_memberships.portfolio_gid", "users.gid", "users.name"])
    .where("portfolio_memberships.portfolio_gid", "in", gids)
    .orderBy("portfolio_memberships.gid")
    .execute();
  const userGids = [
    ...new Set(rows.flatMap((row) => [row.owner_gid, row.created_by_gid]).filter((gid): gid is number => gid !== null)),
  ];
  const names = new Map(
    userGids.length
      ? (await db.selectFrom("users").select(["gid", "name"]).where("gid", "in", userGids).execute()).map(
          (user) => [user.gid, user.name] as const,
        )
      : [],
  );
  const workspaces = new Map(
    (
      await db
        .selectFrom("workspaces")
        .select(["gid", "name"])
        .where("gid", "in", [...new Set(rows.map((row) => row.workspace_gid))])
        .execute()
    ).map((workspace) => [workspace.gid, workspace.name] as const),
  );
  const settings = await fieldSettingsOf(db, gids);
  return rows.map((row) => {
    const fields = settings.filter((setting) => setting.portfolio_gid === row.gid);
    const compact = { gid: String(row.gid), resource_type: "portfolio", name: row.name };
    const field = (setting: (typeof fields)[number]) => ({
      gid: String(setting.field_gid),
      resource_type: "custom_field",
      name: setting.field_name,
      resource_subtype: setting.resource_subtype,
    });
    return {
      ...compact,
      archived: row.archived === 1,
      color: row.color,
      start_on: row.start_on,
      due_on: row.due_on,
      default_access_level: row.default_access_level,
      created_at: row.created_at,
      created_by: userRef(row.created_by_gid, names),
      owner: userRef(row.owner_gid, names),
      members: members
        .filter((member) => member.portfolio_gid === row.gid)
        .map((member) => ({ gid: String(member.gid), resource_type: "user", name: member.name })),
      workspace: {
        gid: String(row.workspace_gid),
        resource_type: "workspace",
        name: workspaces.get(row.workspace_gid) ?? "",
      },
      public: row.public === 1,
      privacy_setting: row.public === 1 ? "public_to_domain" : "members_only",
      permalink_url: `/portfolios/${row.gid}`,
      custom_field_settings: fields.map((setting) => ({
        gid: String(setting.gid),
        resource_type: "custom_field_setting",
        is_important: setting.is_important === 1,
        parent: compact,
        custom_field: field(setting),
      })),
      custom_fields: fields.map(field),
      current_status_update: null,
      project_templates: [],
    };
  });
}

export function presentMembership(row: MembershipRow): Json {
  const portfolio = { gid: String(row.portfolio_gid), resource_type: "portfolio", name: row.portfolio_name };
  const user = { gid: String(row.user_gid), resource_type: "user", name: row.user_name };
  return {
    gid: String(row.gid),
    resource_type: "portfolio_membership",
    parent: portfolio,
    portfolio,
    member: user,
    user,
    access_level: row.access_level,
  };
}

// A portfolio's items as its page shows them: each project with its owner, dates, latest status, progress and
// (for those who may see billing) its budget's burn; each nested portfolio with its projects' progress added up.
export async function presentItems(db: Db, actor: Actor, items: PortfolioItemsTable[]): Promise<Json[]> {
  if (items.length === 0) return [];
  const projectGids = items.filter((item) => item.item_type === "project").map((item) => item.item_gid);
  const portfolioGids = items.filter((item) => item.item_type === "portfolio").map((item) => item.item_gid);
  // Projects inside the nested portfolios that the actor sees, for their progress.
  const nested = portfolioGids.length
    ? await db
        .selectFrom("portfolio_items")
        .select(["portfolio_gid", "item_gid"])
        .where("portfolio_gid", "in", portfolioGids)
        .where("item_type", "=", "project")
        .where("item_gid", "in", visibleProjectGids(db, actor.gid))
        .execute()
    : [];
  const allProjects = [...new Set([...projectGids, ...nested.map((row) => row.item_gid)])];
  const projects = allProjects.length
    ? await db.selectFrom("projects").selectAll().where("gid", "in", allProjects).execute()
    : [];
  const portfolios = portfolioGids.length
    ? await db
        .selectFrom("portfolios")
        .selectAll()
        .where("gid", "in", portfolioGids)
        .where("gid", "in", visiblePortfolioGids(db, actor.gid))
        .execute()
    : [];
  const owners = [
    ...new Set([...projects, ...portfolios].map((row) => row.owner_gid).filter((gid): gid is number => gid !== null)),
  ];
  const names = new Map(
    owners.length
      ? (await db.selectFrom("users").select(["gid", "name"]).where("gid", "in", owners).execute()).map(
          (user) => [user.gid, user.name] as const,
        )
      : [],
  );
  const progress = await projectProgress(db, allProjects);
  const statuses = await latestStatusUpdates(db, projectGids);
  const direct = projects.filter((project) => projectGids.includes(project.gid));
  const billing = await budgetAbilities(db, actor, direct);
  const readable = direct.filter((project) => billing.get(project.gid)?.read);
  const budgets = readable.length
    ? await db
        .selectFrom("budgets")
        .selectAll()
        .where(
          "project_gid",
          "in",
          readable.map((project) => project.gid),
        )
        .execute()
    : [];
  const burns = budgets.length ? await budgetBurns(db, direct[0].workspace_gid, budgets) : new Map();
  const byProject = new Map(projects.map((project) => [project.gid, project]));
  const byPortfolio = new Map(portfolios.map((portfolio) => [portfolio.gid, portfolio]));
  const result: Json[] = [];
  for (const item of items) {
    if (item.item_type === "project") {
      const project = byProject.get(item.item_gid);
      if (!project) continue;
      const status = statuses.get(project.gid);
      const burn = burns.get(project.gid);
      result.push({
        gid: String(project.gid),
        resource_type: "project",
        name: project.name,
        color: project.color,
        owner: userRef(project.owner_gid, names),
        start_on: project.start_on,
        due_on: project.due_on,
        archived: project.archived === 1,
        current_status_update: status
          ? {
              gid: String(status.gid),
              resource_type: "status_update",
              title: status.title,
              status_type: status.status_type,
              created_at: status.created_at,
            }
          : null,
        progress: progress.get(project.gid),
        ...(billing.get(project.gid)?.read
          ? {
              budget: burn
                ? { budget_type: burn.budget.budget_type, total: burn.total, actual: burn.actual, units: burn.units }
                : null,
            }
          : {}),
      });
    } else {
      const portfolio = byPortfolio.get(item.item_gid);
      if (!portfolio) continue;
      const sum = { completed: 0, total: 0 };
      for (const row of nested.filter((line) => line.portfolio_gid === portfolio.gid)) {
        const part = progress.get(row.item_gid);
        sum.completed += part?.completed ?? 0;
        sum.total += part?.total ?? 0;
      }
      result.push({
        gid: String(portfolio.gid),
        resource_type: "portfolio",
        name: portfolio.name,
        color: portfolio.color,
        owner: userRef(portfolio.owner_gid, names),
        start_on: portfolio.start_on,
        due_on: portfolio.due_on,
        archived: portfolio.archived === 1,
        current_status_update: null,
        progress: sum,
      });
    }
  }
  return result;
}

// Asana's project_portfolio_setting: a project's place in a portfolio.
export function presentProjectPortfolioSetting(row: {
  setting_gid?: number | null;
  portfolio_gid: number;
  project_gid: number;
  is_access_control_inherited?: number | null;
  created_at: string;
  portfolio_name: string;
  project_name: string;
}): Json {
  return {
    gid: String(row.setting_gid),
    resource_type: "project_portfolio_setting",
    project: { gid: String(row.project_gid), resource_type: "project", name: row.project_name },
    portfolio: { gid: String(row.portfolio_gid), resource_type: "portfolio", name: row.portfolio_name },
    is_access_control_inherited: row.is_access_control_inherited === 1,
    created_at: row.created_at,
  };
}
