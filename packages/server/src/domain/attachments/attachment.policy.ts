import type { Db } from "../../db/index.ts";
import type { AttachmentsTable, TasksTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import { atLeast } from "../access-level.ts";
import type { Actor } from "../context.ts";
import { taskAccess } from "../tasks/task.policy.ts";

export type AttachmentAction = "read" | "delete";

// An attachment is exactly as visible as its task: 404 for anyone who cannot read the task. Deleting takes edit
// access to the task, or comment access for the person who attached it.
export async function authorizeAttachment(
  db: Db,
  actor: Actor,
  attachment: AttachmentsTable | undefined,
  action: AttachmentAction,
): Promise<{ attachment: AttachmentsTable; task: TasksTable }> {
  if (!attachment) throw notFound("attachment");
  const task = await db.selectFrom("tasks").selectAll().where("gid", "=", attachment.parent_gid).executeTakeFirst();
  const level = task ? await taskAccess(db, actor, task) : null;
  if (!task || !level) throw notFound("attachment");
  if (action === "delete") {
    const ownsIt = attachment.created_by_gid === actor.gid && atLeast(level, "commenter");
    if (!ownsIt && !atLeast(level, "editor")) {
      throw forbidden("Only the person who attached this file or an editor of the task can delete it.");
    }
  }
  return { attachment, task };
}
