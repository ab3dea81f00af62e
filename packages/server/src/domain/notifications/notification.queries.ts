import type { Db } from "../../db/index.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";

// A person's own notifications in a workspace, about tasks they can still see.
export function inboxOf(db: Db, userGid: number, workspaceGid: number) {
  return db
    .selectFrom("inbox_notifications as n")
    .leftJoin("users as actor", "actor.gid", "n.actor_gid")
    .leftJoin("tasks as task", "task.gid", "n.task_gid")
    .leftJoin("projects as project", "project.gid", "n.project_gid")
    .leftJoin("teams as team", "team.gid", "n.team_gid")
    .selectAll("n")
    .select([
      "actor.name as actor_name",
      "task.name as task_name",
      "project.name as project_name",
      "team.name as team_name",
    ])
    .where("n.user_gid", "=", userGid)
    .where("n.workspace_gid", "=", workspaceGid)
    .where((eb) =>
      eb.or([
        eb("n.task_gid", "is", null),
        eb("n.task_gid", "in", db.selectFrom("tasks").select("tasks.gid").where(taskIsVisible(db, userGid))),
      ]),
    );
}

export type InboxRow = Awaited<ReturnType<ReturnType<typeof inboxOf>["executeTakeFirstOrThrow"]>>;

export async function findOwnNotification(db: Db, userGid: number, gid: number) {
  return db
    .selectFrom("inbox_notifications")
    .selectAll()
    .where("gid", "=", gid)
    .where("user_gid", "=", userGid)
    .executeTakeFirst();
}

export async function unreadCount(db: Db, userGid: number, workspaceGid: number): Promise<number> {
  const row = await inboxOf(db, userGid, workspaceGid)
    .clearSelect()
    .select((eb) => eb.fn.countAll().as("count"))
    .where("n.read_at", "is", null)
    .where("n.archived_at", "is", null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

// One page of the inbox, newest first: the archived notifications, or the others.
export function inboxPage(
  db: Db,
  userGid: number,
  workspaceGid: number,
  archived: boolean,
  window: { limit: number; offset: number },
) {
  return inboxOf(db, userGid, workspaceGid)
    .where("n.archived_at", archived ? "is not" : "is", null)
    .orderBy("n.gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

export function inboxEntry(db: Db, userGid: number, workspaceGid: number, gid: number) {
  return inboxOf(db, userGid, workspaceGid).where("n.gid", "=", gid).executeTakeFirst();
}
