import { pageOffset } from "@takt/contracts/constants";
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api } from "../../api/client";
import type { Section, TaskRow } from "../../api/types";
import { registerTaskRowCache } from "../tasks/cache";
import { TASK_ROW_FIELDS } from "../tasks/fields";
import { firstPageSize, sectionsRead, sectionTasksRead, storedView } from "./first-screen";
import { projectKeys } from "./keys";

// A project's board: its sections in order, and each section's top-level tasks in order. List, Board, Calendar and
// Timeline all show this one cache. A long column is loaded a page at a time: `more` holds the columns that have
// more tasks on the server than `tasks` holds (the loaded rows are always the start of the column), each with the
// difference between the server's position of the next row and the rows loaded (0 unless rows were left out), so
// a row moved in or out of the loaded part by a write or a live event moves the next page's start with it.
export interface BoardData {
  sections: Section[];
  tasks: Record<string, TaskRow[]>;
  more?: Record<string, number>;
}

export const topLevel = (rows: TaskRow[]) => rows.filter((task) => !(task as { parent?: unknown }).parent);
const sectionTasks = (section: string, limit: number, offset?: string) => {
  const read = sectionTasksRead(section, limit, offset);
  return api.page<TaskRow>(read.path, read.query);
};
export const projectSections = (projectGid: string) => {
  const read = sectionsRead(projectGid);
  return api.all<Section>(read.path, read.query);
};

// The server's page token for a position in a list (one encoding, shared with the server). The board asks from
// where its loaded rows end, which a move since the last page may have shifted.
export function offsetAt(position: number): string | undefined {
  return position <= 0 ? undefined : pageOffset(position);
}

// Later pages: a few screens at a time.
const NEXT_PAGE = 50;
// A next page starts this many rows before the loaded ones end (they are skipped when they arrive), so a row that
// left the column unseen (another person's move this board did not hear of) cannot make the page skip a task.
const OVERLAP = 3;

// Loads the first `counts[section]` rows (at least a first page) of each section, all sections in parallel.
async function loadColumns(projectGid: string, counts: Record<string, number> = {}): Promise<BoardData> {
  const sections = await projectSections(projectGid);
  const first = firstPageSize(storedView(projectGid));
  const columns = await Promise.all(
    sections.map(async (section) => {
      const wanted = Math.max(first, counts[section.gid] ?? 0);
      const rows: TaskRow[] = [];
      let position = 0;
      let next: string | undefined;
      do {
        const limit = Math.min(100, wanted - position);
        const page = await sectionTasks(section.gid, limit, next);
        const data = page.data ?? [];
        rows.push(...topLevel(data));
        position += data.length;
        next = page.next_page?.offset;
      } while (next && position < wanted);
      return { rows, position, more: !!next };
    }),
  );
  const tasks: Record<string, TaskRow[]> = {};
  const more: Record<string, number> = {};
  sections.forEach((section, index) => {
    const column = columns[index];
    tasks[section.gid] = column.rows;
    if (column.more) more[section.gid] = column.position - column.rows.length;
  });
  return { sections, tasks, more };
}

// All rows of one section, for a live update that put a task further down than the loaded rows.
export async function fetchSection(section: string): Promise<TaskRow[]> {
  return topLevel(await api.all<TaskRow>(`/sections/${section}/tasks`, { opt_fields: TASK_ROW_FIELDS }));
}

// Which load of a board is current: a newer one (a refetch) stops the pages an older one was still loading.
const boardLoads = new Map<string, object>();

/**
 * A board shown as soon as the first page of every section has arrived (in parallel). A refetch of a board already
 * on screen loads as many rows of each column as it shows, so a column never shrinks back to its first page.
 */
async function loadBoard(client: QueryClient, projectGid: string): Promise<BoardData> {
  boardLoads.set(projectGid, {});
  const shown = client.getQueryData<BoardData>(projectKeys.board(projectGid));
  const counts: Record<string, number> = {};
  for (const [section, rows] of Object.entries(shown?.tasks ?? {})) {
    counts[section] = shown?.more?.[section] === undefined ? Number.MAX_SAFE_INTEGER : rows.length;
  }
  // A column loaded whole before stays whole (it had no more then: it is read to its end again).
  return loadColumns(projectGid, counts);
}

// Adds rows that arrived for a section to the cached board, skipping tasks the board already shows (moved, a page
// boundary that shifted under a write, the overlap); `done` says the section has no more after them.
function appendRows(board: BoardData, section: string, rows: TaskRow[], serverEnd: number, done: boolean): BoardData {
  if (!board.tasks[section]) return board;
  const shown = new Set<string>();
  for (const list of Object.values(board.tasks)) for (const row of list) shown.add(row.gid);
  const fresh = rows.filter((row) => !shown.has(row.gid));
  const list = fresh.length ? [...board.tasks[section], ...fresh] : board.tasks[section];
  const more = { ...board.more };
  if (done) delete more[section];
  else more[section] = serverEnd - list.length;
  return { ...board, tasks: fresh.length ? { ...board.tasks, [section]: list } : board.tasks, more };
}

// The position the next page of `section` starts at, and the request for it.
async function nextPage(board: BoardData, section: string, limit: number) {
  const loaded = board.tasks[section]?.length ?? 0;
  const start = Math.max(0, loaded + (board.more?.[section] ?? 0) - OVERLAP);
  const page = await sectionTasks(section, limit, offsetAt(start));
  const data = page.data ?? [];
  return { rows: topLevel(data), serverEnd: start + data.length, done: !page.next_page?.offset };
}

// Columns with a page on its way, per board: one page at a time per column.
const loading = new Map<string, Promise<boolean>>();

/**
 * The next page of one column of a cached board (the person scrolled near its end), appended where it arrives.
 * Resolves to whether it came (at once, false, when the column is complete; the same promise while one is on its
 * way).
 */
export function loadMoreOf(
  client: QueryClient,
  projectGid: string,
  section: string,
  limit = NEXT_PAGE,
): Promise<boolean> {
  const id = `${projectGid}:${section}`;
  const running = loading.get(id);
  if (running) return running;
  const key = projectKeys.board(projectGid);
  const board = client.getQueryData<BoardData>(key);
  if (!board || board.more?.[section] === undefined) return Promise.resolve(false);
  const load = boardLoads.get(projectGid);
  const work = (async () => {
    try {
      const page = await nextPage(board, section, limit);
      // A newer load of the whole board replaced this one: its rows are what counts.
      if (boardLoads.get(projectGid) !== load) return false;
      client.setQueryData<BoardData>(key, (current) =>
        current ? appendRows(current, section, page.rows, page.serverEnd, page.done) : current,
      );
      return true;
    } catch {
      // The page could not be had: the column stays as it is; scrolling asks again.
      return false;
    } finally {
      loading.delete(id);
    }
  })();
  loading.set(id, work);
  return work;
}

/**
 * Every remaining row of the board, for views that show or count all tasks (List, Calendar, Timeline, a filter or a
 * sort): columns in parallel, each one's pages in turn, pages of 100, appended as they arrive.
 */
export async function loadAllOf(client: QueryClient, projectGid: string, only?: string): Promise<void> {
  const key = projectKeys.board(projectGid);
  const load = boardLoads.get(projectGid);
  const id = `${projectGid}:${only ?? "*"}`;
  // Already loading the rest of this load of the board.
  if (!load || wholeLoads.get(id) === load) return;
  wholeLoads.set(id, load);
  const open = Object.keys(client.getQueryData<BoardData>(key)?.more ?? {});
  const sections = only ? open.filter((section) => section === only) : open;
  await Promise.all(
    sections.map(async (section) => {
      while (boardLoads.get(projectGid) === load) {
        const board = client.getQueryData<BoardData>(key);
        if (board?.more?.[section] === undefined) return;
        if (!(await loadMoreOf(client, projectGid, section, 100))) return;
      }
    }),
  ).finally(() => {
    if (wholeLoads.get(id) === load) wholeLoads.delete(id);
  });
}
const wholeLoads = new Map<string, object>();

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

const loaded = () => true;

// Whether the board's first load is over (its data is in, or it failed), re-rendering its reader only then.
export function useBoardSettled(projectGid: string): boolean {
  const client = useQueryClient();
  return !useQuery({ ...boardQuery(client, projectGid), select: loaded }).isPending;
}

const hasSections = (board: BoardData) => board.sections.length > 0;

// Whether the board has any section, re-rendering its reader only when that changes (not on every moved card).
export function useBoardHasSections(projectGid: string): boolean {
  const client = useQueryClient();
  return useQuery({ ...boardQuery(client, projectGid), select: hasSections }).data ?? false;
}

// Views that need every task of the board (all of them but a plain Board) load the rest in the background.
export function useWholeBoard(projectGid: string, board: BoardData | undefined, needed: boolean) {
  const client = useQueryClient();
  const open = needed && !!board?.more && Object.keys(board.more).length > 0;
  // Again after a refetch (a new load), which stops the previous one's pages; at most one loader per load.
  useEffect(() => {
    if (open && board) void loadAllOf(client, projectGid);
  }, [client, projectGid, open, board]);
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
