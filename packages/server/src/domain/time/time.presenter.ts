import type { Db } from "../../db/index.ts";
import type { TimeTrackingEntriesTable } from "../../db/schema.ts";
import { userRef } from "../users/user.presenter.ts";

export const ENTRY_COMPACT = ["duration_minutes", "entered_on", "attributable_to", "created_by"] as const;

// An entry bills unless it says otherwise, or its category is non-billable.
export function billableStatusOf(
  entry: Pick<TimeTrackingEntriesTable, "billable_status">,
  category: { is_billable?: number } | undefined,
): "billable" | "nonBillable" | "notApplicable" {
  if (entry.billable_status) return entry.billable_status;
  return category?.is_billable === 0 ? "nonBillable" : "billable";
}

// Asana's time_tracking_entry; attributable_to is the project it names, else the task's first project (null for a
// task in no project).
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
  const named = new Map(placements.map((placement) => [placement.gid, placement] as const));
  const categoryGids = [...new Set(rows.map((row) => row.category_gid).filter((gid): gid is number => !!gid))];
  const categories = new Map(
    categoryGids.length
      ? (
          await db
            .selectFrom("time_tracking_categories")
            .select(["gid", "name", "color", "is_billable"])
            .where("gid", "in", categoryGids)
            .execute()
        ).map((category) => [category.gid, category] as const)
      : [],
  );
  return rows.map((row) => {
    const task = tasks.get(row.task_gid);
    const project = (row.attributable_to_gid && named.get(row.attributable_to_gid)) || projects.get(row.task_gid);
    const category = row.category_gid ? categories.get(row.category_gid) : undefined;
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
      categories: category
        ? [
            {
              gid: String(category.gid),
              resource_type: "time_tracking_category",
              name: category.name,
              color: category.color,
            },
          ]
        : [],
      billable_status: billableStatusOf(row, category),
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
