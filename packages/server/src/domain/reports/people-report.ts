import type { Db } from "../../db/index.ts";
import { userRef } from "../users/user.presenter.ts";
import { endOfDay, todayUtc } from "./sprint-history.ts";

interface PersonRow {
  tasks_completed: number;
  points_completed: number;
  overdue_open_tasks: number;
  cycle_hours: number[];
  minutes_logged: number;
}

const HOUR = 3_600_000;
const round = (value: number) => Math.round(value * 100) / 100;

// Per assignee, over the tasks of the given projects: what they completed in the period (tasks and points),
// what is overdue and open now, and the average cycle time (first move out of the first section → completed).
export async function computePeopleReport(db: Db, projectGids: number[], from: string, to: string, now = new Date()) {
  const today = todayUtc(now);
  const tasks = projectGids.length
    ? await db
        .selectFrom("tasks")
        .select(["gid", "assignee_gid", "completed", "completed_at", "due_on", "story_points"])
        .where("assignee_gid", "is not", null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("task_memberships as tm")
              .select("tm.task_gid")
              .whereRef("tm.task_gid", "=", "tasks.gid")
              .where("tm.project_gid", "in", projectGids),
          ),
        )
        .execute()
    : [];
  const start = `${from}T00:00:00.000Z`;
  const end = endOfDay(to);
  const completedInPeriod = tasks.filter(
    (task) => task.completed === 1 && task.completed_at && task.completed_at >= start && task.completed_at <= end,
  );
  const firstMoves = await firstMovesOutOfFirstSection(
    db,
    projectGids,
    completedInPeriod.map((task) => task.gid),
  );
  const people = new Map<number, PersonRow>();
  const personOf = (gid: number) => {
    let row = people.get(gid);
    if (!row) {
      row = { tasks_completed: 0, points_completed: 0, overdue_open_tasks: 0, cycle_hours: [], minutes_logged: 0 };
      people.set(gid, row);
    }
    return row;
  };
  for (const task of tasks) {
    const person = personOf(task.assignee_gid as number);
    if (task.completed === 0 && task.due_on && task.due_on < today) person.overdue_open_tasks += 1;
  }
  for (const task of completedInPeriod) {
    const person = personOf(task.assignee_gid as number);
    person.tasks_completed += 1;
    person.points_completed += Number(task.story_points ?? 0);
    const began = firstMoves.get(task.gid);
    if (began && task.completed_at && began < task.completed_at) {
      person.cycle_hours.push((Date.parse(task.completed_at) - Date.parse(began)) / HOUR);
    }
  }
  // Time counts for whoever logged it, on the projects' tasks and their subtasks, by the day it was entered for.
  const logged = projectGids.length
    ? await db
        .selectFrom("time_tracking_entries")
        .innerJoin("tasks", "tasks.gid", "time_tracking_entries.task_gid")
        .select((eb) => [
          "time_tracking_entries.created_by_gid",
          eb.fn.sum<number | string>("time_tracking_entries.duration_minutes").as("minutes"),
        ])
        .where("time_tracking_entries.entered_on", ">=", from)
        .where("time_tracking_entries.entered_on", "<=", to)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("task_memberships as ttm")
              .select("ttm.task_gid")
              .where((inner) =>
                inner.or([
                  inner("ttm.task_gid", "=", inner.ref("tasks.gid")),
                  inner("ttm.task_gid", "=", inner.ref("tasks.root_gid")),
                ]),
              )
              .where("ttm.project_gid", "in", projectGids),
          ),
        )
        .groupBy("time_tracking_entries.created_by_gid")
        .execute()
    : [];
  for (const row of logged) personOf(row.created_by_gid).minutes_logged += Number(row.minutes);
  const users = people.size
    ? await db
        .selectFrom("users")
        .select(["gid", "name"])
        .where("gid", "in", [...people.keys()])
        .execute()
    : [];
  const rows = users
    .map((user) => {
      const row = people.get(user.gid) as PersonRow;
      const average = row.cycle_hours.length
        ? row.cycle_hours.reduce((sum, hours) => sum + hours, 0) / row.cycle_hours.length
        : null;
      return {
        user: userRef(user),
        tasks_completed: row.tasks_completed,
        points_completed: round(row.points_completed),
        overdue_open_tasks: row.overdue_open_tasks,
        average_cycle_time_hours: average === null ? null : round(average),
        average_cycle_time_days: average === null ? null : round(average / 24),
        cycle_time_samples: row.cycle_hours.length,
        time_logged_minutes: row.minutes_logged,
      };
    })
    .sort((a, b) => (a.user?.name ?? "").localeCompare(b.user?.name ?? ""));
  return { from, to, projects: projectGids.map(String), people: rows };
}

// When each task first went to a section other than its project's first one (by section events).
async function firstMovesOutOfFirstSection(db: Db, projectGids: number[], taskGids: number[]) {
  const first = new Map<number, string>();
  if (taskGids.length === 0) return first;
  const sections = await db
    .selectFrom("sections")
    .select(["gid", "project_gid", "order_key"])
    .where("project_gid", "in", projectGids)
    .orderBy("order_key")
    .orderBy("gid")
    .execute();
  const firstSections = new Set<number>();
  const seenProjects = new Set<number>();
  for (const section of sections) {
    if (seenProjects.has(section.project_gid)) continue;
    seenProjects.add(section.project_gid);
    firstSections.add(section.gid);
  }
  const later = sections.filter((section) => !firstSections.has(section.gid)).map((section) => section.gid);
  if (later.length === 0) return first;
  for (let index = 0; index < taskGids.length; index += 500) {
    const rows = await db
      .selectFrom("events")
      .select(["resource_gid", "created_at"])
      .where("resource_type", "=", "task")
      .where("action", "=", "added")
      .where("parent_type", "=", "section")
      .where("resource_gid", "in", taskGids.slice(index, index + 500))
      .where("parent_gid", "in", later)
      .execute();
    for (const row of rows) {
      const known = first.get(row.resource_gid);
      if (!known || row.created_at < known) first.set(row.resource_gid, row.created_at);
    }
  }
  return first;
}
