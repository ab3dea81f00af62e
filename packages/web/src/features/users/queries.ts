import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { User } from "../../api/types";

export const userKeys = {
  workspace: (workspace: string) => ["users", workspace] as const,
};

// The workspace's people, for pickers. A caller who may not list them (a client guest) gets a refusal, shown as
// nobody: pickers are only offered where the caller may edit anyway.
export function useWorkspaceUsers(workspace: string | undefined) {
  return useQuery({
    queryKey: userKeys.workspace(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => api.all<User>(`/workspaces/${workspace}/users`, { opt_fields: "name,email" }),
    staleTime: 60_000,
  });
}
