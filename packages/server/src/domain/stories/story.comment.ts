import type { CreateCommentInput, UpdateStoryInput } from "@takt/contracts";
import { notFound } from "../../errors.ts";
import { unitOfWork } from "../context.ts";
import type { TaskCtx } from "../tasks/task.commands.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { addComment, deleteComment, updateComment } from "./story.commands.ts";
import { setLiked } from "./story.likes.ts";
import { authorizeStory } from "./story.policy.ts";
import type { StoryRow } from "./story.presenter.ts";
import { findStory } from "./story.queries.ts";
import { storyFor } from "./story.resolve.ts";

// Comments on a task: written, edited, liked and deleted, each request in one unit of work. Each answers the
// story as it stands afterwards (read through the unit, which sees its own writes).

// POST /tasks/{gid}/stories
export async function commentOnTaskUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  input: CreateCommentInput,
): Promise<StoryRow> {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "comment");
    const gid = await addComment(uow, task, input);
    const story = await findStory(uow.db, gid, uow.actor.gid);
    if (!story) throw notFound("story");
    return story;
  });
}

// PUT /stories/{gid}: the author edits text and pin; anyone who may comment on the task likes it (`liked`).
export async function updateStoryUseCase(ctx: TaskCtx, storyRaw: string, input: UpdateStoryInput): Promise<StoryRow> {
  const { liked, ...edit } = input;
  return unitOfWork(ctx, async (uow) => {
    const story = await storyFor(uow.db, storyRaw, uow.actor.gid);
    const edits = Object.values(edit).some((value) => value !== undefined);
    // Liking needs comment access only; anything else (even an empty change) is the author's.
    await authorizeStory(uow.db, uow.actor, story, edits || liked === undefined ? "edit" : "read");
    if (liked !== undefined) await taskFor(uow.db, uow.actor, String(story.task_gid), "comment");
    if (edits) await updateComment(uow, story, story.task_workspace_gid, edit);
    if (liked !== undefined) await setLiked(uow, story, story.task_workspace_gid, liked);
    return storyFor(uow.db, storyRaw, uow.actor.gid);
  });
}

// POST /stories/{gid}/addLike, /removeLike (Takt): anyone who may comment on the task.
export async function likeStoryUseCase(ctx: TaskCtx, storyRaw: string, liked: boolean): Promise<StoryRow> {
  return unitOfWork(ctx, async (uow) => {
    const story = await storyFor(uow.db, storyRaw, uow.actor.gid);
    await authorizeStory(uow.db, uow.actor, story, "read");
    await taskFor(uow.db, uow.actor, String(story.task_gid), "comment");
    await setLiked(uow, story, story.task_workspace_gid, liked);
    return storyFor(uow.db, storyRaw, uow.actor.gid);
  });
}

// DELETE /stories/{gid}: the author, or an admin of the task's project.
export async function deleteStoryUseCase(ctx: TaskCtx, storyRaw: string): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const story = await storyFor(uow.db, storyRaw, uow.actor.gid);
    await authorizeStory(uow.db, uow.actor, story, "delete");
    await deleteComment(uow, story, story.task_workspace_gid);
  });
}
