import type { WorkspacePermissions } from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";

export const workspaceKeys = {
  all: ["workspace"] as const,
  detail: (gid: string) => ["workspace", gid] as const,
};

interface WorkspaceWithPermissions {
  gid: string;
  name: string;
  permissions?: WorkspacePermissions;
}

// The workspace with what the caller may do in it: the shell shows a link or a button only when allowed.
export function useWorkspacePermissions(workspace: string | undefined) {
  return useQuery({
    queryKey: workspaceKeys.detail(workspace ?? ""),
    enabled: !!workspace,
    staleTime: 5 * 60_000,
    queryFn: () => api.get<WorkspaceWithPermissions>(`/workspaces/${workspace}`, { opt_fields: "name,permissions" }),
    select: (data) => data.permissions ?? null,
  });
}

// A role changed (the caller was made an admin, or a guest): the abilities change with it.
registerLiveInvalidations("workspaces", ["workspace", "workspace_membership"], () => [workspaceKeys.all]);
