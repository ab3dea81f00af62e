import type { WebhookDeliveriesTable, WebhooksTable } from "../../db/schema.ts";
import type { EventScope } from "../../events/event.scope.ts";

// Asana's WebhookResponse. The secret is never shown: the target received it during the handshake.
export function presentWebhook(
  webhook: WebhooksTable,
  resource: Pick<EventScope, "gid" | "type" | "name"> | null,
  failureWindowMs: number,
) {
  return {
    gid: String(webhook.gid),
    resource_type: "webhook",
    active: webhook.active === 1,
    resource: {
      gid: String(webhook.resource_gid),
      resource_type: webhook.resource_type,
      name: resource?.name ?? null,
    },
    target: webhook.target,
    created_at: webhook.created_at,
    filters: JSON.parse(webhook.filters) as unknown[],
    last_success_at: webhook.last_success_at,
    last_failure_at: webhook.last_failure_at,
    last_failure_content: webhook.last_failure_content ?? "",
    delivery_retry_count: webhook.delivery_retry_count,
    next_attempt_after: webhook.next_attempt_after,
    failure_deletion_timestamp: webhook.failing_since
      ? new Date(Date.parse(webhook.failing_since) + failureWindowMs).toISOString()
      : null,
  };
}

// Takt's delivery log entry: one event sent (or being sent) to one webhook.
export function presentDelivery(delivery: WebhookDeliveriesTable, event: Record<string, unknown> | null) {
  return {
    gid: String(delivery.gid),
    resource_type: "webhook_delivery",
    webhook: { gid: String(delivery.webhook_gid), resource_type: "webhook" },
    event,
    status: delivery.state,
    attempts: delivery.attempts,
    delivery_id: delivery.delivery_id ? String(delivery.delivery_id) : null,
    response_code: delivery.response_status,
    last_error: delivery.last_error,
    created_at: delivery.created_at,
    last_attempt_at: delivery.last_attempt_at,
    delivered_at: delivery.delivered_at,
  };
}
