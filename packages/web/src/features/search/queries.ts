import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Ref, TaskRow } from "../../api/types";

export type TypeaheadType = "task" | "project" | "team" | "user";

export interface TypeaheadItem extends Ref {
  completed?: boolean;
  projects?: Ref[];
  memberships?: { project: Ref; section: Ref | null }[];
  email?: string;
  color?: string | null;
  team?: Ref | null;
  resource_subtype?: string;
}

const OPT: Record<TypeaheadType, string> = {
  task: "name,completed,resource_subtype,projects.name",
  project: "name,color,team.name",
  team: "name",
  user: "name,email",
};

export const searchKeys = {
  tasks: (workspace: string, filters: SearchFilters) => ["search", workspace, filters] as const,
  typeahead: (workspace: string, type: TypeaheadType, text: string) => ["typeahead", type, workspace, text] as const,
};

// Tasks whose names start like `text`, for a picker (a dependency, a link).
export function useTaskTypeahead(workspace: string | undefined, text: string) {
  return useQuery({
    queryKey: searchKeys.typeahead(workspace ?? "", "task", text),
    enabled: !!workspace,
    queryFn: () => typeahead(workspace!, "task", text, 10),
    meta: { silent: true },
  });
}

export function typeahead(workspace: string, type: TypeaheadType, query: string, count = 6) {
  return api.get<TypeaheadItem[]>(`/workspaces/${workspace}/typeahead`, {
    resource_type: type,
    query,
    count,
    opt_fields: OPT[type],
  });
}

export interface SearchFilters {
  text?: string;
  completed?: "true" | "false" | "";
  assignee?: string;
  project?: string;
  team?: string;
  tag?: string;
  dueAfter?: string;
  dueBefore?: string;
  sort?: "modified_at" | "due_date" | "created_at" | "completed_at";
  ascending?: boolean;
}

export const SEARCH_FIELDS =
  "name,completed,assignee.name,due_on,resource_subtype,projects.name,tags.name,tags.color,modified_at";

export function searchTasks(workspace: string, filters: SearchFilters, limit = 50) {
  return api.get<TaskRow[]>(`/workspaces/${workspace}/tasks/search`, {
    text: filters.text || undefined,
    completed: filters.completed || undefined,
    "assignee.any": filters.assignee || undefined,
    "projects.any": filters.project || undefined,
    "teams.any": filters.team || undefined,
    "tags.any": filters.tag || undefined,
    "due_on.after": filters.dueAfter || undefined,
    "due_on.before": filters.dueBefore || undefined,
    sort_by: filters.sort || undefined,
    sort_ascending: filters.ascending ? true : undefined,
    limit,
    opt_fields: SEARCH_FIELDS,
  });
}

export function useTaskSearch(workspace: string | undefined, filters: SearchFilters, enabled: boolean) {
  return useQuery({
    queryKey: searchKeys.tasks(workspace ?? "", filters),
    enabled: !!workspace && enabled,
    queryFn: () => searchTasks(workspace!, filters),
    placeholderData: (previous) => previous,
    staleTime: 5_000,
  });
}

export function taskPath(task: { gid: string; projects?: Ref[]; memberships?: { project: Ref }[] }): string {
  const project = task.projects?.[0] ?? task.memberships?.[0]?.project;
  return project ? `/projects/${project.gid}/tasks/${task.gid}` : `/my-tasks/tasks/${task.gid}`;
}
