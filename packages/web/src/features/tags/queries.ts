import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export interface Tag {
  gid: string;
  name: string;
  color?: string | null;
}

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
