import type { TasksTable } from "../../db/schema.ts";
import { unitOfWork } from "../context.ts";
import type { TaskCtx } from "./task.commands.ts";
import { changeDependencies, changeFollowers } from "./task.links.ts";
import { authorizeTask, followerChangeAction } from "./task.policy.ts";
import { sameWorkspace, taskFor, usersFor } from "./task.resolve.ts";

// The people and tasks a task is linked to: followers, and the tasks it waits on or that wait on it.

// POST /tasks/{gid}/addFollowers, /removeFollowers. Answers the task's gid (it may be out of sight afterwards).
export async function changeFollowersUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  followers: string[],
  action: "added" | "removed",
): Promise<number> {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "read");
    const users = await usersFor(uow.db, uow.actor, task.workspace_gid, followers, "followers");
    const userGids = users.map((user) => user.gid);
    await authorizeTask(uow.db, uow.actor, task, followerChangeAction(uow.actor, userGids));
    await changeFollowers(uow, task, userGids, action);
    return task.gid;
  });
}

// POST /tasks/{gid}/addDependencies, /removeDependencies (field "dependencies": the task waits on the others)
// and /addDependents, /removeDependents (field "dependents": the others wait on the task).
export async function changeDependenciesUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  field: "dependencies" | "dependents",
  refs: string[],
  action: "added" | "removed",
): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "edit");
    const others: TasksTable[] = [];
    for (const raw of refs) {
      const other = await taskFor(uow.db, uow.actor, raw, "read", field);
      sameWorkspace(field, task.workspace_gid, other);
      others.push(other);
    }
    const edges = others.map((other) =>
      field === "dependencies" ? { task, dependsOn: other } : { task: other, dependsOn: task },
    );
    await changeDependencies(uow, edges, action, field);
  });
}
