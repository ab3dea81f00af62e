import {
  CreateWebhookBody,
  Empty,
  UpdateWebhookBody,
  Webhook,
  WebhookCompact,
  WebhookDeliveriesQuery,
  WebhookDelivery,
  WebhookDeliveryParams,
  WebhookParams,
  WebhooksQuery,
  WebhookWorkspaceParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WebhooksTable } from "../../db/schema.ts";
import { shape } from "../../domain/opt-fields.ts";
import { presentEvent } from "../../events/event.presenter.ts";
import { loadScope } from "../../events/event.scope.ts";
import { FAILURE_WINDOW_MS } from "../../integrations/webhooks/webhook.delivery.ts";
import { presentDelivery, presentWebhook } from "../../integrations/webhooks/webhook.presenter.ts";
import {
  changeWebhookFilters,
  listDeliveries,
  listOwnWebhooks,
  listWorkspaceWebhooks,
  redeliverEvent,
  removeWebhook,
  showWebhook,
  subscribeWebhook,
} from "../../integrations/webhooks/webhook.use-cases.ts";
import { contract } from "../contract.ts";
import { created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const COMPACT = ["active", "resource", "target"] as const;

type WebhookRoute = { Params: { webhook_gid: string } };
const webhookGidOf = (request: FastifyRequest<WebhookRoute>) => gidParam(request.params.webhook_gid, "webhook");

export async function webhooksRoutes(app: FastifyInstance) {
  const { db, config } = app.takt;

  async function present(webhook: WebhooksTable) {
    return presentWebhook(webhook, await loadScope(db, webhook.resource_type, webhook.resource_gid), FAILURE_WINDOW_MS);
  }

  async function presentList(request: FastifyRequest, rows: WebhooksTable[]) {
    const optFields = optFieldsOf(request);
    const shaped = [];
    for (const row of rows) shaped.push(shape(await present(row), optFields, COMPACT));
    return shaped;
  }

  app.post(
    "/webhooks",
    contract({ summary: "Establish a webhook", body: CreateWebhookBody, response: Webhook, status: 201 }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateWebhookBody, request.body);
      const webhook = await subscribeWebhook(ctx, config, input);
      return created(reply, "/webhooks", shape(await present(webhook), optFieldsOf(request)) as { gid: string });
    },
  );

  // Asana: the caller's own webhooks in a workspace, optionally for one resource.
  app.get(
    "/webhooks",
    contract({ summary: "Get your webhooks", query: WebhooksQuery, response: WebhookCompact, list: true }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(WebhooksQuery, request.query);
      const page = pageOf(request);
      const rows = await listOwnWebhooks(ctx, gidParam(query.workspace, "workspace"), query.resource, page.window);
      return listed(request, page, await presentList(request, rows));
    },
  );

  // A workspace's webhooks: every one for its admins, the caller's own for everyone else.
  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/webhooks",
    contract({
      summary: "Get a workspace's webhooks",
      params: WebhookWorkspaceParams,
      response: WebhookCompact,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const page = pageOf(request);
      const rows = await listWorkspaceWebhooks(ctx, gidParam(request.params.workspace_gid, "workspace"), page.window);
      return listed(request, page, await presentList(request, rows));
    },
  );

  app.get<WebhookRoute>(
    "/webhooks/:webhook_gid",
    contract({ summary: "Get a webhook", params: WebhookParams, response: Webhook }),
    async (request) => {
      const webhook = await showWebhook(ctxOf(request), webhookGidOf(request));
      return { data: shape(await present(webhook), optFieldsOf(request)) };
    },
  );

  app.put<WebhookRoute>(
    "/webhooks/:webhook_gid",
    contract({
      summary: "Update a webhook's filters",
      params: WebhookParams,
      body: UpdateWebhookBody,
      response: Webhook,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const updated = await changeWebhookFilters(ctx, webhookGidOf(request), () =>
        parseData(UpdateWebhookBody, request.body),
      );
      return { data: shape(await present(updated), optFieldsOf(request)) };
    },
  );

  app.delete<WebhookRoute>(
    "/webhooks/:webhook_gid",
    contract({ summary: "Delete a webhook", params: WebhookParams, response: Empty }),
    async (request) => {
      await removeWebhook(ctxOf(request), webhookGidOf(request));
      return { data: {} };
    },
  );

  // Takt extension: the delivery log, newest event first.
  app.get<WebhookRoute>(
    "/webhooks/:webhook_gid/deliveries",
    contract({
      summary: "Get a webhook's deliveries",
      params: WebhookParams,
      query: WebhookDeliveriesQuery,
      response: WebhookDelivery,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const webhookGid = webhookGidOf(request);
      const query = parse(WebhookDeliveriesQuery, request.query ?? {});
      const page = pageOf(request);
      const rows = await listDeliveries(ctx, webhookGid, query.status, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map(({ delivery, event }) =>
          shape(presentDelivery(delivery, event && { id: String(event.id), ...presentEvent(event) }), optFields),
        ),
      );
    },
  );

  app.post<{ Params: { webhook_gid: string; delivery_gid: string } }>(
    "/webhooks/:webhook_gid/deliveries/:delivery_gid/redeliver",
    contract({ summary: "Deliver a logged event again", params: WebhookDeliveryParams, response: WebhookDelivery }),
    async (request) => {
      const ctx = ctxOf(request);
      const webhookGid = webhookGidOf(request);
      const delivery = await redeliverEvent(ctx, webhookGid, gidParam(request.params.delivery_gid, "delivery"));
      return { data: shape(presentDelivery(delivery, null), optFieldsOf(request)) };
    },
  );
}
