import type { QueryClient } from "@tanstack/react-query";
import i18n from "i18next";
import { registerLiveHandler } from "../../api/realtime";
import type { RealtimeEvent, TaskDetail, User } from "../../api/types";
import { sessionKeys } from "../auth/queries";

// The polite live region (components/LiveAnnouncer.tsx) that tells a screen-reader user when someone else moves,
// completes, renames or deletes the task they are on: the focused row or card, or the task open in the pane.
export const LIVE_REGION_ID = "takt-live-updates";

// The tasks the reader is on now, read from the page: a focused row or card, and the open pane.
function watchedTasks(): Map<string, string | undefined> {
  const watched = new Map<string, string | undefined>();
  const focused = document.activeElement?.closest<HTMLElement>("[data-task-gid]");
  if (focused?.dataset.taskGid) watched.set(focused.dataset.taskGid, focused.dataset.taskName);
  for (const pane of document.querySelectorAll<HTMLElement>("[data-task-pane-gid]")) {
    if (pane.dataset.taskPaneGid) watched.set(pane.dataset.taskPaneGid, pane.getAttribute("aria-label") ?? undefined);
  }
  return watched;
}

function sectionName(gid: string): string | undefined {
  return document.querySelector<HTMLElement>(`[data-section-gid="${CSS.escape(gid)}"]`)?.dataset.sectionName;
}

// Who did it, from the workspace's people the app has loaded (pickers, filters); "Someone" otherwise.
function personName(client: QueryClient, gid: string): string | undefined {
  for (const [, users] of client.getQueriesData<User[]>({ queryKey: ["users"] })) {
    const found = Array.isArray(users) ? users.find((user) => user.gid === gid) : undefined;
    if (found?.name) return found.name;
  }
  return undefined;
}

// What one event means to the reader, or null when it is nothing to interrupt them with.
export function describeLiveEvent(
  event: RealtimeEvent,
  names: { task: string; person: string | undefined },
  section: (gid: string) => string | undefined,
): string | null {
  const values = { person: names.person || i18n.t("a11y.live.someone"), name: names.task };
  if (event.action === "added" && event.parent?.resource_type === "section") {
    const target = section(event.parent.gid);
    return target
      ? i18n.t("a11y.live.moved", { ...values, section: target })
      : i18n.t("a11y.live.movedSomewhere", values);
  }
  if (event.action === "deleted") return i18n.t("a11y.live.deleted", values);
  if (event.action === "changed" && event.change?.field === "completed") {
    return i18n.t(event.change.new_value ? "a11y.live.completed" : "a11y.live.reopened", values);
  }
  if (event.action === "changed" && event.change?.field === "name" && typeof event.change.new_value === "string") {
    return i18n.t("a11y.live.renamed", { ...values, newName: event.change.new_value });
  }
  return null;
}

let clearing: ReturnType<typeof setTimeout> | undefined;

export function announce(message: string) {
  const region = document.getElementById(LIVE_REGION_ID);
  if (!region) return;
  // Emptied first, so the same words said twice are read twice.
  region.textContent = "";
  clearTimeout(clearing);
  setTimeout(() => {
    region.textContent = message;
    clearing = setTimeout(() => {
      region.textContent = "";
    }, 10_000);
  }, 100);
}

function applyLiveEvents(client: QueryClient, events: readonly RealtimeEvent[]) {
  const watched = watchedTasks();
  if (watched.size === 0) return;
  const me = client.getQueryData<{ gid: string } | null>(sessionKeys.me)?.gid;
  const messages: string[] = [];
  for (const event of events) {
    const gid = event.resource.gid;
    if (!watched.has(gid) || (me && event.user?.gid === me)) continue;
    const task = client.getQueryData<TaskDetail>(["task", gid])?.name ?? watched.get(gid) ?? "";
    const person = event.user ? personName(client, event.user.gid) : undefined;
    const message = describeLiveEvent(event, { task, person }, sectionName);
    // A burst (a move that also completes) is said once per kind of change.
    if (message && !messages.includes(message)) messages.push(message);
  }
  if (messages.length) announce(messages.join(" "));
}

registerLiveHandler("task-announcer", { resources: ["task"], apply: applyLiveEvents });
