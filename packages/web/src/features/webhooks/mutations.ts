import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { type Delivery, webhookKeys } from "./queries";

// Sends a delivery again; the log shows the new attempt.
export function useRedeliver(webhook: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (delivery: Delivery) => api.post(`/webhooks/${webhook}/deliveries/${delivery.gid}/redeliver`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.deliveries(webhook) }),
  });
}
