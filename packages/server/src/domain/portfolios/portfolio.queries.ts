import type { Db } from "../../db/index.ts";
import type { PortfoliosTable } from "../../db/schema-resources.ts";
import { visibleProjectGids } from "../projects/project.policy.ts";
import { visiblePortfolioGids } from "./portfolio.policy.ts";

type Window = { limit: number; offset: number };

export function loadPortfolio(db: Db, gid: number): Promise<PortfoliosTable | undefined> {
  return db.selectFrom("portfolios").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function workspacePortfolios(
  db: Db,
  actorGid: number,
  workspaceGid: number,
  owner: number | undefined,
  window: Window,
) {
  let query = db
    .selectFrom("portfolios")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visiblePortfolioGids(db, actorGid));
  if (owner !== undefined) query = query.where("owner_gid", "=", owner);
  return query.orderBy("name").orderBy("gid").limit(window.limit).offset(window.offset).execute();
}

// A portfolio's items the actor sees (projects they see, portfolios shared with them), in the portfolio's order.
export function visibleItems(db: Db, actorGid: number, portfolioGid: number, window: Window) {
  return db
    .selectFrom("portfolio_items")
    .selectAll()
    .where("portfolio_gid", "=", portfolioGid)
    .where((eb) =>
      eb.or([
        eb.and([eb("item_type", "=", "project"), eb("item_gid", "in", visibleProjectGids(db, actorGid))]),
        eb.and([eb("item_type", "=", "portfolio"), eb("item_gid", "in", visiblePortfolioGids(db, actorGid))]),
      ]),
    )
    .orderBy("position")
    .orderBy("item_gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// Every portfolio below this one (its nested portfolios, theirs, and so on), to refuse a cycle.
export async function descendantPortfolios(db: Db, portfolioGid: number): Promise<Set<number>> {
  const seen = new Set<number>();
  let frontier = [portfolioGid];
  while (frontier.length > 0) {
    const rows = await db
      .selectFrom("portfolio_items")
      .select("item_gid")
      .where("item_type", "=", "portfolio")
      .where("portfolio_gid", "in", frontier)
      .execute();
    frontier = rows.map((row) => row.item_gid).filter((gid) => !seen.has(gid));
    for (const gid of frontier) seen.add(gid);
  }
  return seen;
}

export function membershipsOf(db: Db, portfolioGid: number, userGid: number | undefined, window: Window) {
  let query = db
    .selectFrom("portfolio_memberships")
    .innerJoin("users", "users.gid", "portfolio_memberships.user_gid")
    .innerJoin("portfolios", "portfolios.gid", "portfolio_memberships.portfolio_gid")
    .select([
      "portfolio_memberships.gid",
      "portfolio_memberships.portfolio_gid",
      "portfolio_memberships.user_gid",
      "portfolio_memberships.access_level",
      "users.name as user_name",
      "portfolios.name as portfolio_name",
    ])
    .where("portfolio_memberships.portfolio_gid", "=", portfolioGid);
  if (userGid !== undefined) query = query.where("portfolio_memberships.user_gid", "=", userGid);
  return query.orderBy("portfolio_memberships.gid").limit(window.limit).offset(window.offset).execute();
}

export type MembershipRow = Awaited<ReturnType<typeof membershipsOf>>[number];

export function findMembership(db: Db, gid: number) {
  return db
    .selectFrom("portfolio_memberships")
    .innerJoin("users", "users.gid", "portfolio_memberships.user_gid")
    .innerJoin("portfolios", "portfolios.gid", "portfolio_memberships.portfolio_gid")
    .select([
      "portfolio_memberships.gid",
      "portfolio_memberships.portfolio_gid",
      "portfolio_memberships.user_gid",
      "portfolio_memberships.access_level",
      "users.name as user_name",
      "portfolios.name as portfolio_name",
    ])
    .where("portfolio_memberships.gid", "=", gid)
    .executeTakeFirst();
}

export function fieldSettingsOf(db: Db, portfolioGids: number[]) {
  if (portfolioGids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("portfolio_custom_field_settings")
    .innerJoin("custom_fields", "custom_fields.gid", "portfolio_custom_field_settings.custom_field_gid")
    .select([
      "portfolio_custom_field_settings.gid",
      "portfolio_custom_field_settings.portfolio_gid",
      "portfolio_custom_field_settings.is_important",
      "custom_fields.gid as field_gid",
      "custom_fields.name as field_name",
      "custom_fields.resource_subtype",
    ])
    .where("portfolio_custom_field_settings.portfolio_gid", "in", portfolioGids)
    .orderBy("portfolio_custom_field_settings.gid")
    .execute();
}

// Completed and total top-level tasks of each project, in one query.
export async function projectProgress(db: Db, projectGids: number[]) {
  const result = new Map<number, { completed: number; total: number }>();
  if (projectGids.length === 0) return result;
  const rows = await db
    .selectFrom("task_memberships")
    .innerJoin("tasks", "tasks.gid", "task_memberships.task_gid")
    .select(["task_memberships.project_gid", "tasks.completed", (eb) => eb.fn.countAll<number>().as("count")])
    .where("task_memberships.project_gid", "in", projectGids)
    .where("tasks.parent_gid", "is", null)
    .groupBy(["task_memberships.project_gid", "tasks.completed"])
    .execute();
  for (const gid of projectGids) result.set(gid, { completed: 0, total: 0 });
  for (const row of rows) {
    const entry = result.get(row.project_gid)!;
    entry.total += Number(row.count);
    if (row.completed === 1) entry.completed += Number(row.count);
  }
  return result;
}

// Project portfolio settings (a project item of a portfolio, with its setting gid) joined to both names.
function settingsQuery(db: Db) {
  return db
    .selectFrom("portfolio_items as pi")
    .innerJoin("portfolios as pf", "pf.gid", "pi.portfolio_gid")
    .innerJoin("projects as pr", "pr.gid", "pi.item_gid")
    .select([
      "pi.setting_gid",
      "pi.portfolio_gid",
      "pi.item_gid as project_gid",
      "pi.is_access_control_inherited",
      "pi.created_at",
      "pf.name as portfolio_name",
      "pr.name as project_name",
    ])
    .where("pi.item_type", "=", "project")
    .where("pi.setting_gid", "is not", null);
}
export type ProjectPortfolioSettingRow = Awaited<ReturnType<typeof findProjectPortfolioSetting>> & {};

export function findProjectPortfolioSetting(db: Db, settingGid: number) {
  return settingsQuery(db).where("pi.setting_gid", "=", settingGid).executeTakeFirst();
}

// The settings of a portfolio's projects the actor sees, in the portfolio's order.
export function portfolioProjectSettings(db: Db, actorGid: number, portfolioGid: number, window: Window) {
  return settingsQuery(db)
    .where("pi.portfolio_gid", "=", portfolioGid)
    .where("pi.item_gid", "in", visibleProjectGids(db, actorGid))
    .orderBy("pi.position")
    .orderBy("pi.item_gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// The settings of a project in the portfolios the actor sees.
export function projectPortfolioSettings(db: Db, actorGid: number, projectGid: number, window: Window) {
  return settingsQuery(db)
    .where("pi.item_gid", "=", projectGid)
    .where("pi.portfolio_gid", "in", visiblePortfolioGids(db, actorGid))
    .orderBy("pf.name")
    .orderBy("pi.portfolio_gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
