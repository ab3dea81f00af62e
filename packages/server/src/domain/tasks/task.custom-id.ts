import type { Db } from "../../db/index.ts";
import type { TasksTable } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { taskGidForCustomId } from "../custom-fields/custom-id.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { authorizeTask } from "./task.policy.ts";
import { loadTask } from "./task.queries.ts";

// GET /workspaces/{gid}/tasks/custom_id/{custom_id}: the task a custom ID ("BUG-12") names. Members of the
// workspace only; a task the reader cannot see answers 404, like an unknown ID, so IDs reveal nothing.
export async function taskForCustomIdUseCase(
  db: Db,
  actor: Actor,
  workspaceGid: number,
  customId: string,
): Promise<TasksTable> {
  await requireWorkspaceRole(db, actor, workspaceGid);
  const gid = await taskGidForCustomId(db, workspaceGid, customId);
  const task = gid === null ? undefined : await loadTask(db, gid);
  await authorizeTask(db, actor, task, "read");
  if (!task) throw notFound("task");
  return task;
}
