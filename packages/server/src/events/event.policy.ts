import type { Db } from "../db/index.ts";
import type { EventsTable } from "../db/schema.ts";
import type { Actor } from "../domain/context.ts";
import { visibleProjectGids } from "../domain/projects/project.policy.ts";
import { taskIsVisible } from "../domain/tasks/task.policy.ts";

// Whether the actor may hear of an event: the same visibility as reading the resource it is about.
export async function canSeeEvent(db: Db, actor: Actor, event: EventsTable): Promise<boolean> {
  // An inbox notification (notifications area) is its owner's alone.
  if (event.resource_type === "notification") return event.parent_type === "user" && event.parent_gid === actor.gid;
  const taskGid =
    event.resource_type === "task" ? event.resource_gid : event.parent_type === "task" ? event.parent_gid : null;
  if (taskGid) {
    if (event.resource_type === "task" && event.action === "deleted") {
      return canSeeProjectOrWorkspace(db, actor, event);
    }
    const row = await db
      .selectFrom("tasks")
      .select("gid")
      .where("gid", "=", taskGid)
      .where(taskIsVisible(db, actor.gid))
      .executeTakeFirst();
    return Boolean(row);
  }
  return canSeeProjectOrWorkspace(db, actor, event);
}

async function canSeeProjectOrWorkspace(db: Db, actor: Actor, event: EventsTable): Promise<boolean> {
  const projectGid =
    event.resource_type === "project" ? event.resource_gid : event.parent_type === "project" ? event.parent_gid : null;
  if (projectGid) {
    const row = await visibleProjectGids(db, actor.gid).where("vp.gid", "=", projectGid).executeTakeFirst();
    return Boolean(row);
  }
  const membership = await db
    .selectFrom("workspace_memberships")
    .select("role")
    .where("workspace_gid", "=", event.workspace_gid)
    .where("user_gid", "=", actor.gid)
    .executeTakeFirst();
  return membership?.role === "admin" || membership?.role === "member";
}
