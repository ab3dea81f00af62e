import {
  CreateCommentBody,
  Empty,
  ReactionsQuery,
  Story,
  StoryCompact,
  StoryEdit,
  StoryParams,
  TaskParams,
  UpdateStoryBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { shape } from "../../domain/opt-fields.ts";
import {
  commentOnTaskUseCase,
  deleteStoryUseCase,
  likeStoryUseCase,
  updateStoryUseCase,
} from "../../domain/stories/story.comment.ts";
import { editsOf } from "../../domain/stories/story.likes.ts";
import { presentStory, STORY_COMPACT, type StoryRow } from "../../domain/stories/story.presenter.ts";
import { storiesOfTask } from "../../domain/stories/story.queries.ts";
import { listReactions } from "../../domain/stories/story.reactions.ts";
import { readableStory } from "../../domain/stories/story.resolve.ts";
import { taskFor } from "../../domain/tasks/task.resolve.ts";
import { userRef } from "../../domain/users/user.presenter.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { parse, parseData } from "../validation.ts";

type ByTask = { Params: { task_gid: string } };
type ByStory = { Params: { story_gid: string } };

export async function storiesRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const presentOne = (request: FastifyRequest, actorGid: number, story: StoryRow) =>
    shape(presentStory(story, actorGid), optFieldsOf(request));

  app.get<ByTask>(
    "/tasks/:task_gid/stories",
    contract({
      summary: "Get stories from a task",
      tags: ["stories"],
      params: TaskParams,
      list: true,
      response: StoryCompact,
    }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const task = await taskFor(db, actor, request.params.task_gid, "read");
      const rows = await storiesOfTask(db, task.gid, page.window, actor.gid);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((story) => shape(presentStory(story, actor.gid), optFields, STORY_COMPACT)),
      );
    },
  );

  app.post<ByTask>(
    "/tasks/:task_gid/stories",
    contract({
      summary: "Create a story on a task",
      tags: ["stories"],
      params: TaskParams,
      body: CreateCommentBody,
      status: 201,
      response: Story,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateCommentBody, request.body);
      const story = await commentOnTaskUseCase(ctx, request.params.task_gid, input);
      return created(reply, "/stories", presentOne(request, ctx.actor.gid, story) as { gid: string });
    },
  );

  app.get<ByStory>(
    "/stories/:story_gid",
    contract({ summary: "Get a story", params: StoryParams, response: Story }),
    async (request) => {
      const actor = actorOf(request);
      const story = await readableStory(db, actor, request.params.story_gid);
      return { data: presentOne(request, actor.gid, story) };
    },
  );

  app.put<ByStory>(
    "/stories/:story_gid",
    contract({ summary: "Update a story", params: StoryParams, body: UpdateStoryBody, response: Story }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateStoryBody, request.body);
      const story = await updateStoryUseCase(ctx, request.params.story_gid, input);
      return { data: presentOne(request, ctx.actor.gid, story) };
    },
  );

  // Likes (Takt extension; Asana likes stories through PUT with liked): anyone who may comment on the task.
  for (const [path, liked, summary] of [
    ["addLike", true, "Like a story"],
    ["removeLike", false, "Unlike a story"],
  ] as const) {
    app.post<ByStory>(
      `/stories/:story_gid/${path}`,
      contract({ summary, params: StoryParams, response: Story }),
      async (request) => {
        const ctx = ctxOf(request);
        const story = await likeStoryUseCase(ctx, request.params.story_gid, liked);
        return { data: presentOne(request, ctx.actor.gid, story) };
      },
    );
  }

  // A comment's earlier versions, newest first (Takt extension).
  app.get<ByStory>(
    "/stories/:story_gid/edits",
    contract({
      summary: "Get the earlier versions of a comment",
      params: StoryParams, // All of them at once: the list takes no limit.
      response: z.array(StoryEdit),
    }),
    async (request) => {
      const actor = actorOf(request);
      const story = await readableStory(db, actor, request.params.story_gid);
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
    },
  );

  app.delete<ByStory>(
    "/stories/:story_gid",
    contract({ summary: "Delete a story", params: StoryParams, response: Empty }),
    async (request) => {
      await deleteStoryUseCase(ctxOf(request), request.params.story_gid);
      return { data: {} };
    },
  );

  // Who reacted to a story (Takt's like is 👍) or a status update, with an emoji.
  app.get(
    "/reactions",
    contract({ summary: "Get reactions with an emoji base on an object", query: ReactionsQuery, list: true }),
    async (request) => {
      const query = parse(ReactionsQuery, request.query);
      const page = pageOf(request);
      const rows = await listReactions(app.takt.db, actorOf(request), query, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(row, optFields)),
      );
    },
  );
}
