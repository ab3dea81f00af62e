import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export interface Webhook {
  gid: string;
  active: boolean;
  target: string;
  resource: { gid: string; resource_type: string; name: string | null };
  last_success_at: string | null;
  last_failure_at: string | null;
  last_failure_content: string;
  delivery_retry_count: number;
}

export interface Delivery {
  gid: string;
  status: string;
  attempts: number;
  response_code: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
  event: { action?: string; resource?: { resource_type?: string; name?: string }; change?: { field?: string } } | null;
}

export const webhookKeys = {
  list: (workspace: string) => ["webhooks", workspace] as const,
  deliveries: (webhook: string) => ["webhook-deliveries", webhook] as const,
};

export function useWebhooks(workspace: string | undefined) {
  return useQuery({
    queryKey: webhookKeys.list(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => api.all<Webhook>(`/workspaces/${workspace}/webhooks`),
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
