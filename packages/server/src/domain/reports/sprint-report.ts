import type { Kysely, Transaction } from "kysely";
import type { Database, SprintsTable } from "../../db/schema.ts";
import { committedOf, sprintRef } from "../sprints/sprint.presenter.ts";
import { loadSprintEvents } from "./sprint-events.ts";
import { enteredBetween, type ScopeTask, scopesAt, sumPoints } from "./sprint-history.ts";

type Reader = Kysely<Database> | Transaction<Database>;

export interface ReportLine {
  task: { gid: string; resource_type: "task"; name: string };
  story_points: number;
}

export interface SprintReport {
  sprint: { gid: string; resource_type: string; name: string };
  state: SprintsTable["state"];
  as_of: string;
  committed_points: number;
  committed_tasks: number;
  completed: ReportLine[];
  not_completed: ReportLine[];
  added_after_start: ReportLine[];
  removed: ReportLine[];
  completed_points: number;
  not_completed_points: number;
  added_points: number;
  removed_points: number;
}

// What happened to the sprint's scope from its start to `asOf` (its completion, or now while it runs).
export async function computeSprintReport(db: Reader, sprint: SprintsTable, asOf: string): Promise<SprintReport> {
  const { events, current } = await loadSprintEvents(db, sprint.gid);
  const startedAt = sprint.started_at ?? asOf;
  const [atStart, atEnd] = scopesAt(events, current, sprint.gid, [startedAt, asOf]);
  const committed = committedOf(sprint);
  const committedGids = new Set(committed?.task_gids ?? [...atStart.keys()]);
  const added = enteredBetween(events, sprint.gid, startedAt, asOf).filter((gid) => !committedGids.has(gid));
  // Points of a task that left: as they were just before it left, or as of now when it never had any event.
  const everIn = [...committedGids, ...added];
  const lastSeen = new Map<number, ScopeTask>();
  for (const gid of everIn) {
    const fromEnd = atEnd.get(gid) ?? atStart.get(gid);
    lastSeen.set(gid, fromEnd ?? { gid, points: current.get(gid)?.story_points ?? 0, completed: false });
  }
  const names = new Map<number, string>();
  if (everIn.length) {
    const rows = await db.selectFrom("tasks").select(["gid", "name"]).where("gid", "in", everIn).execute();
    for (const row of rows) names.set(row.gid, row.name);
  }
  const line = (task: ScopeTask): ReportLine => ({
    task: { gid: String(task.gid), resource_type: "task", name: names.get(task.gid) ?? "(deleted task)" },
    story_points: task.points,
  });
  const finalTasks = [...atEnd.values()];
  const completed = finalTasks.filter((task) => task.completed);
  const notCompleted = finalTasks.filter((task) => !task.completed);
  const addedTasks = added.filter((gid) => atEnd.has(gid)).map((gid) => atEnd.get(gid) as ScopeTask);
  const removed = everIn.filter((gid) => !atEnd.has(gid)).map((gid) => lastSeen.get(gid) as ScopeTask);
  return {
    sprint: sprintRef(sprint),
    state: sprint.state,
    as_of: asOf,
    committed_points: committed?.points ?? sumPoints(atStart.values()),
    committed_tasks: committed?.tasks ?? atStart.size,
    completed: completed.map(line),
    not_completed: notCompleted.map(line),
    added_after_start: addedTasks.map(line),
    removed: removed.map(line),
    completed_points: sumPoints(completed),
    not_completed_points: sumPoints(notCompleted),
    added_points: sumPoints(addedTasks),
    removed_points: sumPoints(removed),
  };
}
