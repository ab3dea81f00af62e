import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";

export type Notification = C.Notification;

export const inboxKeys = {
  all: ["inbox"] as const,
  list: (workspace: string, archived: boolean) => ["inbox", workspace, archived] as const,
  allUnread: ["inbox-unread"] as const,
  unread: (workspace: string) => ["inbox-unread", workspace] as const,
};

export function useUnreadCount(workspace: string | undefined) {
  return useQuery({
    queryKey: inboxKeys.unread(workspace ?? ""),
    enabled: !!workspace,
    queryFn: async () =>
      (await api.get<{ unread_count: number }>("/inbox/unread_count", { workspace: workspace! })).unread_count,
  });
}

export function useInbox(workspace: string | undefined, archived: boolean) {
  return useQuery({
    queryKey: inboxKeys.list(workspace ?? "", archived),
    enabled: !!workspace,
    queryFn: () => api.all<Notification>("/inbox", { workspace: workspace!, archived }, 5),
  });
}

registerLiveInvalidations("inbox", ["notification"], () => [inboxKeys.all, inboxKeys.allUnread]);
