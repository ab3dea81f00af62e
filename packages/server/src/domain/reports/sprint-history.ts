// Replays a sprint's task events to know its scope at any moment: which tasks were in the sprint, their points
// and whether they were done. Pure: the queries load the events, this folds them.

export type ScopeField = "sprint" | "story_points" | "completed" | "deleted";

export interface ScopeEvent {
  id: number;
  task_gid: number;
  at: string;
  field: ScopeField;
  // sprint: gid or null; story_points: number or null; completed: boolean.
  new_value: number | boolean | null;
  old_value: number | boolean | null;
}

// A task's values now, used as the starting state when a field has no event (e.g. a task created completed).
export interface TaskNow {
  gid: number;
  sprint_gid: number | null;
  story_points: number | null;
  completed: boolean;
}

export interface TaskState {
  sprint: number | null;
  points: number | null;
  completed: boolean;
  deleted: boolean;
}

export const byTime = (a: ScopeEvent, b: ScopeEvent) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id);

// The state before any event: a field's first event tells its old value; a field never changed has today's value.
export function initialStates(events: ScopeEvent[], current: Map<number, TaskNow>): Map<number, TaskState> {
  const states = new Map<number, TaskState>();
  const seen = new Set<string>();
  const gids = new Set([...current.keys(), ...events.map((event) => event.task_gid)]);
  for (const gid of gids) {
    const now = current.get(gid);
    states.set(gid, {
      sprint: now?.sprint_gid ?? null,
      points: now?.story_points ?? null,
      completed: now?.completed ?? false,
      deleted: now === undefined,
    });
  }
  for (const event of [...events].sort(byTime)) {
    const key = `${event.task_gid}:${event.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const state = states.get(event.task_gid) as TaskState;
    if (event.field === "sprint") state.sprint = (event.old_value as number | null) ?? null;
    if (event.field === "story_points") state.points = (event.old_value as number | null) ?? null;
    if (event.field === "completed") state.completed = event.old_value === true;
    if (event.field === "deleted") state.deleted = false;
  }
  return states;
}

function apply(state: TaskState, event: ScopeEvent) {
  if (event.field === "sprint") state.sprint = (event.new_value as number | null) ?? null;
  if (event.field === "story_points") state.points = (event.new_value as number | null) ?? null;
  if (event.field === "completed") state.completed = event.new_value === true;
  if (event.field === "deleted") state.deleted = true;
}

export interface ScopeTask {
  gid: number;
  points: number;
  completed: boolean;
}

// Walks the events in time order and takes a snapshot of the sprint's scope at each cutoff (ascending).
export function scopesAt(
  events: ScopeEvent[],
  current: Map<number, TaskNow>,
  sprintGid: number,
  cutoffs: string[],
): Map<number, ScopeTask>[] {
  const states = initialStates(events, current);
  const sorted = [...events].sort(byTime);
  const snapshots: Map<number, ScopeTask>[] = [];
  let next = 0;
  for (const cutoff of cutoffs) {
    while (next < sorted.length && sorted[next].at <= cutoff) {
      apply(states.get(sorted[next].task_gid) as TaskState, sorted[next]);
      next += 1;
    }
    const scope = new Map<number, ScopeTask>();
    for (const [gid, state] of states) {
      if (state.sprint === sprintGid && !state.deleted) {
        scope.set(gid, { gid, points: state.points ?? 0, completed: state.completed });
      }
    }
    snapshots.push(scope);
  }
  return snapshots;
}

// Tasks that entered the sprint after `from` and up to `until`, in the order they came.
export function enteredBetween(events: ScopeEvent[], sprintGid: number, from: string, until: string): number[] {
  const entered: number[] = [];
  for (const event of [...events].sort(byTime)) {
    if (event.field !== "sprint" || event.at <= from || event.at > until) continue;
    if (event.new_value === sprintGid && !entered.includes(event.task_gid)) entered.push(event.task_gid);
  }
  return entered;
}

export const sumPoints = (tasks: Iterable<ScopeTask>) => {
  let total = 0;
  for (const task of tasks) total += task.points;
  return Math.round(total * 100) / 100;
};

// Calendar days (UTC) from `from` to `to` inclusive, as YYYY-MM-DD.
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const cursor = new Date(`${from}T00:00:00.000Z`);
  const last = new Date(`${to}T00:00:00.000Z`);
  while (cursor <= last && days.length < 1000) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}

export const endOfDay = (day: string) => `${day}T23:59:59.999Z`;
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}
