import type { Db } from "../../db/index.ts";
import { notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import type { Window } from "../tasks/task.queries.ts";
import { findVisibleUser } from "../users/user.queries.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { ensureUserTaskList } from "./user-task-list.commands.ts";
import { authorizeOwnUserTaskList, authorizeUserTaskList } from "./user-task-list.policy.ts";
import type { UserTaskListRow } from "./user-task-list.presenter.ts";
import { findUserTaskList, tasksOfUserTaskList, userTaskListOf } from "./user-task-list.queries.ts";

// A person's My Tasks in a workspace, made on first read when a membership was written without one.
export async function userTaskListUseCase(
  ctx: Ctx & { actor: Actor },
  userRef: string,
  workspaceGid: number,
): Promise<UserTaskListRow> {
  const { db, actor } = ctx;
  await requireWorkspaceRole(db, actor, workspaceGid);
  const user = userRef === "me" ? { gid: actor.gid } : await findVisibleUser(db, actor.gid, userRef);
  if (!user) throw notFound("user");
  authorizeOwnUserTaskList(actor, user.gid);
  const list =
    (await userTaskListOf(db, user.gid, workspaceGid)) ??
    (await unitOfWork(ctx, async (uow) => {
      await ensureUserTaskList(uow, user.gid, workspaceGid);
      return userTaskListOf(uow.db, user.gid, workspaceGid);
    }));
  if (!list) throw notFound("user_task_list");
  return list;
}

async function visibleList(db: Db, actor: Actor, listGid: number): Promise<UserTaskListRow> {
  const list = await findUserTaskList(db, listGid);
  await authorizeUserTaskList(db, actor, list);
  if (!list) throw notFound("user_task_list");
  return list;
}

export function readUserTaskList(db: Db, actor: Actor, listGid: number) {
  return visibleList(db, actor, listGid);
}

// completedSince: "now" keeps only incomplete tasks; a date-time also keeps those completed since then.
export async function userTaskListTasks(
  db: Db,
  actor: Actor,
  listGid: number,
  completedSince: string | undefined,
  window: Window,
) {
  const list = await visibleList(db, actor, listGid);
  const since =
    completedSince === undefined
      ? null
      : completedSince === "now"
        ? new Date().toISOString()
        : new Date(completedSince).toISOString();
  return tasksOfUserTaskList(db, list, actor.gid, since, window);
}
