import { z } from "zod";
import { Gid } from "../common.ts";
import { EventAction, WebhookFilter } from "../webhooks.ts";
import { DateTime } from "./shared.ts";

export const EventChange = z
  .object({
    field: z.string(),
    action: z.string().describe("changed, added or removed."),
    new_value: z.unknown().optional(),
    added_value: z.unknown().optional(),
    removed_value: z.unknown().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: "EventChange", description: "What changed; values of secret fields are left out." });
export type EventChange = z.infer<typeof EventChange>;

// The shape Asana's events API and webhooks carry; realtime pushes it too.
export const Event = z
  .object({
    id: z
      .string()
      .optional()
      .describe("Takt: the event's stable id, in webhook deliveries and their log: a receiver dedupes on it."),
    user: z.object({ gid: Gid, resource_type: z.literal("user") }).nullable(),
    created_at: DateTime,
    action: EventAction,
    resource: z.object({ gid: Gid, resource_type: z.string(), resource_subtype: z.string().optional() }),
    type: z.string().describe("Asana's deprecated copy of resource.resource_type."),
    parent: z.object({ gid: Gid, resource_type: z.string().nullable() }).nullable(),
    change: EventChange.optional(),
  })
  .meta({ id: "Event" });
export type Event = z.infer<typeof Event>;

// GET /events answers the events beside its data: the token for the next call, and whether more are waiting.
export const EventsPage = z
  .object({
    data: z.array(Event),
    sync: z.string().describe("Pass as sync in the next call."),
    has_more: z.boolean().describe("More events are waiting: call again at once."),
  })
  .meta({ id: "EventsPage" });
export type EventsPage = z.infer<typeof EventsPage>;

export const Webhook = z
  .object({
    gid: Gid,
    resource_type: z.literal("webhook"),
    active: z.boolean(),
    resource: z.object({ gid: Gid, resource_type: z.string(), name: z.string().nullable() }),
    target: z.string(),
    created_at: DateTime,
    filters: z.array(WebhookFilter),
    last_success_at: DateTime.nullable(),
    last_failure_at: DateTime.nullable(),
    last_failure_content: z.string(),
    delivery_retry_count: z.number().int(),
    next_attempt_after: DateTime.nullable(),
    failure_deletion_timestamp: DateTime.nullable().describe("When a failing webhook will be deleted."),
  })
  .meta({ id: "Webhook" });
export type Webhook = z.infer<typeof Webhook>;

export const WebhookCompact = Webhook.pick({
  gid: true,
  resource_type: true,
  active: true,
  resource: true,
  target: true,
}).meta({ id: "WebhookCompact" });
export type WebhookCompact = z.infer<typeof WebhookCompact>;

export const WebhookDelivery = z
  .object({
    gid: Gid,
    resource_type: z.literal("webhook_delivery"),
    webhook: z.object({ gid: Gid, resource_type: z.literal("webhook") }),
    event: Event.nullable(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int().describe("POSTs that carried this event, counted as each starts."),
    delivery_id: Gid.nullable().describe(
      "The POST carrying this event (its X-Hook-Delivery-Id); the same while it is retried, null before the first.",
    ),
    response_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: DateTime,
    last_attempt_at: DateTime.nullable(),
    delivered_at: DateTime.nullable(),
  })
  .meta({ id: "WebhookDelivery", description: "Takt: one event sent (or being sent) to one webhook." });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;
