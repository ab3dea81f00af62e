import type * as C from "@takt/contracts";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export type AuditLogEvent = C.AuditLogEvent;

const PAGE = 50;

export const auditKeys = {
  events: (workspace: string, filters: object) => ["audit-log", workspace, filters] as const,
};

// The workspace's audit events, newest first, a page at a time; asked only by who may read the audit log.
export function useAuditEvents(
  workspace: string | undefined,
  filters: { event_type: string | null; actor_gid: string | null },
  enabled: boolean,
) {
  return useInfiniteQuery({
    queryKey: auditKeys.events(workspace ?? "", filters),
    enabled: !!workspace && enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.page<AuditLogEvent>(`/workspaces/${workspace}/audit_log_events`, {
        sort: "desc",
        limit: PAGE,
        offset: pageParam,
        ...filters,
      }),
    getNextPageParam: (last) => last.next_page?.offset,
  });
}
