import type { QueryClient } from "@tanstack/react-query";
import { ApiError, api } from "../../api/client";
import { localWrites } from "../../api/local-writes";
import type { LiveHandler } from "../../api/realtime";
import type { LivePlacement, RealtimeEvent, TaskRow } from "../../api/types";
import { TASK_ROW_FIELDS } from "../tasks/fields";
import { type BoardData, fetchSection } from "./board";
import { projectKeys } from "./keys";

// What a batch of events asks of the cached boards: task rows to fetch again (their fields changed), tasks that
// took a new place (an "added to section/project" event; a reorder within a section is one too) with where the
// server says they now sit, and comment counts to bump.
interface BoardWork {
  rows: Set<string>;
  placed: Set<string>;
  projects: Set<string>;
  sections: Set<string>;
  // The section each task was last placed in (an "added to section" event).
  landed: Map<string, string>;
  // The neighbours the realtime message gave for that placement (absent: it gave none, or a later event moved on).
  placements: Map<string, LivePlacement>;
  // Comments added per task: the row's count goes up without asking the server.
  comments: Map<string, number>;
  attempts: number;
}

const emptyWork = (): BoardWork => ({
  rows: new Set(),
  placed: new Set(),
  projects: new Set(),
  sections: new Set(),
  landed: new Map(),
  placements: new Map(),
  comments: new Map(),
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
      if (parent?.resource_type === "section" && event.action === "added") {
        // A placement: the row itself did not change, only where it is (the message says where, when it can).
        work.placed.add(resource.gid);
        work.sections.add(parent.gid);
        work.landed.set(resource.gid, parent.gid);
        if (event.placement?.section === parent.gid) work.placements.set(resource.gid, event.placement);
        else work.placements.delete(resource.gid);
        break;
      }
      work.rows.add(resource.gid);
      if (parent?.resource_type === "task") work.rows.add(parent.gid);
      if (parent?.resource_type === "section") {
        work.placed.add(resource.gid);
        work.sections.add(parent.gid);
      }
      if (parent?.resource_type === "project") {
        work.placed.add(resource.gid);
        work.projects.add(parent.gid);
      }
      if (event.action === "undeleted") work.placed.add(resource.gid);
      for (const gid of tasksIn(event.change)) work.rows.add(gid);
      break;
    case "story":
      // A comment changes its task's count; other stories (the history a change writes) show nowhere on a board.
      if (parent?.resource_type !== "task") break;
      if (event.action === "added" && resource.resource_subtype === "comment_added") {
        work.comments.set(parent.gid, (work.comments.get(parent.gid) ?? 0) + 1);
      } else if (event.action !== "added") {
        work.rows.add(parent.gid);
      }
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

function rowOf(board: BoardData, gid: string): TaskRow | null {
  for (const rows of Object.values(board.tasks)) {
    const row = rows.find((item) => item.gid === gid);
    if (row) return row;
  }
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
 * Puts `row` where the realtime message says it now sits: after the task before it, or before the task after it,
 * when the column shows that neighbour; first when nothing is before it; last when nothing is after it and the
 * column is loaded to its end. "beyond": the column is not loaded that far (the row comes with a later page).
 * null: the message cannot place it here (a neighbour this reader does not see): ask the server for the order.
 */
export function placeByNeighbours(
  rows: TaskRow[],
  row: TaskRow,
  placement: LivePlacement,
  complete: boolean,
): TaskRow[] | "beyond" | null {
  const list = rows.some((item) => item.gid === row.gid) ? rows.filter((item) => item.gid !== row.gid) : rows;
  if (placement.after === null) return [row, ...list];
  const after = placement.after ? list.findIndex((item) => item.gid === placement.after) : -1;
  if (after >= 0) return [...list.slice(0, after + 1), row, ...list.slice(after + 1)];
  const before = placement.before ? list.findIndex((item) => item.gid === placement.before) : -1;
  if (before >= 0) return [...list.slice(0, before), row, ...list.slice(before)];
  if (placement.before === null && complete) return [...list, row];
  // A neighbour was named but is not loaded: it, and so the row, lies past the rows loaded so far.
  if (!complete && (placement.after || placement.before || placement.before === null)) return "beyond";
  return null;
}

// A row moved to `section` of `project`: its membership there says so (the section's name from the board).
function movedRow(row: TaskRow, board: BoardData, project: string, section: string): TaskRow {
  const named = board.sections.find((item) => item.gid === section);
  return {
    ...row,
    memberships: (row.memberships ?? []).map((membership) =>
      membership.project?.gid === project && named
        ? { ...membership, section: { gid: named.gid, name: named.name } }
        : membership,
    ),
  };
}

/**
 * Brings the cached boards up to date with a batch of task events. A move applies from the message alone: the row
 * the board already has goes between the neighbours the server named. Only what the messages cannot say is fetched:
 * the row of a task whose fields changed or that the board does not have yet (one request per task) and, when a
 * task's new place is not given by neighbours the board shows, the first page of the section it went to (the
 * order comes from the server). Nothing is applied while a local write is in flight or if one started meanwhile:
 * the batch is tried again a little later.
 */
async function refreshBoards(client: QueryClient, work: BoardWork, retry: (work: BoardWork) => void): Promise<void> {
  const boards = client
    .getQueriesData<BoardData>({ queryKey: projectKeys.boards })
    .filter((entry): entry is [readonly unknown[], BoardData] => !!entry[1] && typeof entry[0][1] === "string")
    .map(([key, board]) => ({ key, project: String(key[1]), board }));
  if (!boards.length) return;
  if (localWrites.inflight > 0) return retry(work);
  const epoch = localWrites.epoch;
  const onBoard = (gid: string) => boards.some(({ board }) => sectionOf(board, gid) !== null);
  const relevant = [...new Set([...work.rows, ...work.placed, ...work.comments.keys()])].filter(
    (gid) =>
      onBoard(gid) ||
      (work.placed.has(gid) &&
        boards.some(
          ({ project, board }) =>
            work.projects.has(project) || board.sections.some((section) => work.sections.has(section.gid)),
        )),
  );
  if (!relevant.length) return;
  // A placed task the boards have, with neighbours from the message: nothing to fetch for it.
  const local = new Set(relevant.filter((gid) => !work.rows.has(gid) && work.placed.has(gid) && onBoard(gid)));
  const toFetch = relevant.filter((gid) => !local.has(gid) && (work.rows.has(gid) || work.placed.has(gid)));

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
  let fetched: { gid: string; row: TaskRow | null }[] = [];
  if (toFetch.length) {
    try {
      fetched = await Promise.all(toFetch.map(fetchRow));
    } catch {
      return retry(work);
    }
  }

  // Per board: rows to patch in place, rows to remove, and rows to place (by neighbours, else by their section's
  // order).
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
    for (const gid of local) {
      const target = work.landed.get(gid);
      const row = rowOf(board, gid);
      // The section is another project's: this board's copy of the task stays where it is.
      if (!target || !row || !board.tasks[target]) continue;
      place.set(target, [...(place.get(target) ?? []), movedRow(row, board, project, target)]);
    }
    for (const [gid, added] of work.comments) {
      const row = patch.get(gid) ?? rowOf(board, gid);
      if (row && !fetched.some((item) => item.gid === gid)) {
        patch.set(gid, { ...row, num_comments: (row.num_comments ?? 0) + added });
      }
    }
    return { key, board, patch, remove, place };
  });
  // Sections whose new rows the messages cannot place: their order, from the server.
  const unplaced = new Set<string>();
  for (const { board, place } of plans) {
    for (const [section, rows] of place) {
      for (const row of rows) {
        const placement = work.placements.get(row.gid);
        const complete = board.more?.[section] === undefined;
        if (!placement || placeByNeighbours(board.tasks[section] ?? [], row, placement, complete) === null) {
          unplaced.add(section);
        }
      }
    }
  }
  if (unplaced.size) await Promise.all([...unplaced].map(fetchOrder));
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
        const gids = new Set(rows.map((row) => row.gid));
        tasks = without(tasks, gids);
        const complete = board.more?.[section] === undefined;
        let list = tasks[section] ?? [];
        const byOrder: TaskRow[] = [];
        for (const row of rows) {
          const placement = work.placements.get(row.gid);
          const placed = placement ? placeByNeighbours(list, row, placement, complete) : null;
          if (placed === "beyond") continue;
          if (placed) list = placed;
          else byOrder.push(row);
        }
        const order = orders.get(section);
        if (byOrder.length && (!order || byOrder.some((row) => !order.includes(row.gid)))) {
          // Further down than the first hundred: past the loaded rows of a long column it comes with a later page;
          // a column loaded whole loads this section alone again.
          tasks[section] = list;
          if (complete) void reloadSection(client, plan.key, section);
          continue;
        }
        for (const row of [...byOrder].sort((a, b) => order!.indexOf(a.gid) - order!.indexOf(b.gid))) {
          list = placeByOrder(list, row, order!);
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
    for (const [task, placement] of from.placements) into.placements.set(task, placement);
    for (const [task, count] of from.comments) into.comments.set(task, (into.comments.get(task) ?? 0) + count);
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
