import { sql } from "kysely";
import type { Db } from "../../db/index.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { tasksFrom, type Window } from "../tasks/task.queries.ts";
import type { UserTaskListRow } from "./user-task-list.presenter.ts";

function listsWithNames(db: Db) {
  return db
    .selectFrom("user_task_lists")
    .innerJoin("users", "users.gid", "user_task_lists.user_gid")
    .innerJoin("workspaces", "workspaces.gid", "user_task_lists.workspace_gid")
    .selectAll("user_task_lists")
    .select(["users.name as owner_name", "workspaces.name as workspace_name"]);
}

export async function findUserTaskList(db: Db, gid: number): Promise<UserTaskListRow | undefined> {
  return listsWithNames(db).where("user_task_lists.gid", "=", gid).executeTakeFirst();
}

export async function userTaskListOf(
  db: Db,
  userGid: number,
  workspaceGid: number,
): Promise<UserTaskListRow | undefined> {
  return listsWithNames(db)
    .where("user_task_lists.user_gid", "=", userGid)
    .where("user_task_lists.workspace_gid", "=", workspaceGid)
    .executeTakeFirst();
}

// The owner's tasks in the list's workspace that the viewer may see, soonest due first, undated last.
// completedSince: only incomplete tasks and those completed at or after that moment.
export async function tasksOfUserTaskList(
  db: Db,
  list: Pick<UserTaskListRow, "user_gid" | "workspace_gid">,
  viewerGid: number,
  completedSince: string | null,
  window: Window,
) {
  return tasksFrom(db, window.columns)
    .where("tasks.workspace_gid", "=", list.workspace_gid)
    .where("tasks.assignee_gid", "=", list.user_gid)
    .where(taskIsVisible(db, viewerGid))
    .$if(completedSince !== null, (query) =>
      query.where((eb) => eb.or([eb("tasks.completed", "=", 0), eb("tasks.completed_at", ">=", completedSince ?? "")])),
    )
    .orderBy(sql`case when coalesce(tasks.due_at, tasks.due_on) is null then 1 else 0 end`)
    .orderBy(sql`coalesce(tasks.due_at, tasks.due_on)`)
    .orderBy("tasks.created_at")
    .orderBy("tasks.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
