import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Actor } from "../../domain/context.ts";
import { createTag, deleteTag, tagTask, updateTag } from "../../domain/tags/tag.commands.ts";
import { authorizeTag, visibleTagGids } from "../../domain/tags/tag.policy.ts";
import { presentTags } from "../../domain/tags/tag.presenter.ts";
import { listTagTasks, loadTag, tagsFor } from "../../domain/tags/tag.queries.ts";
import { CreateTagBody, TaskTagBody, UpdateTagBody } from "../../domain/tags/tag.schemas.ts";
import { presentTasks } from "../../domain/tasks/task.presenter.ts";
import { refGid, taskFor } from "../../domain/tasks/task.resolve.ts";
import { requireFullMember } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type TagParams = { Params: { tag_gid: string } };
type WorkspaceParams = { Params: { workspace_gid: string } };

export async function tagsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function tagFor(raw: string, actor: Actor, action: "read" | "edit") {
    const tag = await loadTag(db, gidParam(raw, "tag"));
    await authorizeTag(db, actor, tag, action);
    return tag!;
  }

  async function create(request: FastifyRequest, workspaceRaw: string | undefined) {
    const ctx = ctxOf(request);
    const input = parseData(CreateTagBody, request.body);
    const raw = workspaceRaw ?? input.workspace;
    if (!raw) throw badRequest("workspace: Missing input");
    const workspaceGid = refGid(raw, "workspace");
    await requireFullMember(db, ctx.actor, workspaceGid);
    const tag = await createTag(ctx, workspaceGid, input);
    return (await presentTags(db, [tag], optFieldsOf(request), "full"))[0] as { gid: string };
  }

  async function list(request: FastifyRequest, workspaceRaw: string | undefined) {
    const actor = actorOf(request);
    if (!workspaceRaw) throw badRequest("workspace: Missing input");
    const workspaceGid = refGid(workspaceRaw, "workspace");
    // Guests see tags only on the tasks shared with them, never the workspace's list.
    await requireFullMember(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("tags")
      .selectAll()
      .where("workspace_gid", "=", workspaceGid)
      .where("gid", "in", visibleTagGids(db, actor.gid))
      .orderBy("name")
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await presentTags(db, rows, optFieldsOf(request), "compact"));
  }

  app.post("/tags", async (request, reply) => created(reply, "/tags", await create(request, undefined)));
  app.post<WorkspaceParams>("/workspaces/:workspace_gid/tags", async (request, reply) =>
    created(reply, "/tags", await create(request, request.params.workspace_gid)),
  );
  app.get("/tags", async (request) => list(request, (request.query as { workspace?: string })?.workspace));
  app.get<WorkspaceParams>("/workspaces/:workspace_gid/tags", async (request) =>
    list(request, request.params.workspace_gid),
  );

  app.get<TagParams>("/tags/:tag_gid", async (request) => {
    const tag = await tagFor(request.params.tag_gid, actorOf(request), "read");
    return { data: (await presentTags(db, [tag], optFieldsOf(request), "full"))[0] };
  });

  app.put<TagParams>("/tags/:tag_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateTagBody, request.body);
    const tag = await tagFor(request.params.tag_gid, ctx.actor, "edit");
    return { data: (await presentTags(db, [await updateTag(ctx, tag, input)], optFieldsOf(request), "full"))[0] };
  });

  app.delete<TagParams>("/tags/:tag_gid", async (request) => {
    const ctx = ctxOf(request);
    const tag = await tagFor(request.params.tag_gid, ctx.actor, "edit");
    await deleteTag(ctx, tag);
    return { data: {} };
  });

  app.get<TagParams>("/tags/:tag_gid/tasks", async (request) => {
    const actor = actorOf(request);
    const tag = await tagFor(request.params.tag_gid, actor, "read");
    const page = pageOf(request);
    const rows = await listTagTasks(db, actor.gid, tag.gid, page.window);
    return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", actor.gid));
  });

  type TaskParams = { Params: { task_gid: string } };

  app.get<TaskParams>("/tasks/:task_gid/tags", async (request) => {
    const actor = actorOf(request);
    const task = await taskFor(db, actor, request.params.task_gid, "read");
    const page = pageOf(request);
    const rows = await db
      .selectFrom("tags")
      .innerJoin("task_tags", "task_tags.tag_gid", "tags.gid")
      .selectAll("tags")
      .where("task_tags.task_gid", "=", task.gid)
      .orderBy("task_tags.created_at")
      .orderBy("tags.gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await presentTags(db, rows, optFieldsOf(request), "compact"));
  });

  for (const [path, attach] of [
    ["addTag", true],
    ["removeTag", false],
  ] as const) {
    app.post<TaskParams>(`/tasks/:task_gid/${path}`, async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(TaskTagBody, request.body);
      const task = await taskFor(db, ctx.actor, request.params.task_gid, "edit");
      const [tag] = await tagsFor(db, ctx.actor, task.workspace_gid, [input.tag], "tag");
      await tagTask(ctx, task, tag.gid, attach);
      return { data: {} };
    });
  }
}
