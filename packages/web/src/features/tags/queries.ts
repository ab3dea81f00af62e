import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Answer } from "../../api/types";

// A tag as the workspace's list and a task's tags answer it (the contract's, with the fields asked for).
export type Tag = Answer<C.Tag, "name", "color">;

export const tagKeys = { all: (workspace: string) => ["tags", workspace] as const };

export function useTags(workspace: string | undefined) {
  return useQuery({
    queryKey: tagKeys.all(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => api.all<Tag>(`/workspaces/${workspace}/tags`, { opt_fields: "name,color" }),
    staleTime: 60_000,
    meta: { silent: true },
  });
}

export function tagsOf(task: object): Tag[] {
  return ((task as { tags?: Tag[] }).tags ?? []) as Tag[];
}
