import {
  CreateTagBody,
  Empty,
  Tag,
  TagCompact,
  TagPathParams,
  TagsQuery,
  TaskCompact,
  TaskTagBody,
  TaskTagPathParams,
  UpdateTagBody,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { presentTags } from "../../domain/tags/tag.presenter.ts";
import {
  createTagUseCase,
  deleteTagUseCase,
  listTaggedTasks,
  listTaskTags,
  listWorkspaceTags,
  readTag,
  tagTaskUseCase,
  updateTagUseCase,
} from "../../domain/tags/tag.use-cases.ts";
import { presentTasks } from "../../domain/tasks/task.presenter.ts";
import { badRequest } from "../../errors.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type TagParams = { Params: { tag_gid: string } };
type WorkspaceParams = { Params: { workspace_gid: string } };
type TaskParams = { Params: { task_gid: string } };

export async function tagsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const tagGid = (request: FastifyRequest<TagParams>) => gidParam(request.params.tag_gid, "tag");
  const workspaceGidOf = (raw: string | undefined) => {
    if (!raw) throw badRequest("workspace: Missing input");
    return gidParam(raw, "workspace");
  };

  async function create(request: FastifyRequest, workspaceRaw: string | undefined) {
    const ctx = ctxOf(request);
    const input = parseData(CreateTagBody, request.body);
    const tag = await createTagUseCase(ctx, workspaceGidOf(workspaceRaw ?? input.workspace), input);
    return (await presentTags(db, [tag], optFieldsOf(request), "full"))[0] as { gid: string };
  }

  async function list(request: FastifyRequest, workspaceRaw: string | undefined) {
    const actor = actorOf(request);
    const workspaceGid = workspaceGidOf(workspaceRaw);
    const page = pageOf(request);
    const rows = await listWorkspaceTags(db, actor, workspaceGid, page.window);
    return listed(request, page, await presentTags(db, rows, optFieldsOf(request), "compact"));
  }

  app.post(
    "/tags",
    contract({ summary: "Create a tag", body: CreateTagBody, response: Tag, status: 201 }),
    async (request, reply) => created(reply, "/tags", await create(request, undefined)),
  );

  app.post<WorkspaceParams>(
    "/workspaces/:workspace_gid/tags",
    contract({
      summary: "Create a tag in a workspace",
      params: WorkspacePathParams,
      body: CreateTagBody,
      response: Tag,
      status: 201,
    }),
    async (request, reply) => created(reply, "/tags", await create(request, request.params.workspace_gid)),
  );

  app.get(
    "/tags",
    contract({ summary: "Get multiple tags", query: TagsQuery, response: TagCompact, list: true }),
    async (request) => list(request, parse(TagsQuery, request.query).workspace),
  );

  app.get<WorkspaceParams>(
    "/workspaces/:workspace_gid/tags",
    contract({ summary: "Get tags in a workspace", params: WorkspacePathParams, response: TagCompact, list: true }),
    async (request) => list(request, request.params.workspace_gid),
  );

  app.get<TagParams>(
    "/tags/:tag_gid",
    contract({ summary: "Get a tag", params: TagPathParams, response: Tag }),
    async (request) => {
      const tag = await readTag(db, actorOf(request), tagGid(request));
      return { data: (await presentTags(db, [tag], optFieldsOf(request), "full"))[0] };
    },
  );

  app.put<TagParams>(
    "/tags/:tag_gid",
    contract({ summary: "Update a tag", params: TagPathParams, body: UpdateTagBody, response: Tag }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateTagBody, request.body);
      const tag = await updateTagUseCase(ctx, tagGid(request), input);
      return { data: (await presentTags(db, [tag], optFieldsOf(request), "full"))[0] };
    },
  );

  app.delete<TagParams>(
    "/tags/:tag_gid",
    contract({ summary: "Delete a tag", params: TagPathParams, response: Empty }),
    async (request) => {
      await deleteTagUseCase(ctxOf(request), tagGid(request));
      return { data: {} };
    },
  );

  app.get<TagParams>(
    "/tags/:tag_gid/tasks",
    contract({ summary: "Get tasks from a tag", params: TagPathParams, response: TaskCompact, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const rows = await listTaggedTasks(db, actor, tagGid(request), page.window);
      return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", actor.gid));
    },
  );

  app.get<TaskParams>(
    "/tasks/:task_gid/tags",
    contract({ summary: "Get a task's tags", params: TaskTagPathParams, response: TagCompact, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const rows = await listTaskTags(db, actor, request.params.task_gid, page.window);
      return listed(request, page, await presentTags(db, rows, optFieldsOf(request), "compact"));
    },
  );

  for (const [path, attach] of [
    ["addTag", true],
    ["removeTag", false],
  ] as const) {
    app.post<TaskParams>(
      `/tasks/:task_gid/${path}`,
      contract({
        summary: attach ? "Add a tag to a task" : "Remove a tag from a task",
        params: TaskTagPathParams,
        body: TaskTagBody,
        response: Empty,
      }),
      async (request) => {
        const ctx = ctxOf(request);
        const input = parseData(TaskTagBody, request.body);
        await tagTaskUseCase(ctx, request.params.task_gid, input.tag, attach);
        return { data: {} };
      },
    );
  }
}
