import { z } from "zod";
import { Gid } from "./common.ts";

// Asana's webhooks: a target URL subscribed to a resource's events, optionally filtered.

export const EVENT_ACTIONS = ["added", "changed", "removed", "deleted", "undeleted"] as const;
export const EventAction = z
  .enum(EVENT_ACTIONS)
  .meta({ id: "EventAction", description: "What happened to the resource." });
export type EventAction = z.infer<typeof EventAction>;

export const WebhookFilter = z
  .strictObject({
    resource_type: z.string().trim().min(1).max(100),
    resource_subtype: z.string().trim().min(1).max(100).optional(),
    action: EventAction.optional(),
    fields: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  })
  .refine((filter) => !filter.fields || filter.action === "changed", {
    message: 'fields can only be given with action "changed"',
    path: ["fields"],
  })
  .meta({ id: "WebhookFilter" });
export type WebhookFilter = z.infer<typeof WebhookFilter>;

export const WebhookFilters = z.array(WebhookFilter).max(100);

export const CreateWebhookBody = z.strictObject({
  resource: z.string().min(1),
  target: z.string().trim().min(1).max(2000),
  filters: WebhookFilters.default([]),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z.strictObject({ filters: WebhookFilters });
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const WebhooksQuery = z.object({ workspace: z.string().min(1), resource: z.string().min(1).optional() });

export const WEBHOOK_DELIVERY_STATES = ["pending", "delivered", "failed"] as const;
export const WebhookDeliveriesQuery = z
  .object({ status: z.enum(WEBHOOK_DELIVERY_STATES, "must be one of pending, delivered, failed").optional() })
  .loose();

export const WebhookWorkspaceParams = z.object({ workspace_gid: Gid });
export const WebhookParams = z.object({ webhook_gid: Gid });
export const WebhookDeliveryParams = z.object({ webhook_gid: Gid, delivery_gid: Gid });
