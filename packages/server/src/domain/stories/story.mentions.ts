import type { Transaction } from "kysely";
import type { Db } from "../../db/index.ts";
import type { Database } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";

// Asana marks a mention as <a data-asana-gid="USER_GID" data-asana-type="user"/> in html_text.
export function mentionedUserGids(html: string): number[] {
  const gids = new Set<number>();
  for (const [tag] of html.matchAll(/<a\b[^>]*>/gi)) {
    const gid = /data-asana-gid="(\d{1,20})"/i.exec(tag)?.[1];
    const type = /data-asana-type="([a-z_]+)"/i.exec(tag)?.[1] ?? "user";
    if (gid && type === "user" && Number.isSafeInteger(Number(gid))) gids.add(Number(gid));
  }
  return [...gids];
}

// Everyone mentioned must exist and be able to see the task: a mention never leaks a task to someone new.
export async function checkMentions(db: Db, taskGid: number, userGids: number[]): Promise<void> {
  for (const userGid of userGids) {
    const user = await db.selectFrom("users").select(["gid", "name"]).where("gid", "=", userGid).executeTakeFirst();
    if (!user) throw badRequest(`html_text: the mentioned user ${userGid} does not exist`);
    const visible = await db
      .selectFrom("tasks")
      .select("gid")
      .where("gid", "=", taskGid)
      .where(taskIsVisible(db, userGid))
      .executeTakeFirst();
    if (!visible) throw badRequest(`html_text: ${user.name} cannot see this task`);
  }
}

// Commenters and the people they mention follow the task from then on.
export async function addFollowers(trx: Transaction<Database>, taskGid: number, userGids: number[]): Promise<void> {
  const unique = [...new Set(userGids)];
  if (unique.length === 0) return;
  await trx
    .insertInto("task_followers")
    .values(unique.map((userGid) => ({ task_gid: taskGid, user_gid: userGid })))
    .onConflict((conflict) => conflict.columns(["task_gid", "user_gid"]).doNothing())
    .execute();
}
