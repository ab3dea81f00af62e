import { unitOfWork } from "../context.ts";
import { deleteTask, type TaskCtx } from "./task.commands.ts";
import { taskFor } from "./task.resolve.ts";

// DELETE /tasks/{gid}: the task and its whole subtree, for those who may edit it.
export async function deleteTaskUseCase(ctx: TaskCtx, taskRaw: string): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "edit");
    await deleteTask(uow, task);
  });
}
