import type { Db } from "../../db/index.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { weekOf } from "./time.format.ts";

export function entryByGid(db: Db, gid: number) {
  return db.selectFrom("time_tracking_entries").selectAll().where("gid", "=", gid).executeTakeFirst();
}

export function entriesOfTask(db: Db, taskGid: number, window: { limit: number; offset: number }) {
  return db
    .selectFrom("time_tracking_entries")
    .selectAll()
    .where("task_gid", "=", taskGid)
    .orderBy("entered_on", "desc")
    .orderBy("gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function runningTimer(db: Db, userGid: number) {
  return db
    .selectFrom("time_tracking_timers")
    .innerJoin("tasks", "tasks.gid", "time_tracking_timers.task_gid")
    .select(["time_tracking_timers.task_gid", "time_tracking_timers.started_at", "tasks.name as task_name"])
    .where("time_tracking_timers.user_gid", "=", userGid)
    .executeTakeFirst();
}

// Sum of logged minutes per task, for actual_time_minutes.
export async function actualMinutes(db: Db, taskGids: number[]): Promise<Map<number, number>> {
  if (taskGids.length === 0) return new Map();
  const rows = await db
    .selectFrom("time_tracking_entries")
    .select((eb) => ["task_gid", eb.fn.sum<number | string>("duration_minutes").as("total")])
    .where("task_gid", "in", taskGids)
    .groupBy("task_gid")
    .execute();
  return new Map(rows.map((row) => [Number(row.task_gid), Number(row.total)]));
}

// A person's week: minutes per task per day, with day and week totals. Time on tasks the viewer cannot see
// (an admin reading someone's sheet) counts in the totals under one "private" line, with no task named.
export async function timesheet(db: Db, viewerGid: number, workspaceGid: number, userGid: number, day: string) {
  const days = weekOf(day);
  const rows = await db
    .selectFrom("time_tracking_entries")
    .innerJoin("tasks", "tasks.gid", "time_tracking_entries.task_gid")
    .select([
      "time_tracking_entries.task_gid",
      "time_tracking_entries.entered_on",
      "time_tracking_entries.duration_minutes",
      "tasks.name",
    ])
    .where("time_tracking_entries.workspace_gid", "=", workspaceGid)
    .where("time_tracking_entries.created_by_gid", "=", userGid)
    .where("time_tracking_entries.entered_on", ">=", days[0])
    .where("time_tracking_entries.entered_on", "<=", days[6])
    .orderBy("tasks.name")
    .orderBy("tasks.gid")
    .execute();
  const taskGids = [...new Set(rows.map((row) => row.task_gid))];
  const visible = new Set(
    taskGids.length
      ? (
          await db
            .selectFrom("tasks")
            .select("gid")
            .where("gid", "in", taskGids)
            .where(taskIsVisible(db, viewerGid))
            .execute()
        ).map((row) => row.gid)
      : [],
  );
  const emptyWeek = () => Object.fromEntries(days.map((date) => [date, 0])) as Record<string, number>;
  const byTask = new Map<number, { name: string; days: Record<string, number>; total: number }>();
  const PRIVATE = 0;
  const totals = emptyWeek();
  for (const row of rows) {
    const key = visible.has(row.task_gid) ? row.task_gid : PRIVATE;
    const line = byTask.get(key) ?? { name: row.name, days: emptyWeek(), total: 0 };
    line.days[row.entered_on] += row.duration_minutes;
    line.total += row.duration_minutes;
    totals[row.entered_on] += row.duration_minutes;
    byTask.set(key, line);
  }
  return {
    days,
    tasks: [...byTask].map(([gid, line]) => ({
      task: gid === PRIVATE ? null : { gid: String(gid), resource_type: "task", name: line.name },
      minutes_by_day: line.days,
      total_minutes: line.total,
    })),
    totals_by_day: totals,
    total_minutes: Object.values(totals).reduce((sum, minutes) => sum + minutes, 0),
  };
}
