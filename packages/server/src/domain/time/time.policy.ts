import type { Db } from "../../db/index.ts";
import type { TasksTable, TimeTrackingEntriesTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { authorizeTask, type TaskAction } from "../tasks/task.policy.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";

// Reading entries needs read access to the task; logging time (an entry or the timer) needs comment access.
export const TIME_NEEDS: Record<"read" | "log", TaskAction> = { read: "read", log: "comment" };

export async function authorizeTaskTime(db: Db, actor: Actor, task: TasksTable | undefined, action: "read" | "log") {
  await authorizeTask(db, actor, task, TIME_NEEDS[action]);
}

// One's own entries while one may still comment on the task; anyone's when one administers the task's project.
export async function authorizeEntry(
  db: Db,
  actor: Actor,
  entry: TimeTrackingEntriesTable | undefined,
  task: TasksTable | undefined,
  action: "read" | "edit",
) {
  if (!entry || !task) throw notFound("time_tracking_entry");
  const level = await authorizeTask(db, actor, task, "read").catch(() => {
    throw notFound("time_tracking_entry");
  });
  if (action === "read") return;
  if (level === "admin") return;
  if (entry.created_by_gid !== actor.gid) throw forbidden("Only its author or a project admin can change this entry.");
  await authorizeTask(db, actor, task, "comment");
}

// One's own timesheet in any workspace one belongs to; someone else's only as a workspace admin.
export async function authorizeTimesheet(db: Db, actor: Actor, workspaceGid: number, userGid: number) {
  const role = await requireWorkspaceRole(db, actor, workspaceGid);
  if (userGid !== actor.gid && role !== "admin") throw forbidden("Only workspace admins can see others' timesheets.");
}
