import type { ApprovalStatus, TasksTable } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { unitOfWork } from "../context.ts";
import type { TaskCtx } from "../tasks/task.commands.ts";
import { loadTask } from "../tasks/task.queries.ts";
import { refGid } from "../tasks/task.resolve.ts";
import { decideApproval } from "./approval.commands.ts";
import { authorizeApproval } from "./approval.policy.ts";

// POST /tasks/{gid}/approve, /requestChanges, /reject: the decision, its story and the task's completion, together.
// Answers the task as the decision left it.
export async function decideApprovalUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  status: ApprovalStatus,
  comment?: string,
): Promise<TasksTable> {
  return unitOfWork(ctx, async (uow) => {
    const task = await loadTask(uow.db, refGid(taskRaw, "task"));
    await authorizeApproval(uow.db, uow.actor, task);
    if (!task) throw notFound("task");
    await decideApproval(uow, task, status, comment);
    const decided = await loadTask(uow.db, task.gid);
    if (!decided) throw notFound("task");
    return decided;
  });
}
