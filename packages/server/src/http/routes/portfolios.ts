import {
  CreatePortfolioBody,
  DuplicatePortfolioBody,
  Empty,
  Job,
  Portfolio,
  PortfolioCompact,
  PortfolioCustomFieldSetting,
  PortfolioCustomFieldSettingBody,
  PortfolioItem,
  PortfolioItemBody,
  PortfolioMembersBody,
  PortfolioMembership,
  PortfolioMembershipPathParams,
  PortfolioMembershipsQuery,
  PortfolioPathParams,
  PortfolioRemoveCustomFieldSettingBody,
  PortfolioRemoveItemBody,
  PortfoliosQuery,
  ProjectPathParams,
  ProjectPortfolioSetting,
  ProjectPortfolioSettingPathParams,
  UpdatePortfolioBody,
  UpdateProjectPortfolioSettingBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { PortfoliosTable } from "../../db/schema-resources.ts";
import { shape } from "../../domain/opt-fields.ts";
import {
  PORTFOLIO_COMPACT,
  presentItems,
  presentMembership,
  presentPortfolios,
  presentProjectPortfolioSetting,
} from "../../domain/portfolios/portfolio.presenter.ts";
import {
  addItemUseCase,
  changeMembersUseCase,
  createPortfolioUseCase,
  deletePortfolioUseCase,
  duplicatePortfolioUseCase,
  fieldSettingUseCase,
  listItems,
  listMemberships,
  listPortfolioProjectSettings,
  listPortfolios,
  listProjectPortfolioSettings,
  readMembership,
  readPortfolio,
  readProjectPortfolioSetting,
  removeItemUseCase,
  updatePortfolioUseCase,
  updateProjectPortfolioSettingUseCase,
} from "../../domain/portfolios/portfolio.use-cases.ts";
import { presentApiJob } from "../../domain/templates/api-job.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { fieldSettingRoutes } from "../resource-routes.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type Params = { Params: { portfolio_gid: string } };

// Portfolios, to Asana's paths and shapes: the projects (and nested portfolios) a lead follows together.
export async function portfoliosRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  const portfolioGid = (request: FastifyRequest<Params>) => gidParam(request.params.portfolio_gid, "portfolio");
  const full = async (request: FastifyRequest, row: PortfoliosTable) => ({
    data: shape((await presentPortfolios(db, [row]))[0], optFieldsOf(request)),
  });

  app.get(
    "/portfolios",
    contract({ summary: "Get multiple portfolios", query: PortfoliosQuery, response: PortfolioCompact, list: true }),
    async (request) => {
      const query = parse(PortfoliosQuery, request.query);
      const page = pageOf(request);
      const rows = await listPortfolios(db, actorOf(request), Number(query.workspace), query.owner, page.window);
      const data = (await presentPortfolios(db, rows)).map((row) =>
        shape(row, optFieldsOf(request), PORTFOLIO_COMPACT),
      );
      return listed(request, page, data);
    },
  );
  app.post(
    "/portfolios",
    contract({ summary: "Create a portfolio", body: CreatePortfolioBody, response: Portfolio, status: 201 }),
    async (request, reply) => {
      const row = await createPortfolioUseCase(ctxOf(request), parseData(CreatePortfolioBody, request.body));
      return created(reply, "/portfolios", (await full(request, row)).data as { gid: string });
    },
  );
  app.get<Params>(
    "/portfolios/:portfolio_gid",
    contract({ summary: "Get a portfolio", params: PortfolioPathParams, response: Portfolio }),
    async (request) => full(request, await readPortfolio(db, actorOf(request), portfolioGid(request))),
  );
  app.put<Params>(
    "/portfolios/:portfolio_gid",
    contract({
      summary: "Update a portfolio",
      params: PortfolioPathParams,
      body: UpdatePortfolioBody,
      response: Portfolio,
    }),
    async (request) => {
      const input = parseData(UpdatePortfolioBody, request.body);
      return full(request, await updatePortfolioUseCase(ctxOf(request), portfolioGid(request), input));
    },
  );
  app.delete<Params>(
    "/portfolios/:portfolio_gid",
    contract({ summary: "Delete a portfolio", params: PortfolioPathParams, response: Empty }),
    async (request) => {
      await deletePortfolioUseCase(ctxOf(request), portfolioGid(request));
      return { data: {} };
    },
  );

  app.get<Params>(
    "/portfolios/:portfolio_gid/items",
    contract({ summary: "Get portfolio items", params: PortfolioPathParams, response: PortfolioItem, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const items = await listItems(db, actor, portfolioGid(request), page.window);
      const data = (await presentItems(db, actor, items)).map((row) => shape(row, optFieldsOf(request), ["name"]));
      return listed(request, page, data);
    },
  );
  app.post<Params>(
    "/portfolios/:portfolio_gid/addItem",
    contract({
      summary: "Add a portfolio item",
      params: PortfolioPathParams,
      body: PortfolioItemBody,
      response: Empty,
    }),
    async (request) => {
      await addItemUseCase(ctxOf(request), portfolioGid(request), parseData(PortfolioItemBody, request.body));
      return { data: {} };
    },
  );
  app.post<Params>(
    "/portfolios/:portfolio_gid/removeItem",
    contract({
      summary: "Remove a portfolio item",
      params: PortfolioPathParams,
      body: PortfolioRemoveItemBody,
      response: Empty,
    }),
    async (request) => {
      const { item } = parseData(PortfolioRemoveItemBody, request.body);
      await removeItemUseCase(ctxOf(request), portfolioGid(request), item);
      return { data: {} };
    },
  );

  for (const [path, add] of [
    ["addMembers", true],
    ["removeMembers", false],
  ] as const) {
    app.post<Params>(
      `/portfolios/:portfolio_gid/${path}`,
      contract({
        summary: add ? "Add users to a portfolio" : "Remove users from a portfolio",
        params: PortfolioPathParams,
        body: PortfolioMembersBody,
        response: Portfolio,
      }),
      async (request) => {
        const { members } = parseData(PortfolioMembersBody, request.body);
        const portfolio = await changeMembersUseCase(ctxOf(request), portfolioGid(request), members, add);
        return full(request, (await readPortfolioOrSelf(request, portfolio)) ?? portfolio);
      },
    );
  }
  // After leaving, the caller may no longer see the portfolio: answer with what it was.
  async function readPortfolioOrSelf(request: FastifyRequest, portfolio: PortfoliosTable) {
    return readPortfolio(db, actorOf(request), portfolio.gid).catch(() => undefined);
  }

  app.get<Params>(
    "/portfolios/:portfolio_gid/portfolio_memberships",
    contract({
      summary: "Get memberships from a portfolio",
      params: PortfolioPathParams,
      response: PortfolioMembership,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const query = request.query as { user?: string };
      const rows = await listMemberships(
        db,
        actorOf(request),
        { portfolio: request.params.portfolio_gid, user: typeof query?.user === "string" ? query.user : undefined },
        page.window,
      );
      return listed(
        request,
        page,
        rows.map((row) => shape(presentMembership(row), optFieldsOf(request))),
      );
    },
  );
  app.get(
    "/portfolio_memberships",
    contract({
      summary: "Get multiple portfolio memberships",
      query: PortfolioMembershipsQuery,
      response: PortfolioMembership,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listMemberships(
        db,
        actorOf(request),
        parse(PortfolioMembershipsQuery, request.query),
        page.window,
      );
      return listed(
        request,
        page,
        rows.map((row) => shape(presentMembership(row), optFieldsOf(request))),
      );
    },
  );
  app.get<{ Params: { portfolio_membership_gid: string } }>(
    "/portfolio_memberships/:portfolio_membership_gid",
    contract({
      summary: "Get a portfolio membership",
      params: PortfolioMembershipPathParams,
      response: PortfolioMembership,
    }),
    async (request) => {
      const gid = gidParam(request.params.portfolio_membership_gid, "portfolio_membership");
      return { data: shape(presentMembership(await readMembership(db, actorOf(request), gid)), optFieldsOf(request)) };
    },
  );

  fieldSettingRoutes(app, {
    path: "/portfolios/:portfolio_gid",
    name: "portfolio",
    params: PortfolioPathParams,
    setting: PortfolioCustomFieldSetting,
    empty: Empty,
    add: PortfolioCustomFieldSettingBody,
    remove: PortfolioRemoveCustomFieldSettingBody,
    list: async (request) => {
      const portfolio = await readPortfolio(db, actorOf(request), portfolioGid(request as FastifyRequest<Params>));
      return ((await presentPortfolios(db, [portfolio]))[0].custom_field_settings ?? []) as Record<string, unknown>[];
    },
    change: (request, input, attach) => {
      const important = "is_important" in input && input.is_important === true;
      return fieldSettingUseCase(
        ctxOf(request),
        portfolioGid(request as FastifyRequest<Params>),
        input.custom_field,
        important,
        attach,
      );
    },
  });

  app.post<Params>(
    "/portfolios/:portfolio_gid/duplicate",
    contract({
      summary: "Duplicate a portfolio",
      params: PortfolioPathParams,
      body: DuplicatePortfolioBody,
      response: Job,
      status: 201,
    }),
    async (request, reply) => {
      const input = parseData(DuplicatePortfolioBody, request.body);
      const job = await duplicatePortfolioUseCase(ctxOf(request), portfolioGid(request), input);
      return created(reply, "/jobs", await presentApiJob(db, job));
    },
  );

  app.get<Params>(
    "/portfolios/:portfolio_gid/project_portfolio_settings",
    contract({
      summary: "Get project portfolio settings for a portfolio",
      params: PortfolioPathParams,
      response: ProjectPortfolioSetting,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listPortfolioProjectSettings(db, actorOf(request), portfolioGid(request), page.window);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentProjectPortfolioSetting(row), optFieldsOf(request))),
      );
    },
  );
  app.get<{ Params: { project_gid: string } }>(
    "/projects/:project_gid/project_portfolio_settings",
    contract({
      summary: "Get project portfolio settings for a project",
      params: ProjectPathParams,
      response: ProjectPortfolioSetting,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const project = gidParam(request.params.project_gid, "project");
      const rows = await listProjectPortfolioSettings(db, actorOf(request), project, page.window);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentProjectPortfolioSetting(row), optFieldsOf(request))),
      );
    },
  );
  type SettingParams = { Params: { project_portfolio_setting_gid: string } };
  const settingGid = (request: FastifyRequest<SettingParams>) =>
    gidParam(request.params.project_portfolio_setting_gid, "project_portfolio_setting");
  app.get<SettingParams>(
    "/project_portfolio_settings/:project_portfolio_setting_gid",
    contract({
      summary: "Get a project portfolio setting",
      params: ProjectPortfolioSettingPathParams,
      response: ProjectPortfolioSetting,
    }),
    async (request) => {
      const row = await readProjectPortfolioSetting(db, actorOf(request), settingGid(request));
      return { data: shape(presentProjectPortfolioSetting(row), optFieldsOf(request)) };
    },
  );
  app.put<SettingParams>(
    "/project_portfolio_settings/:project_portfolio_setting_gid",
    contract({
      summary: "Update a project portfolio setting",
      params: ProjectPortfolioSettingPathParams,
      body: UpdateProjectPortfolioSettingBody,
      response: ProjectPortfolioSetting,
    }),
    async (request) => {
      const input = parseData(UpdateProjectPortfolioSettingBody, request.body);
      const row = await updateProjectPortfolioSettingUseCase(
        ctxOf(request),
        settingGid(request),
        input.is_access_control_inherited,
      );
      return { data: shape(presentProjectPortfolioSetting(row), optFieldsOf(request)) };
    },
  );
}
