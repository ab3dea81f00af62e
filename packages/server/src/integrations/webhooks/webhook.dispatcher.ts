import type { WebhookFilter } from "@takt/contracts";
import type { EventsTable } from "../../db/schema.ts";
import type { EventConsumer } from "../../events/consumer.ts";
import { canSeeEvent } from "../../events/event.policy.ts";
import { eventIsAbout, type ScopeType } from "../../events/event.scope.ts";
import { newGid } from "../../ids.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { passesFilters } from "./webhook.filters.ts";

export const WEBHOOK_FLUSH = "webhook.flush";

export function flushJob(webhookGid: number) {
  return {
    kind: WEBHOOK_FLUSH,
    payload: { webhook_gid: webhookGid },
    coalesceKey: `webhook:${webhookGid}`,
    maxAttempts: 50,
  };
}

// Reads the events log by cursor and records, per active webhook, the events it should receive: about its
// resource (bubbling up), passing its filters, and visible to the person who created it. The unique
// (webhook, event) key makes a re-scan harmless; a flush job per webhook then sends them in order.
export const webhookDispatcher: EventConsumer = {
  name: "webhooks",
  async handle(trx, events) {
    const workspaces = [...new Set(events.map((event) => event.workspace_gid))];
    const hooks = await trx
      .selectFrom("webhooks")
      .innerJoin("users", "users.gid", "webhooks.created_by_gid")
      .selectAll("webhooks")
      .select(["users.name as creator_name", "users.email as creator_email", "users.language as creator_language"])
      .where("webhooks.active", "=", 1)
      .where("webhooks.workspace_gid", "in", workspaces)
      .execute();
    const now = new Date().toISOString();
    let enqueued = false;
    for (const hook of hooks) {
      const filters = JSON.parse(hook.filters) as WebhookFilter[];
      const candidates = events.filter(
        (event) =>
          event.workspace_gid === hook.workspace_gid && event.id > hook.first_event_id && passesFilters(filters, event),
      );
      if (candidates.length === 0) continue;
      const about = new Set(
        (
          await trx
            .selectFrom("events")
            .select("id")
            .where(
              "id",
              "in",
              candidates.map((event) => event.id),
            )
            .where(eventIsAbout(trx, { type: hook.resource_type as ScopeType, gid: hook.resource_gid }))
            .execute()
        ).map((row) => row.id),
      );
      const creator = {
        gid: hook.created_by_gid,
        name: hook.creator_name,
        email: hook.creator_email,
        language: hook.creator_language,
      };
      const deliver: EventsTable[] = [];
      for (const event of candidates) {
        if (about.has(event.id) && (await canSeeEvent(trx, creator, event))) deliver.push(event);
      }
      if (deliver.length === 0) continue;
      const inserted = await trx
        .insertInto("webhook_deliveries")
        .values(
          deliver.map((event) => ({
            gid: newGid(),
            webhook_gid: hook.gid,
            event_id: event.id,
            state: "pending" as const,
            attempts: 0,
            delivery_id: null,
            response_status: null,
            last_error: null,
            created_at: now,
            last_attempt_at: null,
            delivered_at: null,
          })),
        )
        .onConflict((conflict) => conflict.columns(["webhook_gid", "event_id"]).doNothing())
        .returning("gid")
        .execute();
      if (inserted.length) {
        await enqueueJob(trx, flushJob(hook.gid));
        enqueued = true;
      }
    }
    return enqueued;
  },
};
