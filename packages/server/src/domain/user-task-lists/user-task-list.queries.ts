import { sql } from "kysely";
import type { Db } from "../../db/index.ts";
import { prepared, preparedVariants } from "../../db/prepared.ts";
import type { TasksTable } from "../../db/schema.ts";
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
// completedSince: only incomplete tasks and those completed at or after that moment. Compiled once per shape (the
// columns the request's fields need, and whether completedSince is given; db/prepared.ts).
const listTasks = preparedVariants((shape: string) => {
  const [since, columns] = shape.split("|");
  return prepared(
    ["workspaceGid", "ownerGid", "viewerGid", "completedSince", "limit", "offset"],
    (
      db,
      params: {
        workspaceGid: number;
        ownerGid: number;
        viewerGid: number;
        completedSince: string;
        limit: number;
        offset: number;
      },
    ) =>
      tasksFrom(db, columns === "*" ? undefined : (columns.split(",") as (keyof TasksTable)[]))
        .where("tasks.workspace_gid", "=", params.workspaceGid)
        .where("tasks.assignee_gid", "=", params.ownerGid)
        .where(taskIsVisible(db, params.viewerGid))
        .$if(since === "since", (query) =>
          query.where((eb) =>
            eb.or([eb("tasks.completed", "=", 0), eb("tasks.completed_at", ">=", params.completedSince)]),
          ),
        )
        .orderBy(sql`case when coalesce(tasks.due_at, tasks.due_on) is null then 1 else 0 end`)
        .orderBy(sql`coalesce(tasks.due_at, tasks.due_on)`)
        .orderBy("tasks.created_at")
        .orderBy("tasks.gid")
        .limit(params.limit)
        .offset(params.offset),
  );
});

export async function tasksOfUserTaskList(
  db: Db,
  list: Pick<UserTaskListRow, "user_gid" | "workspace_gid">,
  viewerGid: number,
  completedSince: string | null,
  window: Window,
) {
  const shape = `${completedSince === null ? "" : "since"}|${window.columns?.join(",") ?? "*"}`;
  return listTasks(shape).all(db, {
    workspaceGid: list.workspace_gid,
    ownerGid: list.user_gid,
    viewerGid,
    completedSince: completedSince ?? "",
    limit: window.limit,
    offset: window.offset,
  });
}
