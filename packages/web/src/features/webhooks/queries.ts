import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Answer } from "../../api/types";

// What the page shows of each webhook (asked for by name: a list answers compact webhooks otherwise).
const WEBHOOK_FIELDS = [
  "active",
  "target",
  "resource",
  "last_success_at",
  "last_failure_at",
  "last_failure_content",
  "delivery_retry_count",
] as const;
export type Webhook = Answer<C.Webhook, (typeof WEBHOOK_FIELDS)[number]>;

export type Delivery = Answer<
  C.WebhookDelivery,
  "status" | "attempts" | "response_code" | "last_error" | "created_at" | "last_attempt_at" | "delivered_at" | "event"
>;

export const webhookKeys = {
  list: (workspace: string) => ["webhooks", workspace] as const,
  deliveries: (webhook: string) => ["webhook-deliveries", webhook] as const,
};

export function useWebhooks(workspace: string | undefined) {
  return useQuery({
    queryKey: webhookKeys.list(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => api.all<Webhook>(`/workspaces/${workspace}/webhooks`, { opt_fields: WEBHOOK_FIELDS.join(",") }),
  });
}

// A webhook's delivery log, kept fresh while it is open.
export function useDeliveries(webhook: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(webhook),
    queryFn: async () => (await api.page<Delivery>(`/webhooks/${webhook}/deliveries`, { limit: 50 })).data,
    refetchInterval: 5000,
  });
}
