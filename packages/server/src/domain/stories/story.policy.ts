import type { Db } from "../../db/index.ts";
import type { StoriesTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import { atLeast } from "../access-level.ts";
import type { Actor } from "../context.ts";
import { taskAccess } from "../tasks/task.policy.ts";

export type StoryAction = "read" | "edit" | "delete";

// A story is as visible as its task. Only the author edits a comment, and only while they may still comment;
// the author or an admin of the task's project deletes it. System stories are history: nobody rewrites them.
export async function authorizeStory(
  db: Db,
  actor: Actor,
  story: Pick<StoriesTable, "task_gid" | "type" | "created_by_gid"> | undefined,
  action: StoryAction,
): Promise<void> {
  if (!story) throw notFound("story");
  const task = await db
    .selectFrom("tasks")
    .select(["gid", "root_gid", "assignee_gid", "created_by_gid", "workspace_gid"])
    .where("gid", "=", story.task_gid)
    .executeTakeFirst();
  const level = task ? await taskAccess(db, actor, task) : null;
  if (!level) throw notFound("story");
  if (action === "read") return;
  if (story.type !== "comment") throw forbidden("System stories cannot be changed.");
  const isAuthor = story.created_by_gid === actor.gid;
  if (action === "edit") {
    if (!isAuthor) throw forbidden("Only the author can edit a comment.");
    if (!atLeast(level, "commenter")) throw forbidden("You need commenter access to this task.");
    return;
  }
  if (!(isAuthor && atLeast(level, "commenter")) && level !== "admin") {
    throw forbidden("Only the author or a project admin can delete a comment.");
  }
}
