import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Section, TaskRow } from "../../api/types";
import { registerTaskRowCache } from "../tasks/cache";
import { TASK_ROW_FIELDS } from "../tasks/fields";
import { projectKeys, SECTION_FIELDS } from "./keys";

// A project's board: its sections in order, and each section's top-level tasks in order. List, Board, Calendar and
// Timeline all show this one cache.
export interface BoardData {
  sections: Section[];
  tasks: Record<string, TaskRow[]>;
}

export const topLevel = (rows: TaskRow[]) => rows.filter((task) => !(task as { parent?: unknown }).parent);
const sectionTasks = (section: string, offset?: string, limit = 100) =>
  api.page<TaskRow>(`/sections/${section}/tasks`, { opt_fields: TASK_ROW_FIELDS, limit, offset });
export const projectSections = (projectGid: string) =>
  api.all<Section>(`/projects/${projectGid}/sections`, { opt_fields: SECTION_FIELDS });
// The first page of each column: more than a screen of cards or rows, small enough to arrive fast.
const FIRST_PAGE = 30;

// The whole board: every section's pages (sections in parallel, each one's pages in turn).
export async function fetchBoard(projectGid: string): Promise<BoardData> {
  const sections = await projectSections(projectGid);
  const lists = await Promise.all(
    sections.map((section) => api.all<TaskRow>(`/sections/${section.gid}/tasks`, { opt_fields: TASK_ROW_FIELDS })),
  );
  const tasks: Record<string, TaskRow[]> = {};
  sections.forEach((section, index) => {
    tasks[section.gid] = topLevel(lists[index]);
  });
  return { sections, tasks };
}

// All rows of one section, for a live update that put a task further down than the first page.
export async function fetchSection(section: string): Promise<TaskRow[]> {
  return topLevel(await api.all<TaskRow>(`/sections/${section}/tasks`, { opt_fields: TASK_ROW_FIELDS }));
}

// Which load of a board is current: a newer one (a refetch) stops the background pages of an older one.
const boardLoads = new Map<string, object>();

/**
 * A board shown as soon as the first page of every section has arrived (in parallel); the remaining pages load in
 * the background and are appended to the cached board, a few at a time. A refetch of a board already on screen
 * loads it whole before swapping, so a long column never shrinks back to its first page.
 */
async function loadBoard(client: QueryClient, projectGid: string): Promise<BoardData> {
  const load = {};
  boardLoads.set(projectGid, load);
  if (client.getQueryData<BoardData>(projectKeys.board(projectGid))) return fetchBoard(projectGid);
  const sections = await projectSections(projectGid);
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
  const key = projectKeys.board(projectGid);
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
export const boardQuery = (client: QueryClient, projectGid: string) => ({
  queryKey: projectKeys.board(projectGid),
  queryFn: () => loadBoard(client, projectGid),
  structuralSharing: false,
});

export function useBoard(projectGid: string) {
  const client = useQueryClient();
  return useQuery(boardQuery(client, projectGid));
}

// Applies `change` to the row of task `gid` (null removes it); untouched columns keep their arrays, so memoised
// columns and rows skip the render.
export function mapBoardRows(board: BoardData, gid: string, change: (row: TaskRow) => TaskRow | null): BoardData {
  let touched = false;
  const tasks: Record<string, TaskRow[]> = {};
  for (const [section, rows] of Object.entries(board.tasks)) {
    const index = rows.findIndex((row) => row.gid === gid);
    if (index < 0) {
      tasks[section] = rows;
      continue;
    }
    touched = true;
    const next = change(rows[index]);
    tasks[section] = next ? rows.map((row, at) => (at === index ? next : row)) : rows.filter((_, at) => at !== index);
  }
  return touched ? { ...board, tasks } : board;
}

registerTaskRowCache("boards", {
  patch(client, gid, patch) {
    client.setQueriesData<BoardData>({ queryKey: projectKeys.boards }, (board) =>
      board ? mapBoardRows(board, gid, (row) => ({ ...row, ...patch })) : board,
    );
  },
  remove(client, gid) {
    client.setQueriesData<BoardData>({ queryKey: projectKeys.boards }, (board) =>
      board ? mapBoardRows(board, gid, () => null) : board,
    );
  },
});
