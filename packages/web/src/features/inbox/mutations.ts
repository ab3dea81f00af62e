import type { InboxWorkspaceBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { inboxKeys, type Notification } from "./queries";

// Read, archive or bring back one notification (shown at once), or read them all; the counts follow the server.
export function useMarkNotification(workspace: string, archived: boolean) {
  const client = useQueryClient();
  const key = inboxKeys.list(workspace, archived);
  return useMutation({
    mutationFn: ({ item, change }: { item: Notification; change: "read" | "archive" | "unarchive" }) =>
      api.post(`/inbox/${item.gid}/${change}`),
    onMutate: ({ item, change }) =>
      client.setQueryData<Notification[]>(key, (list) =>
        change === "read"
          ? list?.map((row) => (row.gid === item.gid ? { ...row, read: true } : row))
          : list?.filter((row) => row.gid !== item.gid),
      ),
    onSettled: () => invalidateInbox(client),
  });
}

export function useReadAllNotifications(workspace: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<unknown, typeof InboxWorkspaceBody>("/inbox/readAll", { workspace }),
    onSettled: () => invalidateInbox(client),
  });
}

function invalidateInbox(client: ReturnType<typeof useQueryClient>) {
  client.invalidateQueries({ queryKey: inboxKeys.all });
  client.invalidateQueries({ queryKey: inboxKeys.allUnread });
}
