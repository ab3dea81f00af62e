import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Answer } from "../../api/types";
import { useWorkspace } from "../../app/workspace";

// A tag as the workspace's list and a task's tags answer it (the contract's, with the fields asked for).
export type Tag = Answer<C.Tag, "name", "color">;

export const tagKeys = { all: (workspace: string) => ["tags", workspace] as const };

export function useTags(workspace: string | undefined) {
  const { abilities } = useWorkspace();
  return useQuery({
    queryKey: tagKeys.all(workspace ?? ""),
    // Asked only of who may list them: the server says so with the workspace (browse_directory).
    enabled: !!workspace && abilities?.browse_directory === true,
    queryFn: () => api.all<Tag>(`/workspaces/${workspace}/tags`, { opt_fields: "name,color" }),
    staleTime: 60_000,
    meta: { silent: true },
  });
}

export function tagsOf(task: object): Tag[] {
  return ((task as { tags?: Tag[] }).tags ?? []) as Tag[];
}
