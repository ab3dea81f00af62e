import type { FastifyInstance, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Db } from "../db/index.ts";
import type { Actor, Ctx } from "../domain/context.ts";
import { shape } from "../domain/opt-fields.ts";
import { contract } from "./contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "./request.ts";
import { gidParam, parse, parseData } from "./validation.ts";

type Json = Record<string, unknown>;
type Window = { limit: number; offset: number };
type ActorCtx = Ctx & { actor: Actor };

// The five routes of an Asana resource collection (GET/POST /things, GET/PUT/DELETE /things/{thing_gid}), each
// declaring its contract and calling one use case (which goes through the area's policy), then presenting the
// rows in one batch. A verb left out is not routed.
export interface ResourceRoutes<Row, Query, Create, Update> {
  // "/rates", "rate_gid", "rate"
  path: string;
  param: string;
  name: string;
  response: z.ZodType;
  params: z.ZodType;
  present: (rows: Row[]) => Promise<Json[]> | Json[];
  list?: {
    summary: string;
    query: z.ZodType<Query>;
    run: (db: Db, actor: Actor, query: Query, window: Window) => Promise<Row[]>;
  };
  create?: { summary: string; body: z.ZodType<Create>; run: (ctx: ActorCtx, input: Create) => Promise<Row> };
  read?: { summary: string; run: (db: Db, actor: Actor, gid: number) => Promise<Row> };
  update?: {
    summary: string;
    body: z.ZodType<Update>;
    run: (ctx: ActorCtx, gid: number, input: Update) => Promise<Row>;
  };
  remove?: { summary: string; response: z.ZodType; run: (ctx: ActorCtx, gid: number) => Promise<void> };
}

export function resourceRoutes<Row, Query, Create, Update>(
  app: FastifyInstance,
  spec: ResourceRoutes<Row, Query, Create, Update>,
) {
  const { db } = app.takt;
  const item = `${spec.path}/:${spec.param}`;
  type Params = { Params: Record<string, string> };
  const gidOf = (request: FastifyRequest<Params>) => gidParam(request.params[spec.param], spec.name);
  const presentOne = async (request: FastifyRequest, row: Row) => ({
    data: shape((await spec.present([row]))[0], optFieldsOf(request)),
  });
  const { list, create, read, update, remove } = spec;

  if (list) {
    app.get(
      spec.path,
      contract({ summary: list.summary, query: list.query, response: spec.response, list: true }),
      async (request) => {
        const page = pageOf(request);
        const rows = await list.run(db, actorOf(request), parse(list.query, request.query), page.window);
        const data = (await spec.present(rows)).map((row) => shape(row, optFieldsOf(request)));
        return listed(request, page, data);
      },
    );
  }
  if (create) {
    app.post(
      spec.path,
      contract({ summary: create.summary, body: create.body, response: spec.response, status: 201 }),
      async (request, reply) => {
        const row = await create.run(ctxOf(request), parseData(create.body, request.body));
        return created(reply, spec.path, (await spec.present([row]))[0] as { gid: string });
      },
    );
  }
  if (read) {
    app.get<Params>(
      item,
      contract({ summary: read.summary, params: spec.params, response: spec.response }),
      async (request) => presentOne(request, await read.run(db, actorOf(request), gidOf(request))),
    );
  }
  if (update) {
    app.put<Params>(
      item,
      contract({ summary: update.summary, params: spec.params, body: update.body, response: spec.response }),
      async (request) => {
        const input = parseData(update.body, request.body);
        return presentOne(request, await update.run(ctxOf(request), gidOf(request), input));
      },
    );
  }
  if (remove) {
    app.delete<Params>(
      item,
      contract({ summary: remove.summary, params: spec.params, response: remove.response }),
      async (request) => {
        await remove.run(ctxOf(request), gidOf(request));
        return { data: {} };
      },
    );
  }
}

// A resource's custom field settings, to Asana's paths: GET {path}/custom_field_settings (a page of the settings
// the `list` use case read, after its policy check) and POST {path}/addCustomFieldSetting and
// /removeCustomFieldSetting (the `change` use case, `attach` saying which).
export interface FieldSettingRoutes<Add, Remove> {
  // "/goals/:goal_gid", "goal"
  path: string;
  name: string;
  params: z.ZodType;
  setting: z.ZodType;
  empty: z.ZodType;
  add: z.ZodType<Add>;
  remove: z.ZodType<Remove>;
  list: (request: FastifyRequest) => Promise<Json[]>;
  change: (request: FastifyRequest, input: Add | Remove, attach: boolean) => Promise<void>;
}

export function fieldSettingRoutes<Add, Remove>(app: FastifyInstance, routes: FieldSettingRoutes<Add, Remove>): void {
  app.get(
    `${routes.path}/custom_field_settings`,
    contract({
      summary: `Get a ${routes.name}'s custom fields`,
      params: routes.params,
      response: routes.setting,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const settings = await routes.list(request);
      const window = settings.slice(page.window.offset, page.window.offset + page.window.limit);
      return listed(
        request,
        page,
        window.map((row) => shape(row, optFieldsOf(request))),
      );
    },
  );
  for (const [path, attach] of [
    ["addCustomFieldSetting", true],
    ["removeCustomFieldSetting", false],
  ] as const) {
    app.post(
      `${routes.path}/${path}`,
      contract({
        summary: `${attach ? "Add a custom field to" : "Remove a custom field from"} a ${routes.name}`,
        params: routes.params,
        body: attach ? routes.add : routes.remove,
        response: routes.empty,
      }),
      async (request) => {
        const input = attach ? parseData(routes.add, request.body) : parseData(routes.remove, request.body);
        await routes.change(request, input as Add | Remove, attach);
        return { data: {} };
      },
    );
  }
}
