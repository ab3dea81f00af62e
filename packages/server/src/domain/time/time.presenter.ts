import type { Db } from "../../db/index.ts";
import type { TimeTrackingEntriesTable } from "../../db/schema.ts";
import { userRef } from "../users/user.presenter.ts";

export const ENTRY_COMPACT = ["duration_minutes", "entered_on", "attributable_to", "created_by"] as const;

// Asana's time_tracking_entry; attributable_to is the task's first project (null for a task in no project).
export async function presentEntries(db: Db, rows: TimeTrackingEntriesTable[]) {
  if (rows.length === 0) return [];
  const taskGids = [...new Set(rows.map((row) => row.task_gid))];
  const userGids = [...new Set(rows.map((row) => row.created_by_gid))];
  const tasks = new Map(
    (
      await db.selectFrom("tasks").select(["gid", "name", "resource_subtype"]).where("gid", "in", taskGids).execute()
    ).map((task) => [task.gid, task] as const),
  );
  const users = new Map(
    (await db.selectFrom("users").select(["gid", "name"]).where("gid", "in", userGids).execute()).map(
      (user) => [user.gid, user] as const,
    ),
  );
  const projects = new Map<number, { gid: number; name: string }>();
  const placements = await db
    .selectFrom("task_memberships")
    .innerJoin("projects", "projects.gid", "task_memberships.project_gid")
    .select(["task_memberships.task_gid", "projects.gid", "projects.name"])
    .where("task_memberships.task_gid", "in", taskGids)
    .orderBy("task_memberships.created_at")
    .orderBy("projects.gid")
    .execute();
  for (const placement of placements) {
    if (!projects.has(placement.task_gid)) projects.set(placement.task_gid, placement);
  }
  return rows.map((row) => {
    const task = tasks.get(row.task_gid);
    const project = projects.get(row.task_gid);
    return {
      gid: String(row.gid),
      resource_type: "time_tracking_entry",
      duration_minutes: row.duration_minutes,
      entered_on: row.entered_on,
      description: row.description,
      attributable_to: project ? { gid: String(project.gid), resource_type: "project", name: project.name } : null,
      created_by: userRef(users.get(row.created_by_gid) ?? { gid: row.created_by_gid, name: "" }),
      task: task
        ? { gid: String(task.gid), resource_type: "task", name: task.name, resource_subtype: task.resource_subtype }
        : null,
      categories: [],
      billable_status: "notApplicable",
      approval_status: "DRAFT",
      created_at: row.created_at,
      modified_at: row.modified_at,
    };
  });
}

export function presentTimer(
  timer: { task_gid: number; task_name: string; started_at: string } | undefined,
  now = new Date().toISOString(),
) {
  if (!timer) return null;
  return {
    resource_type: "timer",
    task: { gid: String(timer.task_gid), resource_type: "task", name: timer.task_name },
    started_at: timer.started_at,
    elapsed_seconds: Math.max(0, Math.floor((Date.parse(now) - Date.parse(timer.started_at)) / 1000)),
  };
}
