import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api } from "./client";
import type { AccessToken, Me, Project, Section, Story, TaskDetail, TaskRow, Team, User } from "./types";

export const TASK_ROW_FIELDS =
  "name,completed,assignee.name,due_on,start_on,num_subtasks,num_comments,memberships.project.name,memberships.section.name,created_at,resource_subtype,approval_status,custom_fields,tags.name,tags.color,dependencies.name,dependents.name";
export const TASK_DETAIL_FIELDS = `${TASK_ROW_FIELDS},notes,html_notes,followers.name,parent.name,created_by.name,modified_at,workspace.name`;
export const STORY_FIELDS =
  "created_at,created_by.name,type,resource_subtype,text,html_text,new_section.name,old_section.name,assignee.name,new_name,old_name,project.name,task.name,follower.name,dependency.name,custom_field.name,new_display_value,new_dates,new_resource_subtype,new_approval_status,duration_minutes,is_editable,is_edited,liked,num_likes,likes.user.name";

export const keys = {
  me: ["me"] as const,
  setup: ["setup"] as const,
  teams: (workspace: string) => ["teams", workspace] as const,
  projects: (workspace: string) => ["projects", workspace] as const,
  project: (gid: string) => ["project", gid] as const,
  board: (gid: string) => ["board", gid] as const,
  task: (gid: string) => ["task", gid] as const,
  subtasks: (gid: string) => ["subtasks", gid] as const,
  stories: (gid: string) => ["stories", gid] as const,
  users: (workspace: string) => ["users", workspace] as const,
  myTasks: (workspace: string) => ["my-tasks", workspace] as const,
  tokens: ["tokens"] as const,
};

// A guest (client portal) may not list the workspace's teams or people: for them the list is empty, not an error.
async function guestsGetNone<T>(list: Promise<T[]>): Promise<T[]> {
  try {
    return await list;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return [];
    throw error;
  }
}

const setupQuery = {
  queryKey: keys.setup,
  queryFn: () => api.get<{ needs_setup: boolean }>("/setup"),
  staleTime: Number.POSITIVE_INFINITY,
};

export function useSetupStatus() {
  return useQuery(setupQuery);
}

const meQuery = {
  queryKey: keys.me,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await api.get<Me>("/users/me", {
        opt_fields: "name,email,language,photo,workspaces.name,email_notifications",
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
};

export function useMe() {
  return useQuery(meQuery);
}

// The session check starts with the app's code, not after the first render (see App.tsx).
export function prefetchSession(client: QueryClient) {
  void client.prefetchQuery(setupQuery);
  void client.prefetchQuery(meQuery);
}

export function useTeams(workspace: string | undefined) {
  return useQuery({
    queryKey: keys.teams(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () =>
      guestsGetNone(api.all<Team>("/users/me/teams", { workspace: workspace!, opt_fields: "name,description" })),
  });
}

export function useProjects(workspace: string | undefined) {
  return useQuery({
    queryKey: keys.projects(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () =>
      api.all<Project>("/projects", {
        workspace: workspace!,
        archived: false,
        opt_fields: "name,color,team.name,privacy_setting,default_view,archived",
      }),
  });
}

const projectQuery = (gid: string) => ({
  queryKey: keys.project(gid),
  queryFn: () =>
    api.get<Project>(`/projects/${gid}`, {
      opt_fields: "name,color,team.name,privacy_setting,default_view,archived,notes,owner.name,scrum_enabled",
    }),
});

export function useProject(gid: string) {
  return useQuery(projectQuery(gid));
}

export interface BoardData {
  sections: Section[];
  tasks: Record<string, TaskRow[]>;
}

const topLevel = (rows: TaskRow[]) => rows.filter((task) => !(task as { parent?: unknown }).parent);
const sectionTasks = (section: string, offset?: string, limit = 100) =>
  api.page<TaskRow>(`/sections/${section}/tasks`, { opt_fields: TASK_ROW_FIELDS, limit, offset });
// The first page of each column: more than a screen of cards or rows, small enough to arrive fast.
const FIRST_PAGE = 30;

// The whole board: every section's pages (sections in parallel, each one's pages in turn).
export async function fetchBoard(projectGid: string): Promise<BoardData> {
  const sections = await api.all<Section>(`/projects/${projectGid}/sections`, { opt_fields: "name" });
  const lists = await Promise.all(
    sections.map((section) => api.all<TaskRow>(`/sections/${section.gid}/tasks`, { opt_fields: TASK_ROW_FIELDS })),
  );
  const tasks: Record<string, TaskRow[]> = {};
  sections.forEach((section, index) => {
    tasks[section.gid] = topLevel(lists[index]);
  });
  return { sections, tasks };
}

// Which load of a board is current: a newer one (a refetch) stops the background pages of an older one.
const boardLoads = new Map<string, object>();

/**
 * A board shown as soon as the first page of every section has arrived (in parallel); the remaining pages load in
 * the background and are appended to the cached board, a few at a time. A refetch of a board already on screen
 * loads it whole before swapping, so a long column never shrinks back to its first page.
 */
async function loadBoard(client: QueryClient, projectGid: string): Promise<BoardData> {
  const key = keys.board(projectGid);
  const load = {};
  boardLoads.set(projectGid, load);
  if (client.getQueryData<BoardData>(key)) return fetchBoard(projectGid);
  const sections = await api.all<Section>(`/projects/${projectGid}/sections`, { opt_fields: "name" });
  const pages = await Promise.all(sections.map((section) => sectionTasks(section.gid, undefined, FIRST_PAGE)));
  const tasks: Record<string, TaskRow[]> = {};
  const rest: { section: string; offset: string }[] = [];
  sections.forEach((section, index) => {
    tasks[section.gid] = topLevel(pages[index].data ?? []);
    const offset = pages[index].next_page?.offset;
    if (offset) rest.push({ section: section.gid, offset });
  });
  // The rest once the first screen is drawn (it would compete with it for the main thread and the server).
  if (rest.length) whenIdle(() => void loadRest(client, projectGid, load, rest));
  return { sections, tasks };
}

function whenIdle(run: () => void) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 500 });
  else setTimeout(run, 100);
}

async function loadRest(
  client: QueryClient,
  projectGid: string,
  load: object,
  rest: { section: string; offset: string }[],
): Promise<void> {
  const key = keys.board(projectGid);
  let pending: Record<string, TaskRow[]> = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const current = () => boardLoads.get(projectGid) === load;
  // Appends what arrived since the last flush, skipping tasks the board already shows (moved, or a page boundary
  // that shifted under a write).
  const flush = () => {
    timer = undefined;
    const arrived = pending;
    pending = {};
    if (!current()) return;
    client.setQueryData<BoardData>(key, (board) => {
      if (!board) return board;
      const shown = new Set<string>();
      for (const rows of Object.values(board.tasks)) for (const row of rows) shown.add(row.gid);
      const tasks = { ...board.tasks };
      for (const [section, rows] of Object.entries(arrived)) {
        if (!tasks[section]) continue;
        const fresh = rows.filter((row) => !shown.has(row.gid));
        if (fresh.length) tasks[section] = [...tasks[section], ...fresh];
      }
      return { ...board, tasks };
    });
  };
  await Promise.all(
    rest.map(async ({ section, offset: first }) => {
      let offset: string | undefined = first;
      while (offset && current()) {
        try {
          const page = await sectionTasks(section, offset);
          pending[section] = [...(pending[section] ?? []), ...topLevel(page.data ?? [])];
          timer ??= setTimeout(flush, 150);
          offset = page.next_page?.offset;
        } catch {
          // A failed page: load the board whole instead.
          if (current()) client.invalidateQueries({ queryKey: key });
          return;
        }
      }
    }),
  );
  clearTimeout(timer);
  flush();
}

// Boards are updated in place (pages appended, live rows patched) keeping untouched columns' arrays: structural
// sharing would only deep-compare thousands of rows on every update.
const boardQuery = (client: QueryClient, projectGid: string) => ({
  queryKey: keys.board(projectGid),
  queryFn: () => loadBoard(client, projectGid),
  structuralSharing: false,
});

export function useBoard(projectGid: string) {
  const client = useQueryClient();
  return useQuery(boardQuery(client, projectGid));
}

// Opening the app on a project's address: its data starts loading with the app's code, not after the session check
// and the page's chunk (see App.tsx). A visitor who is not signed in gets 401s, which nobody is shown.
export function prefetchProjectPage(client: QueryClient, projectGid: string) {
  void client.prefetchQuery(projectQuery(projectGid));
  void client.prefetchQuery(boardQuery(client, projectGid));
}

export function useTask(gid: string | undefined) {
  return useQuery({
    queryKey: keys.task(gid ?? ""),
    enabled: !!gid,
    queryFn: () => api.get<TaskDetail>(`/tasks/${gid}`, { opt_fields: TASK_DETAIL_FIELDS }),
  });
}

export function useSubtasks(gid: string) {
  return useQuery({
    queryKey: keys.subtasks(gid),
    queryFn: () => api.all<TaskRow>(`/tasks/${gid}/subtasks`, { opt_fields: "name,completed,assignee.name,due_on" }),
  });
}

export function useStories(gid: string) {
  return useQuery({
    queryKey: keys.stories(gid),
    queryFn: () => api.all<Story>(`/tasks/${gid}/stories`, { opt_fields: STORY_FIELDS }),
  });
}

export function useWorkspaceUsers(workspace: string | undefined) {
  return useQuery({
    queryKey: keys.users(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => guestsGetNone(api.all<User>(`/workspaces/${workspace}/users`, { opt_fields: "name,email" })),
    staleTime: 60_000,
  });
}

export function useMyTasks(workspace: string | undefined) {
  return useQuery({
    queryKey: keys.myTasks(workspace ?? ""),
    enabled: !!workspace,
    queryFn: async () => {
      const list = await api.get<{ gid: string }>("/users/me/user_task_list", { workspace: workspace! });
      return api.all<TaskRow>(`/user_task_lists/${list.gid}/tasks`, {
        completed_since: "now",
        opt_fields: `${TASK_ROW_FIELDS},projects.name`,
      });
    },
  });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: () => api.get<AccessToken[]>("/personal_access_tokens") });
}

// Local writes to boards (optimistic moves and edits): live updates wait until none is in flight, and drop what they
// fetched if one started meanwhile, so a slower read never undoes what the person just did (see api/realtime.ts).
export const boardWrites = { inflight: 0, epoch: 0 };

export function beginBoardWrite(): () => void {
  boardWrites.inflight += 1;
  boardWrites.epoch += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    boardWrites.inflight -= 1;
    boardWrites.epoch += 1;
  };
}

// Puts a changed task into every cached board/list that shows it, so views agree without refetching.
export function patchTaskEverywhere(client: QueryClient, gid: string, patch: Partial<TaskRow>) {
  boardWrites.epoch += 1;
  client.setQueriesData<BoardData>({ queryKey: ["board"] }, (board) => {
    if (!board) return board;
    let touched = false;
    const tasks: Record<string, TaskRow[]> = {};
    for (const [section, rows] of Object.entries(board.tasks)) {
      // Untouched columns keep their arrays, so memoised columns and rows skip the render.
      const index = rows.findIndex((row) => row.gid === gid);
      if (index < 0) {
        tasks[section] = rows;
        continue;
      }
      touched = true;
      tasks[section] = rows.map((row, at) => (at === index ? { ...row, ...patch } : row));
    }
    return touched ? { ...board, tasks } : board;
  });
  client.setQueriesData<TaskRow[]>({ queryKey: ["my-tasks"] }, (rows) =>
    rows?.map((row) => (row.gid === gid ? { ...row, ...patch } : row)),
  );
  client.setQueriesData<TaskRow[]>({ queryKey: ["subtasks"] }, (rows) =>
    rows?.map((row) => (row.gid === gid ? { ...row, ...patch } : row)),
  );
  client.setQueryData<TaskDetail>(keys.task(gid), (task) => (task ? { ...task, ...patch } : task));
}
