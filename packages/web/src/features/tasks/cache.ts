import type { QueryClient } from "@tanstack/react-query";
import { markLocalChange } from "../../api/local-writes";
import type { TaskRow } from "../../api/types";

/**
 * Every feature that caches task rows (boards, My Tasks, subtasks, the backlog…) registers how to change a row in
 * its own cache, so an edit shows at once in every view without this module knowing the views.
 */
export interface TaskRowCache {
  patch(client: QueryClient, gid: string, patch: Partial<TaskRow>): void;
  // The task was deleted: it leaves the view.
  remove(client: QueryClient, gid: string): void;
}

const caches = new Map<string, TaskRowCache>();

export function registerTaskRowCache(name: string, cache: TaskRowCache) {
  caches.set(name, cache);
}

// Puts a changed task into every cached view that shows it, so views agree without refetching.
export function patchTaskEverywhere(client: QueryClient, gid: string, patch: Partial<TaskRow>) {
  markLocalChange();
  for (const cache of caches.values()) cache.patch(client, gid, patch);
}

export function removeTaskEverywhere(client: QueryClient, gid: string) {
  markLocalChange();
  for (const cache of caches.values()) cache.remove(client, gid);
}

// A list cache of rows: the usual way to patch and remove.
export function patchRows<T extends { gid: string }>(rows: T[] | undefined, gid: string, patch: Partial<T>) {
  return rows?.some((row) => row.gid === gid)
    ? rows.map((row) => (row.gid === gid ? { ...row, ...patch } : row))
    : rows;
}

export function withoutRow<T extends { gid: string }>(rows: T[] | undefined, gid: string) {
  return rows?.some((row) => row.gid === gid) ? rows.filter((row) => row.gid !== gid) : rows;
}
