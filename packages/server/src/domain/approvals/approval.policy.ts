import type { Db } from "../../db/index.ts";
import type { AccessLevel, TasksTable } from "../../db/schema.ts";
import { badRequest, forbidden } from "../../errors.ts";
import { atLeast } from "../access-level.ts";
import type { Actor } from "../context.ts";
import { authorizeTask } from "../tasks/task.policy.ts";

type TaskRef = Pick<
  TasksTable,
  "gid" | "root_gid" | "assignee_gid" | "created_by_gid" | "workspace_gid" | "resource_subtype"
>;

// The approver is the task's assignee (often the client, a guest); the project's editors may record a decision for
// them. The rule authorizeApproval enforces, and the one the caller's abilities report (task.abilities.ts).
export function mayDecideApproval(
  actor: Actor,
  task: Pick<TasksTable, "assignee_gid">,
  level: AccessLevel | null,
): boolean {
  return task.assignee_gid === actor.gid || atLeast(level, "editor");
}

// The approver is the task's assignee (often the client, a guest); the project's editors may record a
// decision for them. Anyone else who sees the task gets a 403, anyone who does not a 404.
export async function authorizeApproval(db: Db, actor: Actor, task: TaskRef | undefined): Promise<void> {
  const level = await authorizeTask(db, actor, task, "read");
  if (task?.resource_subtype !== "approval") {
    throw badRequest('task: only approval tasks (resource_subtype "approval") take an approval decision');
  }
  if (!mayDecideApproval(actor, task, level)) {
    throw forbidden("Only the assignee or the project's editors can decide on an approval.");
  }
}
