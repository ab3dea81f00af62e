import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { User } from "../../api/types";
import { useWorkspace } from "../../app/workspace";

export const userKeys = {
  workspace: (workspace: string) => ["users", workspace] as const,
};

// The workspace's people, for pickers and filters.
export function useWorkspaceUsers(workspace: string | undefined) {
  const { abilities } = useWorkspace();
  return useQuery({
    queryKey: userKeys.workspace(workspace ?? ""),
    // Asked only of who may list them: the server says so with the workspace (browse_directory).
    enabled: !!workspace && abilities?.browse_directory === true,
    queryFn: () => api.all<User>(`/workspaces/${workspace}/users`, { opt_fields: "name,email" }),
    staleTime: 60_000,
  });
}
