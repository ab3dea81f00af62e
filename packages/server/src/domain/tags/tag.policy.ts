import type { Db } from "../../db/index.ts";
import type { TagsTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { workspaceRole } from "../workspaces/workspace.policy.ts";

// SQL: tags the actor may see. Full members see every tag of their workspaces; a guest only tags on tasks they see.
export function visibleTagGids(db: Db, actorGid: number) {
  return db
    .selectFrom("tags as vt")
    .select("vt.gid")
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("workspace_memberships as vwm")
            .select("vwm.gid")
            .whereRef("vwm.workspace_gid", "=", "vt.workspace_gid")
            .where("vwm.user_gid", "=", actorGid)
            .where("vwm.role", "in", ["admin", "member"]),
        ),
        eb.exists(
          eb
            .selectFrom("task_tags as vtt")
            .innerJoin("tasks", "tasks.gid", "vtt.task_gid")
            .select("vtt.task_gid")
            .whereRef("vtt.tag_gid", "=", "vt.gid")
            .where(taskIsVisible(db, actorGid)),
        ),
      ]),
    );
}

// 404 when unknown or invisible; changing a tag itself is for full members of its workspace.
export async function authorizeTag(db: Db, actor: Actor, tag: TagsTable | undefined, action: "read" | "edit") {
  if (!tag) throw notFound("tag");
  const visible = await db
    .selectFrom("tags")
    .select("gid")
    .where("gid", "=", tag.gid)
    .where("gid", "in", visibleTagGids(db, actor.gid))
    .executeTakeFirst();
  if (!visible) throw notFound("tag");
  if (action === "edit") {
    const role = await workspaceRole(db, actor, tag.workspace_gid);
    if (role !== "admin" && role !== "member") throw forbidden("Guests cannot change tags.");
  }
}

// Renaming or deleting a tag changes every task it is on, private ones too. A workspace admin may; anyone else
// only if they see every task that carries it, otherwise 403 saying why (a member outside a private project
// must not wipe or relabel what is inside it).
export async function authorizeTagChange(db: Db, actor: Actor, tag: TagsTable, change: "rename" | "delete") {
  if ((await workspaceRole(db, actor, tag.workspace_gid)) === "admin") return;
  const tagged = db.selectFrom("task_tags").select("task_gid").where("tag_gid", "=", tag.gid);
  // NOT IN the visible ones (not NOT(visible): the predicate is NULL, not false, for a task without assignee).
  const hidden = await tagged
    .where(
      "task_gid",
      "not in",
      db.selectFrom("tasks").select("tasks.gid").where("tasks.gid", "in", tagged).where(taskIsVisible(db, actor.gid)),
    )
    .limit(1)
    .executeTakeFirst();
  if (hidden) {
    throw forbidden(`tag: it is on tasks you cannot see; only a workspace admin can ${change} it`);
  }
}
