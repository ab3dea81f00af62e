import type { QueryClient } from "@tanstack/react-query";
import i18n from "i18next";
import { api } from "../../api/client";
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

// Who did it: from the workspace's people the app has loaded (pickers, filters), else asked once; "Someone" when
// the reader may not see them.
async function personName(client: QueryClient, gid: string): Promise<string | undefined> {
  for (const [, users] of client.getQueriesData<User[]>({ queryKey: ["users"] })) {
    const found = Array.isArray(users) ? users.find((user) => user.gid === gid) : undefined;
    if (found?.name) return found.name;
  }
  try {
    const user = await client.fetchQuery({
      queryKey: ["user-name", gid],
      queryFn: () => api.get<User>(`/users/${gid}`, { opt_fields: "name" }),
      staleTime: Number.POSITIVE_INFINITY,
    });
    return user.name;
  } catch {
    return undefined;
  }
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
  const theirs = events.filter((event) => watched.has(event.resource.gid) && !(me && event.user?.gid === me));
  if (theirs.length === 0) return;
  // Names read now, before the refetch redraws the page (a section's name comes from its header on screen).
  const sections = new Map<string, string | undefined>();
  for (const event of theirs) if (event.parent) sections.set(event.parent.gid, sectionName(event.parent.gid));
  const tasks = new Map(
    theirs.map((event) => {
      const gid = event.resource.gid;
      return [gid, client.getQueryData<TaskDetail>(["task", gid])?.name ?? watched.get(gid) ?? ""] as const;
    }),
  );
  void Promise.all(theirs.map((event) => (event.user ? personName(client, event.user.gid) : undefined))).then(
    (people) => {
      const messages: string[] = [];
      theirs.forEach((event, index) => {
        const names = { task: tasks.get(event.resource.gid) ?? "", person: people[index] };
        const message = describeLiveEvent(event, names, (gid) => sections.get(gid));
        // A burst (a move that also completes) is said once per kind of change.
        if (message && !messages.includes(message)) messages.push(message);
      });
      if (messages.length) announce(messages.join(" "));
    },
  );
}

registerLiveHandler("task-announcer", { resources: ["task"], apply: applyLiveEvents });
