import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { WebhooksTable } from "../../db/schema.ts";
import { shape } from "../../domain/opt-fields.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { presentEvent } from "../../events/event.presenter.ts";
import { loadScope, resolveScope } from "../../events/event.scope.ts";
import {
  createWebhook,
  deleteWebhook,
  redeliver,
  updateWebhookFilters,
} from "../../integrations/webhooks/webhook.commands.ts";
import { FAILURE_WINDOW_MS } from "../../integrations/webhooks/webhook.delivery.ts";
import { WebhookFilters } from "../../integrations/webhooks/webhook.filters.ts";
import { authorizeWebhook } from "../../integrations/webhooks/webhook.policy.ts";
import { presentDelivery, presentWebhook } from "../../integrations/webhooks/webhook.presenter.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const CreateWebhook = z.strictObject({
  resource: z.string().min(1),
  target: z.string().trim().min(1).max(2000),
  filters: WebhookFilters.default([]),
});
const UpdateWebhook = z.strictObject({ filters: WebhookFilters });
const ListQuery = z.object({ workspace: z.string().min(1), resource: z.string().min(1).optional() });

const COMPACT = ["active", "resource", "target"] as const;

type WebhookParams = { Params: { webhook_gid: string } };

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

  async function loadWebhook(request: FastifyRequest<WebhookParams>) {
    const webhook = await db
      .selectFrom("webhooks")
      .selectAll()
      .where("gid", "=", gidParam(request.params.webhook_gid, "webhook"))
      .executeTakeFirst();
    return authorizeWebhook(db, actorOf(request), webhook);
  }

  app.post("/webhooks", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateWebhook, request.body);
    const scope = await resolveScope(db, ctx.actor, gidParam(input.resource, "resource"));
    const webhook = await createWebhook(ctx, config, scope, { target: input.target, filters: input.filters });
    return created(reply, "/webhooks", shape(await present(webhook), optFieldsOf(request)) as { gid: string });
  });

  // Asana: the caller's own webhooks in a workspace, optionally for one resource.
  app.get("/webhooks", async (request) => {
    const actor = actorOf(request);
    const query = parse(ListQuery, request.query);
    const workspaceGid = gidParam(query.workspace, "workspace");
    await requireWorkspaceRole(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("webhooks")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .where("created_by_gid", "=", actor.gid)
      .$if(Boolean(query.resource), (builder) =>
        builder.where("resource_gid", "=", gidParam(query.resource, "resource")),
      )
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await presentList(request, rows));
  });

  // A workspace's webhooks: every one for its admins, the caller's own for everyone else.
  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/webhooks", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    const role = await requireWorkspaceRole(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("webhooks")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .$if(role !== "admin", (builder) => builder.where("created_by_gid", "=", actor.gid))
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await presentList(request, rows));
  });

  app.get<WebhookParams>("/webhooks/:webhook_gid", async (request) => {
    const webhook = await loadWebhook(request);
    return { data: shape(await present(webhook), optFieldsOf(request)) };
  });

  app.put<WebhookParams>("/webhooks/:webhook_gid", async (request) => {
    const webhook = await loadWebhook(request);
    const input = parseData(UpdateWebhook, request.body);
    const updated = await updateWebhookFilters(ctxOf(request), webhook, input.filters);
    return { data: shape(await present(updated), optFieldsOf(request)) };
  });

  app.delete<WebhookParams>("/webhooks/:webhook_gid", async (request) => {
    const webhook = await loadWebhook(request);
    await deleteWebhook(ctxOf(request), webhook);
    return { data: {} };
  });

  // Takt extension: the delivery log, newest event first.
  app.get<WebhookParams>("/webhooks/:webhook_gid/deliveries", async (request) => {
    const webhook = await loadWebhook(request);
    const query = request.query as Record<string, unknown>;
    const status = query.status;
    if (status !== undefined && !["pending", "delivered", "failed"].includes(String(status))) {
      throw badRequest("status: must be one of pending, delivered, failed");
    }
    const page = pageOf(request);
    const rows = await db
      .selectFrom("webhook_deliveries")
      .leftJoin("events", "events.id", "webhook_deliveries.event_id")
      .selectAll("webhook_deliveries")
      .select([
        "events.id as e_id",
        "events.workspace_gid as e_workspace_gid",
        "events.actor_gid as e_actor_gid",
        "events.resource_type as e_resource_type",
        "events.resource_gid as e_resource_gid",
        "events.resource_subtype as e_resource_subtype",
        "events.parent_type as e_parent_type",
        "events.parent_gid as e_parent_gid",
        "events.action as e_action",
        "events.change as e_change",
        "events.created_at as e_created_at",
      ])
      .where("webhook_deliveries.webhook_gid", "=", webhook.gid)
      .$if(status !== undefined, (builder) =>
        builder.where("webhook_deliveries.state", "=", String(status) as "pending" | "delivered" | "failed"),
      )
      .orderBy("webhook_deliveries.event_id", "desc")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    const data = rows.map((row) => {
      const event =
        row.e_id === null
          ? null
          : presentEvent({
              id: row.e_id,
              workspace_gid: row.e_workspace_gid ?? webhook.workspace_gid,
              actor_gid: row.e_actor_gid,
              resource_type: row.e_resource_type ?? "",
              resource_gid: row.e_resource_gid ?? 0,
              resource_subtype: row.e_resource_subtype,
              parent_type: row.e_parent_type,
              parent_gid: row.e_parent_gid,
              action: row.e_action ?? "changed",
              change: row.e_change,
              created_at: row.e_created_at ?? row.created_at,
            });
      return shape(presentDelivery(row, event), optFields);
    });
    return listed(request, page, data);
  });

  app.post<{ Params: { webhook_gid: string; delivery_gid: string } }>(
    "/webhooks/:webhook_gid/deliveries/:delivery_gid/redeliver",
    async (request) => {
      const webhook = await loadWebhook(request);
      const delivery = await redeliver(ctxOf(request), webhook, gidParam(request.params.delivery_gid, "delivery"));
      if (!delivery) throw notFound("delivery");
      return { data: shape(presentDelivery(delivery, null), optFieldsOf(request)) };
    },
  );
}
