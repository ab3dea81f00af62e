import type { Db } from "../../db/index.ts";
import type { UserTaskListsTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { userIsVisible } from "../users/user.queries.ts";

// My Tasks is personal: its owner reads it. Someone who can see the owner learns the list exists (403);
// anyone else cannot tell it from an unknown id (404).
export async function authorizeUserTaskList(
  db: Db,
  actor: Actor,
  list: Pick<UserTaskListsTable, "user_gid" | "workspace_gid"> | undefined,
): Promise<void> {
  if (!list) throw notFound("user_task_list");
  if (list.user_gid === actor.gid) {
    const member = await db
      .selectFrom("workspace_memberships")
      .select("gid")
      .where("workspace_gid", "=", list.workspace_gid)
      .where("user_gid", "=", actor.gid)
      .executeTakeFirst();
    if (!member) throw notFound("user_task_list");
    return;
  }
  const seesOwner = await db
    .selectFrom("users")
    .select("gid")
    .where("gid", "=", list.user_gid)
    .where(userIsVisible(db, actor.gid))
    .executeTakeFirst();
  if (!seesOwner) throw notFound("user_task_list");
  throw forbidden("You can only read your own My Tasks list.");
}

// My Tasks of a person the actor sees: only the owner reads it.
export function authorizeOwnUserTaskList(actor: Actor, ownerGid: number): void {
  if (ownerGid !== actor.gid) throw forbidden("You can only read your own My Tasks list.");
}
