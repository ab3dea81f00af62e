import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { addComment, deleteComment, MAX_COMMENT_LENGTH, updateComment } from "../../domain/stories/story.commands.ts";
import { editsOf, setLiked } from "../../domain/stories/story.likes.ts";
import { authorizeStory } from "../../domain/stories/story.policy.ts";
import { presentStory, STORY_COMPACT } from "../../domain/stories/story.presenter.ts";
import { findStory, storiesOfTask } from "../../domain/stories/story.queries.ts";
import { authorizeTask, type TaskAction } from "../../domain/tasks/task.policy.ts";
import { userRef } from "../../domain/users/user.presenter.ts";
import { notFound } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

// Rich text carries markup around its words: its plain text is held to the limit once sanitised.
const CommentFields = {
  text: z.string().max(MAX_COMMENT_LENGTH).optional(),
  html_text: z
    .string()
    .max(MAX_COMMENT_LENGTH * 4)
    .optional(),
  is_pinned: z.boolean().optional(),
};
const NewComment = z.strictObject(CommentFields);
const UpdateComment = z.strictObject({ ...CommentFields, liked: z.boolean().optional() });

type TaskParams = { Params: { task_gid: string } };
type StoryParams = { Params: { story_gid: string } };

export async function storiesRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function authorizedTask(actor: Actor, raw: string, action: TaskAction) {
    const task = await db
      .selectFrom("tasks")
      .select(["gid", "root_gid", "assignee_gid", "created_by_gid", "workspace_gid"])
      .where("gid", "=", gidParam(raw, "task"))
      .executeTakeFirst();
    await authorizeTask(db, actor, task, action);
    if (!task) throw notFound("task");
    return task;
  }

  // Rendered for its reader: what it names that the reader cannot see stays unnamed.
  async function loadStory(raw: string, reader: Actor) {
    const story = await findStory(db, gidParam(raw, "story"), reader.gid);
    if (!story) throw notFound("story");
    return story;
  }

  app.get<TaskParams>("/tasks/:task_gid/stories", async (request) => {
    const actor = actorOf(request);
    const page = pageOf(request);
    const task = await authorizedTask(actor, request.params.task_gid, "read");
    const rows = await storiesOfTask(db, task.gid, page.window, actor.gid);
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((story) => shape(presentStory(story, actor.gid), optFields, STORY_COMPACT)),
    );
  });

  app.post<TaskParams>("/tasks/:task_gid/stories", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(NewComment, request.body);
    const task = await authorizedTask(ctx.actor, request.params.task_gid, "comment");
    const gid = await addComment(ctx, task, input);
    const story = await loadStory(String(gid), ctx.actor);
    return created(
      reply,
      "/stories",
      shape(presentStory(story, ctx.actor.gid), optFieldsOf(request)) as { gid: string },
    );
  });

  app.get<StoryParams>("/stories/:story_gid", async (request) => {
    const actor = actorOf(request);
    const story = await loadStory(request.params.story_gid, actor);
    await authorizeStory(db, actor, story, "read");
    return { data: shape(presentStory(story, actor.gid), optFieldsOf(request)) };
  });

  app.put<StoryParams>("/stories/:story_gid", async (request) => {
    const ctx = ctxOf(request);
    const { liked, ...input } = parseData(UpdateComment, request.body);
    const story = await loadStory(request.params.story_gid, ctx.actor);
    const edits = Object.values(input).some((value) => value !== undefined);
    // Liking needs comment access only; anything else (even an empty change) is the author's.
    await authorizeStory(db, ctx.actor, story, edits || liked === undefined ? "edit" : "read");
    if (liked !== undefined) await authorizedTask(ctx.actor, String(story.task_gid), "comment");
    if (edits) await updateComment(ctx, story, story.task_workspace_gid, input);
    if (liked !== undefined) await setLiked(ctx, story, story.task_workspace_gid, liked);
    const updated = await loadStory(request.params.story_gid, ctx.actor);
    return { data: shape(presentStory(updated, ctx.actor.gid), optFieldsOf(request)) };
  });

  // Likes (Takt extension; Asana likes stories through PUT with liked): anyone who may comment on the task.
  for (const [path, liked] of [
    ["addLike", true],
    ["removeLike", false],
  ] as const) {
    app.post<StoryParams>(`/stories/:story_gid/${path}`, async (request) => {
      const ctx = ctxOf(request);
      const story = await loadStory(request.params.story_gid, ctx.actor);
      await authorizeStory(db, ctx.actor, story, "read");
      await authorizedTask(ctx.actor, String(story.task_gid), "comment");
      await setLiked(ctx, story, story.task_workspace_gid, liked);
      const updated = await loadStory(request.params.story_gid, ctx.actor);
      return { data: shape(presentStory(updated, ctx.actor.gid), optFieldsOf(request)) };
    });
  }

  // A comment's earlier versions, newest first (Takt extension).
  app.get<StoryParams>("/stories/:story_gid/edits", async (request) => {
    const actor = actorOf(request);
    const story = await loadStory(request.params.story_gid, actor);
    await authorizeStory(db, actor, story, "read");
    const edits = await editsOf(db, story.gid);
    return {
      data: edits.map((edit) => ({
        gid: String(edit.gid),
        resource_type: "story_edit",
        created_at: edit.created_at,
        edited_by: edit.edited_by_gid ? userRef({ gid: edit.edited_by_gid, name: edit.editor_name ?? "" }) : null,
        previous_text: edit.previous_text,
        previous_html_text: edit.previous_html_text,
      })),
    };
  });

  app.delete<StoryParams>("/stories/:story_gid", async (request) => {
    const ctx = ctxOf(request);
    const story = await loadStory(request.params.story_gid, ctx.actor);
    await authorizeStory(db, ctx.actor, story, "delete");
    await deleteComment(ctx, story, story.task_workspace_gid);
    return { data: {} };
  });
}
