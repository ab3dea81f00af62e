import type { QueryClient } from "@tanstack/react-query";
import { ApiError, api } from "../../api/client";
import { localWrites } from "../../api/local-writes";
import type { LiveHandler } from "../../api/realtime";
import type { RealtimeEvent, TaskRow } from "../../api/types";
import { TASK_ROW_FIELDS } from "../tasks/fields";
import { type BoardData, fetchSection } from "./board";
import { projectKeys } from "./keys";

// What a batch of events asks of the cached boards: task rows to fetch again, and which of them may have changed
// place (an "added to section/project" event; a reorder within a section is one too).
interface BoardWork {
  rows: Set<string>;
  placed: Set<string>;
  projects: Set<string>;
  sections: Set<string>;
  // The section each task was last placed in (an "added to section" event).
  landed: Map<string, string>;
  attempts: number;
}

const emptyWork = (): BoardWork => ({
  rows: new Set(),
  placed: new Set(),
  projects: new Set(),
  sections: new Set(),
  landed: new Map(),
  attempts: 0,
});

// Task gids named in a change (a dependency added, a parent set): their rows show it too.
function tasksIn(change: RealtimeEvent["change"]): string[] {
  const values = [
    change?.new_value,
    (change as { added_value?: unknown } | null)?.added_value,
    (change as { removed_value?: unknown } | null)?.removed_value,
    (change as { old_value?: unknown } | null)?.old_value,
  ];
  return values
    .filter(
      (value): value is { gid: string; resource_type: string } =>
        typeof value === "object" && value !== null && (value as { resource_type?: string }).resource_type === "task",
    )
    .map((value) => String(value.gid));
}

// Reads one event into the batch's board work; section and project events load the boards they touch again.
export function collectBoardWork(client: QueryClient, event: RealtimeEvent, work: BoardWork = emptyWork()) {
  const { resource, parent } = event;
  switch (resource.resource_type) {
    case "task":
      work.rows.add(resource.gid);
      if (parent?.resource_type === "task") work.rows.add(parent.gid);
      if (parent?.resource_type === "section") {
        work.placed.add(resource.gid);
        work.sections.add(parent.gid);
        work.landed.set(resource.gid, parent.gid);
      }
      if (parent?.resource_type === "project") {
        work.placed.add(resource.gid);
        work.projects.add(parent.gid);
      }
      if (event.action === "undeleted") work.placed.add(resource.gid);
      for (const gid of tasksIn(event.change)) work.rows.add(gid);
      break;
    case "story":
      // A comment changes its task's count.
      if (parent?.resource_type === "task") work.rows.add(parent.gid);
      break;
    case "section":
      client.invalidateQueries({ queryKey: projectKeys.boards });
      break;
    case "project":
      client.invalidateQueries({ queryKey: projectKeys.detail(resource.gid) });
      client.invalidateQueries({ queryKey: projectKeys.lists });
      client.invalidateQueries({ queryKey: projectKeys.board(resource.gid) });
      break;
    case "team":
      client.invalidateQueries({ queryKey: projectKeys.lists });
      break;
  }
  return work;
}

const topLevel = (row: TaskRow) => !(row as { parent?: unknown }).parent;

function sectionOf(board: BoardData, gid: string): string | null {
  for (const [section, rows] of Object.entries(board.tasks)) if (rows.some((row) => row.gid === gid)) return section;
  return null;
}

// Removes tasks from every column but `keep`; untouched columns keep their arrays.
function without(tasks: Record<string, TaskRow[]>, gids: Set<string>, keep?: string): Record<string, TaskRow[]> {
  const out: Record<string, TaskRow[]> = {};
  for (const [section, rows] of Object.entries(tasks)) {
    out[section] =
      section !== keep && rows.some((row) => gids.has(row.gid)) ? rows.filter((row) => !gids.has(row.gid)) : rows;
  }
  return out;
}

/**
 * Brings the cached boards up to date with a batch of task events, fetching only what changed: each affected task's
 * row (one request per task) and, when a task took a new place, the first page of the section it went to (the order
 * comes from the server). A task placed further down than the first page reloads just that section. Nothing is
 * applied while a local write is in flight or if one started meanwhile: the batch is tried again a little later.
 */
async function refreshBoards(client: QueryClient, work: BoardWork, retry: (work: BoardWork) => void): Promise<void> {
  const boards = client
    .getQueriesData<BoardData>({ queryKey: projectKeys.boards })
    .filter((entry): entry is [readonly unknown[], BoardData] => !!entry[1] && typeof entry[0][1] === "string")
    .map(([key, board]) => ({ key, project: String(key[1]), board }));
  if (!boards.length) return;
  if (localWrites.inflight > 0) return retry(work);
  const epoch = localWrites.epoch;
  const relevant = [...new Set([...work.rows, ...work.placed])].filter((gid) =>
    boards.some(
      ({ project, board }) =>
        sectionOf(board, gid) !== null ||
        (work.placed.has(gid) &&
          (work.projects.has(project) || board.sections.some((section) => work.sections.has(section.gid)))),
    ),
  );
  if (!relevant.length) return;

  // The order of a section's first hundred tasks, as bare gids (the compact form is cheap to serve): enough to put a
  // moved or new task between its neighbours without fetching the section again.
  const orders = new Map<string, string[] | null>();
  const fetchOrder = async (section: string) => {
    try {
      const page = await api.page<{ gid: string }>(`/sections/${section}/tasks`, { limit: 100 });
      orders.set(
        section,
        (page.data ?? []).map((row) => row.gid),
      );
    } catch {
      orders.set(section, null);
    }
  };
  const fetchRow = async (gid: string) => {
    try {
      return { gid, row: await api.get<TaskRow>(`/tasks/${gid}`, { opt_fields: TASK_ROW_FIELDS }) };
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return { gid, row: null };
      throw error;
    }
  };
  // Rows and the orders of the sections tasks were just placed in, in parallel: a move costs two small requests.
  const shown = new Set(boards.flatMap(({ board }) => board.sections.map((section) => section.gid)));
  const landed = new Set(
    relevant.map((gid) => work.landed.get(gid)).filter((section): section is string => !!section && shown.has(section)),
  );
  let fetched: { gid: string; row: TaskRow | null }[];
  try {
    [fetched] = await Promise.all([Promise.all(relevant.map(fetchRow)), Promise.all([...landed].map(fetchOrder))]);
  } catch {
    return retry(work);
  }

  // Per board: rows to patch in place, rows to remove, and rows to place by their section's order.
  const plans = boards.map(({ key, project, board }) => {
    const patch = new Map<string, TaskRow>();
    const remove = new Set<string>();
    const place = new Map<string, TaskRow[]>();
    for (const { gid, row } of fetched) {
      const where = sectionOf(board, gid);
      const membership = row?.memberships?.find((item) => item.project?.gid === project);
      const target = membership?.section?.gid;
      if (!row || !topLevel(row) || !target || !board.tasks[target]) {
        if (where) remove.add(gid);
        continue;
      }
      if (where === target && !work.placed.has(gid)) patch.set(gid, row);
      else place.set(target, [...(place.get(target) ?? []), row]);
    }
    return { key, patch, remove, place };
  });
  await Promise.all(
    [...new Set(plans.flatMap((plan) => [...plan.place.keys()]))]
      .filter((section) => !orders.has(section))
      .map(fetchOrder),
  );
  if (localWrites.inflight > 0 || localWrites.epoch !== epoch) return retry(work);

  // User Timing marks: when a live change reached the boards' data (bench/ui.mjs reads them).
  performance.mark("takt:live-applied");
  for (const plan of plans) {
    client.setQueryData<BoardData>(plan.key, (board) => {
      if (!board) return board;
      let tasks = plan.remove.size ? without(board.tasks, plan.remove) : board.tasks;
      if (plan.patch.size) {
        const next: Record<string, TaskRow[]> = {};
        for (const [section, rows] of Object.entries(tasks)) {
          next[section] = rows.some((row) => plan.patch.has(row.gid))
            ? rows.map((row) => plan.patch.get(row.gid) ?? row)
            : rows;
        }
        tasks = next;
      }
      for (const [section, rows] of plan.place) {
        const order = orders.get(section);
        const gids = new Set(rows.map((row) => row.gid));
        tasks = without(tasks, gids);
        if (!order || rows.some((row) => !order.includes(row.gid))) {
          // Further down than the first hundred: this section alone is loaded again.
          void reloadSection(client, plan.key, section);
          continue;
        }
        let list = tasks[section] ?? [];
        for (const row of [...rows].sort((a, b) => order.indexOf(a.gid) - order.indexOf(b.gid))) {
          list = placeByOrder(list, row, order);
        }
        tasks[section] = list;
      }
      return tasks === board.tasks ? board : { ...board, tasks };
    });
  }
}

// Puts `row` into `rows` after the nearest task that comes before it in `order` (or before the nearest one after it).
export function placeByOrder(rows: TaskRow[], row: TaskRow, order: string[]): TaskRow[] {
  const at = order.indexOf(row.gid);
  const index = new Map(rows.map((item, position) => [item.gid, position]));
  for (let before = at - 1; before >= 0; before -= 1) {
    const position = index.get(order[before]);
    if (position !== undefined) return [...rows.slice(0, position + 1), row, ...rows.slice(position + 1)];
  }
  for (let after = at + 1; after < order.length; after += 1) {
    const position = index.get(order[after]);
    if (position !== undefined) return [...rows.slice(0, position), row, ...rows.slice(position)];
  }
  return at === 0 || rows.length === 0 ? [row, ...rows] : [...rows, row];
}

async function reloadSection(client: QueryClient, key: readonly unknown[], section: string) {
  try {
    const rows = await fetchSection(section);
    client.setQueryData<BoardData>(key, (board) => {
      if (!board?.tasks[section]) return board;
      const gids = new Set(rows.map((row) => row.gid));
      return { ...board, tasks: { ...without(board.tasks, gids, section), [section]: rows } };
    });
  } catch {
    client.invalidateQueries({ queryKey: key });
  }
}

// Per query client: work put off by a local write in flight, tried again when the write is likely done.
function boardRefresher(client: QueryClient) {
  let waiting = emptyWork();
  let retrying: ReturnType<typeof setTimeout> | undefined;
  const merge = (into: BoardWork, from: BoardWork) => {
    for (const [task, section] of from.landed) into.landed.set(task, section);
    for (const name of ["rows", "placed", "projects", "sections"] as const)
      for (const gid of from[name]) into[name].add(gid);
  };
  const reloadAll = () => client.invalidateQueries({ queryKey: projectKeys.boards });
  const retry = (work: BoardWork) => {
    // Still not through after a few seconds (writes keep coming, or the server is away): load the boards again.
    if (work.attempts >= 12) {
      reloadAll();
      return;
    }
    merge(waiting, work);
    waiting.attempts = Math.max(waiting.attempts, work.attempts + 1);
    clearTimeout(retrying);
    retrying = setTimeout(() => {
      const work = waiting;
      waiting = emptyWork();
      void refreshBoards(client, work, retry).catch(reloadAll);
    }, 250);
  };
  return (work: BoardWork) => void refreshBoards(client, work, retry).catch(reloadAll);
}

const refreshers = new WeakMap<QueryClient, (work: BoardWork) => void>();

// Boards take the changed rows of a batch (fetched once per batch); sections and projects load again.
export const boardLiveHandler: LiveHandler = {
  resources: ["task", "story", "section", "project", "team"],
  apply(client, events) {
    const work = emptyWork();
    for (const event of events) collectBoardWork(client, event, work);
    let refresh = refreshers.get(client);
    if (!refresh) {
      refresh = boardRefresher(client);
      refreshers.set(client, refresh);
    }
    refresh(work);
  },
};
