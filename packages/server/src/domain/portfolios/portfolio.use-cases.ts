import { type CreatePortfolioBody, PORTFOLIO_DUPLICATE_INCLUDES, type UpdatePortfolioBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { PortfoliosTable } from "../../db/schema-resources.ts";
import { badRequest, forbidden, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizeProject } from "../projects/project.policy.ts";
import { findProject } from "../projects/project.queries.ts";
import { resolveMembers } from "../projects/project.resolve.ts";
import { findWorkspaceMember } from "../teams/team.queries.ts";
import { startApiJob } from "../templates/api-job.ts";
import { requireFullMember, requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import {
  addPortfolioMembers,
  copyPortfolio,
  deletePortfolio,
  insertPortfolio,
  placeItem,
  removeItem,
  removePortfolioMembers,
  setAccessControlInherited,
  setFieldSetting,
  updatePortfolio,
} from "./portfolio.commands.ts";
import { authorizePortfolio, mayChangeInheritedAccess, type PortfolioAction } from "./portfolio.policy.ts";
import {
  descendantPortfolios,
  findMembership,
  findProjectPortfolioSetting,
  loadPortfolio,
  membershipsOf,
  portfolioProjectSettings,
  projectPortfolioSettings,
  visibleItems,
  workspacePortfolios,
} from "./portfolio.queries.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

export async function portfolioFor(db: Db, actor: Actor, gid: number, action: PortfolioAction) {
  const portfolio = await loadPortfolio(db, gid);
  await authorizePortfolio(db, actor, portfolio, action);
  return portfolio!;
}

export const readPortfolio = (db: Db, actor: Actor, gid: number) => portfolioFor(db, actor, gid, "read");

// Guests get only portfolios shared with them; the list needs the workspace at all.
export async function listPortfolios(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  ownerRef: string | undefined,
  window: Window,
) {
  await requireWorkspaceRole(db, actor, workspaceGid);
  let owner: number | undefined;
  if (ownerRef !== undefined) {
    const user = await findWorkspaceMember(db, workspaceGid, actor.gid, ownerRef);
    if (!user) throw badRequest(`owner: no member of this workspace matches ${ownerRef}`);
    owner = user.gid;
  }
  return workspacePortfolios(db, actor.gid, workspaceGid, owner, window);
}

async function ownerOf(db: Db, actor: Actor, workspaceGid: number, ref: string | undefined) {
  if (ref === undefined) return undefined;
  const user = await findWorkspaceMember(db, workspaceGid, actor.gid, ref);
  if (!user) throw badRequest(`owner: no member of this workspace matches ${ref}`);
  return user.gid;
}

function checkDates(start: string | null, due: string | null) {
  if (start && due && due < start) throw badRequest("due_on: must be on or after start_on");
}

const publicOf = (input: { public?: boolean; privacy_setting?: string }) =>
  input.privacy_setting !== undefined ? input.privacy_setting === "public_to_domain" : input.public;

export function createPortfolioUseCase(ctx: ActorCtx, input: CreatePortfolioBody) {
  return unitOfWork(ctx, async (uow) => {
    const workspaceGid = Number(input.workspace);
    await requireFullMember(uow.db, uow.actor, workspaceGid);
    const owner = (await ownerOf(uow.db, uow.actor, workspaceGid, input.owner)) ?? uow.actor.gid;
    const members = await resolveMembers(uow.db, uow.actor, workspaceGid, "members", input.members ?? []);
    checkDates(input.start_on ?? null, input.due_on ?? null);
    return insertPortfolio(
      uow,
      {
        workspace_gid: workspaceGid,
        name: input.name,
        color: input.color ?? null,
        owner_gid: owner,
        created_by_gid: uow.actor.gid,
        public: publicOf(input) ? 1 : 0,
        archived: input.archived ? 1 : 0,
        default_access_level: input.default_access_level ?? "editor",
        start_on: input.start_on ?? null,
        due_on: input.due_on ?? null,
      },
      members,
    );
  });
}

export function updatePortfolioUseCase(ctx: ActorCtx, gid: number, input: UpdatePortfolioBody) {
  return unitOfWork(ctx, async (uow) => {
    const sharing = input.owner !== undefined || input.public !== undefined || input.privacy_setting !== undefined;
    const portfolio = await portfolioFor(uow.db, uow.actor, gid, sharing ? "manage" : "edit");
    const owner = await ownerOf(uow.db, uow.actor, portfolio.workspace_gid, input.owner);
    const isPublic = publicOf(input);
    const next: PortfoliosTable = {
      ...portfolio,
      name: input.name ?? portfolio.name,
      color: input.color === undefined ? portfolio.color : input.color,
      owner_gid: owner ?? portfolio.owner_gid,
      public: isPublic === undefined ? portfolio.public : isPublic ? 1 : 0,
      archived: input.archived === undefined ? portfolio.archived : input.archived ? 1 : 0,
      default_access_level: input.default_access_level ?? portfolio.default_access_level,
      start_on: input.start_on === undefined ? portfolio.start_on : input.start_on,
      due_on: input.due_on === undefined ? portfolio.due_on : input.due_on,
    };
    checkDates(next.start_on, next.due_on);
    return updatePortfolio(uow, next);
  });
}

export function deletePortfolioUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const portfolio = await portfolioFor(uow.db, uow.actor, gid, "manage");
    await deletePortfolio(uow, portfolio.gid);
  });
}

export async function listItems(db: Db, actor: Actor, gid: number, window: Window) {
  const portfolio = await readPortfolio(db, actor, gid);
  return visibleItems(db, actor.gid, portfolio.gid, window);
}

// addItem: a project the actor sees, or a portfolio they see that does not hold this one (no cycles).
export function addItemUseCase(
  ctx: ActorCtx,
  gid: number,
  input: { item: string; insert_before?: string; insert_after?: string },
) {
  return unitOfWork(ctx, async (uow) => {
    const portfolio = await portfolioFor(uow.db, uow.actor, gid, "edit");
    const itemGid = Number(input.item);
    let item: { type: "project" | "portfolio"; gid: number };
    const project = await findProject(uow.db, itemGid);
    if (project) {
      await authorizeProject(uow.db, uow.actor, project, "read").catch(() => {
        throw notFound("item");
      });
      if (project.workspace_gid !== portfolio.workspace_gid)
        throw badRequest("item: must be in the portfolio's workspace");
      item = { type: "project", gid: project.gid };
    } else {
      const nested = await loadPortfolio(uow.db, itemGid);
      await authorizePortfolio(uow.db, uow.actor, nested, "read").catch(() => {
        throw notFound("item");
      });
      if (nested!.workspace_gid !== portfolio.workspace_gid)
        throw badRequest("item: must be in the portfolio's workspace");
      if (nested!.gid === portfolio.gid || (await descendantPortfolios(uow.db, nested!.gid)).has(portfolio.gid)) {
        throw badRequest("item: a portfolio cannot hold itself or a portfolio that holds it");
      }
      item = { type: "portfolio", gid: nested!.gid };
    }
    const rows = await uow.db
      .selectFrom("portfolio_items")
      .select(["item_gid", "position"])
      .where("portfolio_gid", "=", portfolio.gid)
      .where("item_gid", "!=", item.gid)
      .orderBy("position")
      .execute();
    if (input.insert_before && input.insert_after)
      throw badRequest("insert_before: give insert_before or insert_after, not both");
    const anchorRef = input.insert_before ?? input.insert_after;
    let position = (rows.at(-1)?.position ?? 0) + 1;
    if (anchorRef) {
      const index = rows.findIndex((row) => row.item_gid === Number(anchorRef));
      const field = input.insert_before ? "insert_before" : "insert_after";
      if (index < 0) throw badRequest(`${field}: not an item of this portfolio`);
      const neighbour = input.insert_before ? rows[index - 1] : rows[index + 1];
      const fallback = input.insert_before ? rows[index].position - 1 : rows[index].position + 1;
      position = neighbour ? (neighbour.position + rows[index].position) / 2 : fallback;
    }
    await placeItem(uow, portfolio.gid, item, position);
  });
}

export function removeItemUseCase(ctx: ActorCtx, gid: number, itemRef: string) {
  return unitOfWork(ctx, async (uow) => {
    const portfolio = await portfolioFor(uow.db, uow.actor, gid, "edit");
    await removeItem(uow, portfolio.gid, Number(itemRef));
  });
}

function refsOf(value: string | string[]) {
  return (Array.isArray(value) ? value : value.split(",")).map((ref) => ref.trim()).filter(Boolean);
}

export function changeMembersUseCase(ctx: ActorCtx, gid: number, members: string | string[], add: boolean) {
  return unitOfWork(ctx, async (uow) => {
    const refs = refsOf(members);
    const self = refs.length > 0 && refs.every((ref) => ref === "me" || ref === String(uow.actor.gid));
    // Anyone may leave; adding or removing others takes admin access.
    const portfolio = await portfolioFor(uow.db, uow.actor, gid, !add && self ? "read" : "manage");
    const userGids = await resolveMembers(uow.db, uow.actor, portfolio.workspace_gid, "members", refs);
    if (add) await addPortfolioMembers(uow, portfolio, userGids);
    else await removePortfolioMembers(uow, portfolio.gid, userGids);
    return portfolio;
  });
}

export async function listMemberships(
  db: Db,
  actor: Actor,
  query: { portfolio?: string; user?: string },
  window: Window,
) {
  if (!query.portfolio) throw badRequest("portfolio: Missing input (Takt lists the memberships of one portfolio)");
  const portfolio = await readPortfolio(db, actor, Number(query.portfolio));
  let userGid: number | undefined;
  if (query.user !== undefined) {
    const user = await findWorkspaceMember(db, portfolio.workspace_gid, actor.gid, query.user);
    if (!user) throw badRequest(`user: no member of this workspace matches ${query.user}`);
    userGid = user.gid;
  }
  return membershipsOf(db, portfolio.gid, userGid, window);
}

export async function readMembership(db: Db, actor: Actor, gid: number) {
  const membership = await findMembership(db, gid);
  if (!membership) throw notFound("portfolio_membership");
  await readPortfolio(db, actor, membership.portfolio_gid).catch(() => {
    throw notFound("portfolio_membership");
  });
  return membership;
}

export function fieldSettingUseCase(ctx: ActorCtx, gid: number, fieldRef: string, important: boolean, attach: boolean) {
  return unitOfWork(ctx, async (uow) => {
    const portfolio = await portfolioFor(uow.db, uow.actor, gid, "edit");
    const field = await uow.db
      .selectFrom("custom_fields")
      .select(["gid", "workspace_gid"])
      .where("gid", "=", Number(fieldRef))
      .executeTakeFirst();
    if (!field || field.workspace_gid !== portfolio.workspace_gid) throw notFound("custom_field");
    await setFieldSetting(uow, portfolio.gid, field.gid, important, attach);
  });
}

// A project portfolio setting is seen by whoever sees both its portfolio and its project; to anyone else it does
// not exist.
async function settingFor(db: Db, actor: Actor, settingGid: number, action: PortfolioAction) {
  const setting = await findProjectPortfolioSetting(db, settingGid);
  if (!setting) throw notFound("project_portfolio_setting");
  const [portfolio, project] = await Promise.all([
    loadPortfolio(db, setting.portfolio_gid),
    findProject(db, setting.project_gid),
  ]);
  const hidden = () => {
    throw notFound("project_portfolio_setting");
  };
  const projectLevel = await authorizeProject(db, actor, project, "read").catch(hidden);
  await authorizePortfolio(db, actor, portfolio, "read").catch(hidden);
  const portfolioLevel = await authorizePortfolio(db, actor, portfolio, action);
  if (action === "manage" && !mayChangeInheritedAccess(portfolioLevel, projectLevel)) {
    throw forbidden(
      "Sharing this project with the portfolio's members needs edit access to the project: you have " +
        `${projectLevel} access.`,
    );
  }
  return setting;
}

export const readProjectPortfolioSetting = (db: Db, actor: Actor, settingGid: number) =>
  settingFor(db, actor, settingGid, "read");

// Whether the portfolio's members inherit access to the project: the call of a portfolio admin who may edit the project.
export function updateProjectPortfolioSettingUseCase(ctx: ActorCtx, settingGid: number, inherited: boolean) {
  return unitOfWork(ctx, async (uow) => {
    const setting = await settingFor(uow.db, uow.actor, settingGid, "manage");
    await setAccessControlInherited(uow, settingGid, inherited);
    return { ...setting, is_access_control_inherited: inherited ? 1 : 0 };
  });
}

export async function listPortfolioProjectSettings(db: Db, actor: Actor, portfolioGid: number, window: Window) {
  const portfolio = await readPortfolio(db, actor, portfolioGid);
  return portfolioProjectSettings(db, actor.gid, portfolio.gid, window);
}

export async function listProjectPortfolioSettings(db: Db, actor: Actor, projectGid: number, window: Window) {
  const project = await findProject(db, projectGid);
  await authorizeProject(db, actor, project, "read");
  return projectPortfolioSettings(db, actor.gid, project!.gid, window);
}

const includesOf = (include: string | string[] | undefined) =>
  (Array.isArray(include) ? include : (include ?? "").split(",")).map((name) => name.trim()).filter(Boolean);

// Duplicating runs as a job (Asana's): whoever sees the portfolio and may create portfolios copies it.
export async function duplicatePortfolioUseCase(
  ctx: ActorCtx,
  gid: number,
  input: { name: string; include?: string | string[] },
) {
  const includes = includesOf(input.include);
  for (const name of includes) {
    if (!(PORTFOLIO_DUPLICATE_INCLUDES as readonly string[]).includes(name)) {
      throw badRequest(`include: ${name} is not one of ${PORTFOLIO_DUPLICATE_INCLUDES.join(", ")}`);
    }
  }
  const job = await unitOfWork(ctx, async (uow) => {
    const portfolio = await readPortfolio(uow.db, uow.actor, gid);
    await requireFullMember(uow.db, uow.actor, portfolio.workspace_gid);
    return startApiJob(uow.db, {
      workspaceGid: portfolio.workspace_gid,
      subtype: "duplicate_portfolio",
      actorGid: uow.actor.gid,
      payload: { portfolio: portfolio.gid, name: input.name, include: includes },
    });
  });
  ctx.bus.notifyJobs();
  return job;
}

// The job's work, as the person who asked: the source must still be theirs to see; only items they see come along.
export async function duplicatePortfolio(
  ctx: ActorCtx,
  payload: { portfolio: number; name: string; include: string[] },
) {
  const source = await readPortfolio(ctx.db, ctx.actor, payload.portfolio);
  const include = new Set(payload.include);
  const members = include.has("members")
    ? await ctx.db
        .selectFrom("portfolio_memberships")
        .select(["user_gid", "access_level"])
        .where("portfolio_gid", "=", source.gid)
        .execute()
    : [];
  const items = (await visibleItems(ctx.db, ctx.actor.gid, source.gid, { limit: 10_000, offset: 0 })).filter((item) =>
    include.has(item.item_type === "project" ? "child_projects" : "child_portfolios"),
  );
  return copyPortfolio(ctx, source, {
    name: payload.name,
    ownerGid: ctx.actor.gid,
    members,
    items: items.map((item) => ({ item_type: item.item_type, item_gid: item.item_gid, position: item.position })),
    keepSharing: include.has("permissions"),
  });
}
