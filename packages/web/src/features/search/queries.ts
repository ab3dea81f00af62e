import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Ref, TaskRow } from "../../api/types";

export type TypeaheadType = "task" | "project" | "team" | "user";

// A typeahead result, with what OPT asks for by kind: a task's projects, a project's team, a person's email.
export type TypeaheadItem = C.TypeaheadResult &
  Partial<Pick<C.Task, "projects">> & {
    memberships?: { project: Ref; section: Ref | null }[];
    email?: string;
    team?: Ref | null;
  };

const OPT: Record<TypeaheadType, string> = {
  task: "name,completed,resource_subtype,projects.name",
  project: "name,color,team.name",
  team: "name",
  user: "name,email",
};

export const searchKeys = {
  tasks: (workspace: string, filters: SearchFilters) => ["search", workspace, filters] as const,
  typeahead: (workspace: string, type: TypeaheadType, text: string) => ["typeahead", type, workspace, text] as const,
  palette: (workspace: string, text: string) => ["palette", workspace, text] as const,
};

const settle = <T>(promise: Promise<T>, fallback: T) => promise.catch(() => fallback);

// The command palette's answer to what was typed: tasks (by name, then full text), projects, teams and people.
// A kind that fails is left empty rather than failing the rest.
export function usePaletteResults(workspace: string | undefined, text: string, opened: boolean) {
  return useQuery({
    queryKey: searchKeys.palette(workspace ?? "", text),
    enabled: opened && !!workspace && text.length > 0,
    placeholderData: (previous) => previous,
    meta: { silent: true },
    queryFn: async () => {
      const ws = workspace!;
      const [tasks, projects, teams, users, found] = await Promise.all([
        settle(typeahead(ws, "task", text, 6), [] as TypeaheadItem[]),
        settle(typeahead(ws, "project", text, 5), [] as TypeaheadItem[]),
        settle(typeahead(ws, "team", text, 3), [] as TypeaheadItem[]),
        settle(typeahead(ws, "user", text, 4), [] as TypeaheadItem[]),
        settle(searchTasks(ws, { text }, 8), []),
      ]);
      const seen = new Set(tasks.map((task) => task.gid));
      const more = found.filter((task) => !seen.has(task.gid)) as unknown as TypeaheadItem[];
      return { tasks: [...tasks, ...more].slice(0, 10), projects, teams, users };
    },
  });
}

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
  // Tasks that live only in archived projects are left out unless asked for.
  archived?: boolean;
}

export const SEARCH_FIELDS =
  "name,completed,assignee.name,due_on,resource_subtype,approval_status,projects.name,tags.name,tags.color,modified_at";

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
    archived: filters.archived ? true : undefined,
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
