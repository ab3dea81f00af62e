import type { Db } from "../../db/index.ts";
import type { SprintsTable } from "../../db/schema.ts";
import { committedOf, sprintRef } from "../sprints/sprint.presenter.ts";
import { loadSprintEvents } from "./sprint-events.ts";
import { addDays, daysBetween, endOfDay, type ScopeTask, scopesAt, sumPoints, todayUtc } from "./sprint-history.ts";

export interface BurndownDay {
  date: string;
  // Actual values at the end of the day (UTC); null for days still ahead.
  remaining_points: number | null;
  remaining_tasks: number | null;
  completed_points: number | null;
  completed_tasks: number | null;
  scope_points: number | null;
  scope_tasks: number | null;
  // Change of scope during the day: tasks that came in or left, and the points change of the whole scope.
  added_tasks: number | null;
  removed_tasks: number | null;
  scope_change_points: number | null;
  ideal_points: number;
  ideal_tasks: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

function totals(scope: Map<number, ScopeTask>) {
  const open = [...scope.values()].filter((task) => !task.completed);
  const done = [...scope.values()].filter((task) => task.completed);
  return {
    remaining_points: sumPoints(open),
    remaining_tasks: open.length,
    completed_points: sumPoints(done),
    completed_tasks: done.length,
    scope_points: sumPoints(scope.values()),
    scope_tasks: scope.size,
  };
}

// Per day from the sprint's start to its end (and on to today or its completion when it ran late), replayed from
// the event log: a past day shows what was true that day, whatever changed since.
export async function computeBurndown(db: Db, sprint: SprintsTable, now = new Date()) {
  const nowIso = now.toISOString();
  const today = todayUtc(now);
  const startOn = sprint.start_on ?? sprint.started_at?.slice(0, 10) ?? today;
  const endOn = sprint.end_on && sprint.end_on >= startOn ? sprint.end_on : startOn;
  // The last moment with actual values: the completion (just before unfinished tasks move on), or now.
  const lastMoment =
    sprint.state === "completed" && sprint.completed_at
      ? new Date(new Date(sprint.completed_at).getTime() - 1).toISOString()
      : sprint.state === "active"
        ? nowIso
        : null;
  const lastDay = lastMoment ? lastMoment.slice(0, 10) : null;
  const finalDay = lastDay && lastDay > endOn ? lastDay : endOn;
  const days = daysBetween(startOn, finalDay);
  const { events, current } = await loadSprintEvents(db, sprint.gid);
  const actualDays = lastMoment ? days.filter((day) => day <= (lastDay as string)) : [];
  const cutoffs = actualDays.map((day) => (day === lastDay ? (lastMoment as string) : endOfDay(day)));
  const beforeStart = sprint.started_at ?? endOfDay(addDays(startOn, -1));
  const [atStart, ...snapshots] = scopesAt(events, current, sprint.gid, [
    beforeStart < (cutoffs[0] ?? nowIso) ? beforeStart : endOfDay(addDays(startOn, -1)),
    ...cutoffs,
  ]);
  const committed = committedOf(sprint);
  const planned = sprint.state === "planned" ? totals(scopesAt(events, current, sprint.gid, [nowIso])[0]) : null;
  const committedPoints = committed?.points ?? planned?.scope_points ?? sumPoints(atStart.values());
  const committedTasks = committed?.tasks ?? planned?.scope_tasks ?? atStart.size;
  const idealSpan = daysBetween(startOn, endOn).length - 1;
  const ideal = (index: number, total: number) =>
    idealSpan <= 0 ? (index === 0 ? total : 0) : round(Math.max(0, total * (1 - index / idealSpan)));
  let previous = atStart;
  const result: BurndownDay[] = days.map((date, index) => {
    const snapshot = snapshots[index];
    const base = { date, ideal_points: ideal(index, committedPoints), ideal_tasks: ideal(index, committedTasks) };
    if (!snapshot) {
      return {
        ...base,
        remaining_points: null,
        remaining_tasks: null,
        completed_points: null,
        completed_tasks: null,
        scope_points: null,
        scope_tasks: null,
        added_tasks: null,
        removed_tasks: null,
        scope_change_points: null,
      };
    }
    const added = [...snapshot.keys()].filter((gid) => !previous.has(gid)).length;
    const removed = [...previous.keys()].filter((gid) => !snapshot.has(gid)).length;
    const change = round(sumPoints(snapshot.values()) - sumPoints(previous.values()));
    previous = snapshot;
    return { ...base, ...totals(snapshot), added_tasks: added, removed_tasks: removed, scope_change_points: change };
  });
  return {
    sprint: { ...sprintRef(sprint), state: sprint.state },
    start_on: startOn,
    end_on: endOn,
    today,
    committed_points: committedPoints,
    committed_tasks: committedTasks,
    days: result,
  };
}
