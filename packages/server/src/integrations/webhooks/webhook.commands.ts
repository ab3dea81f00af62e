import { randomBytes } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { WebhookFilter } from "@takt/contracts";
import type { Config } from "../../config.ts";
import { inTransaction } from "../../db/index.ts";
import type { WebhooksTable } from "../../db/schema.ts";
import { recordAudit } from "../../domain/audit/audit.record.ts";
import type { Ctx } from "../../domain/context.ts";
import { badRequest } from "../../errors.ts";
import type { EventScope } from "../../events/event.scope.ts";
import { newGid } from "../../ids.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { type OutboundPolicy, outboundPolicy, refuseTarget } from "./target-guard.ts";
import { flushJob } from "./webhook.dispatcher.ts";
import { postToTarget } from "./webhook.http.ts";

type WebhookCtx = Ctx & { actor: NonNullable<Ctx["actor"]> };

// Asana's handshake: POST to the target with X-Hook-Secret; it must answer 200 or 204 echoing the header.
// A failure names the status only (with its standard phrase): the target's own words and body are not handed
// back, so creating webhooks is no way to read pages of an address the server can reach.
async function handshake(
  target: string,
  secret: string,
  timeoutMs: number,
  policy: OutboundPolicy,
): Promise<string | null> {
  const answer = await postToTarget(target, { "x-hook-secret": secret }, undefined, timeoutMs, policy);
  if (answer.status === null) return `target: the handshake failed: ${answer.content}`;
  if (answer.status !== 200 && answer.status !== 204) {
    const status = `${answer.status} ${STATUS_CODES[answer.status] ?? ""}`.trim();
    const redirect = answer.status >= 300 && answer.status < 400 ? " (redirects are not followed)" : "";
    return `target: the handshake failed: ${status}; the target must answer 200 or 204${redirect}`;
  }
  if (answer.headers?.get("x-hook-secret") !== secret) {
    return "target: the handshake failed: the target must echo the X-Hook-Secret header it received in its answer";
  }
  return null;
}

export interface ShookWebhook {
  scope: EventScope;
  target: string;
  filters: WebhookFilter[];
  secret: string;
}

// A new webhook's checks and Asana's handshake with its target. A network call: run it outside any transaction.
export async function handshakeWebhook(
  config: Config,
  scope: EventScope,
  input: { target: string; filters: WebhookFilter[] },
): Promise<ShookWebhook> {
  if ((scope.type === "workspace" || scope.type === "team") && input.filters.length === 0) {
    throw badRequest(`filters: webhooks on a ${scope.type} need at least one filter`);
  }
  if ((scope.type === "workspace" || scope.type === "team") && input.filters.some((filter) => filter.fields)) {
    throw badRequest(`filters: fields are not supported on webhooks on a ${scope.type}`);
  }
  const policy = outboundPolicy(config);
  const refused = await refuseTarget(input.target, policy);
  if (refused) throw badRequest(refused);
  const secret = randomBytes(32).toString("hex");
  const failed = await handshake(input.target, secret, config.webhookTimeoutMs, policy);
  if (failed) throw badRequest(failed);
  return { scope, target: input.target, filters: input.filters, secret };
}

// Stores a webhook whose target completed the handshake: nothing is stored otherwise.
export async function insertWebhook(ctx: WebhookCtx, shook: ShookWebhook): Promise<WebhooksTable> {
  const gid = newGid();
  const webhook: WebhooksTable = {
    gid,
    workspace_gid: shook.scope.workspace_gid,
    resource_type: shook.scope.type,
    resource_gid: shook.scope.gid,
    target: shook.target,
    secret: shook.secret,
    filters: JSON.stringify(shook.filters),
    active: 1,
    created_by_gid: ctx.actor.gid,
    // Events from now on; ones already in the log belong to before the subscription.
    first_event_id: gid,
    created_at: new Date().toISOString(),
    last_success_at: null,
    last_failure_at: null,
    last_failure_content: null,
    failing_since: null,
    delivery_retry_count: 0,
    next_attempt_after: null,
    lease_owner: null,
    lease_until: null,
  };
  await ctx.db.insertInto("webhooks").values(webhook).execute();
  return webhook;
}

export async function updateWebhookFilters(ctx: Ctx, webhook: WebhooksTable, filters: WebhookFilter[]) {
  if ((webhook.resource_type === "workspace" || webhook.resource_type === "team") && filters.length === 0) {
    throw badRequest(`filters: webhooks on a ${webhook.resource_type} need at least one filter`);
  }
  await ctx.db
    .updateTable("webhooks")
    .set({ filters: JSON.stringify(filters) })
    .where("gid", "=", webhook.gid)
    .execute();
  return ctx.db.selectFrom("webhooks").selectAll().where("gid", "=", webhook.gid).executeTakeFirstOrThrow();
}

export async function deleteWebhook(ctx: Ctx, webhook: WebhooksTable): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom("webhook_deliveries").where("webhook_gid", "=", webhook.gid).execute();
    await trx.deleteFrom("webhooks").where("gid", "=", webhook.gid).execute();
    await recordAudit(trx, ctx.origin, ctx.actor, {
      workspaceGid: webhook.workspace_gid,
      eventType: "webhook_deleted",
      category: "deletion",
      // The query string may carry a receiver's key: the log keeps the address only.
      resource: { type: "webhook", gid: webhook.gid, name: webhook.target.split("?")[0] },
      details: { resource: { gid: String(webhook.resource_gid), resource_type: webhook.resource_type } },
    });
  });
}

// Sends one logged event again. A person asking for it means "try now": the webhook's backoff is reset and a
// webhook switched off after a day of failures is switched back on. The caller wakes the workers once it commits.
export async function redeliver(ctx: Ctx, webhook: WebhooksTable, deliveryGid: number) {
  return inTransaction(ctx.db, async (trx) => {
    const updated = await trx
      .updateTable("webhook_deliveries")
      // Sent again in a new POST (a new delivery id): the receiver asked for it, it is not a retry.
      .set({ state: "pending", last_error: null, delivery_id: null })
      .where("gid", "=", deliveryGid)
      .where("webhook_gid", "=", webhook.gid)
      .returningAll()
      .executeTakeFirst();
    if (!updated) return null;
    await trx
      .updateTable("webhooks")
      .set({ active: 1, next_attempt_after: null, delivery_retry_count: 0, failing_since: null })
      .where("gid", "=", webhook.gid)
      .execute();
    const job = flushJob(webhook.gid);
    // A flush already waiting out the backoff is brought forward instead of queueing a second one.
    if (!(await enqueueJob(trx, job))) {
      await trx
        .updateTable("jobs")
        .set({ run_at: new Date().toISOString() })
        .where("pending_key", "=", job.coalesceKey)
        .execute();
    }
    return updated;
  });
}
