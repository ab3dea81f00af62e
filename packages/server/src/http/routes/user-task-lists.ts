import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { presentTasks } from "../../domain/tasks/task.presenter.ts";
import { ensureUserTaskList } from "../../domain/user-task-lists/user-task-list.commands.ts";
import { authorizeUserTaskList } from "../../domain/user-task-lists/user-task-list.policy.ts";
import { presentUserTaskList } from "../../domain/user-task-lists/user-task-list.presenter.ts";
import {
  findUserTaskList,
  tasksOfUserTaskList,
  userTaskListOf,
} from "../../domain/user-task-lists/user-task-list.queries.ts";
import { visibleUserGids } from "../../domain/users/user.queries.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { forbidden, notFound } from "../../errors.ts";
import { actorOf, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

const ListQuery = z.object({ workspace: z.string({ error: "Missing input" }).min(1, "Missing input") }).loose();

// "now" keeps only incomplete tasks; a date-time also keeps those completed since then.
const CompletedSince = z
  .object({
    completed_since: z
      .string()
      .refine((value) => value === "now" || !Number.isNaN(Date.parse(value)), "must be a date-time or 'now'")
      .optional(),
  })
  .loose();

export async function userTaskListsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function loadList(actor: Actor, raw: string) {
    const list = await findUserTaskList(db, gidParam(raw, "user_task_list"));
    await authorizeUserTaskList(db, actor, list);
    if (!list) throw notFound("user_task_list");
    return list;
  }

  app.get<{ Params: { user_gid: string } }>("/users/:user_gid/user_task_list", async (request) => {
    const ctx = ctxOf(request);
    const query = parse(ListQuery, request.query);
    const workspaceGid = gidParam(query.workspace, "workspace");
    await requireWorkspaceRole(db, ctx.actor, workspaceGid);
    const raw = request.params.user_gid;
    const byEmail = raw.includes("@");
    const user =
      raw === "me"
        ? { gid: ctx.actor.gid }
        : await db
            .selectFrom("users")
            .select("gid")
            .where(byEmail ? "email" : "gid", "=", byEmail ? raw.toLowerCase() : gidParam(raw, "user"))
            .where("gid", "in", visibleUserGids(db, ctx.actor.gid))
            .executeTakeFirst();
    if (!user) throw notFound("user");
    if (user.gid !== ctx.actor.gid) throw forbidden("You can only read your own My Tasks list.");
    let list = await userTaskListOf(db, user.gid, workspaceGid);
    if (!list) {
      await ensureUserTaskList(ctx, user.gid, workspaceGid);
      list = await userTaskListOf(db, user.gid, workspaceGid);
    }
    if (!list) throw notFound("user_task_list");
    return { data: shape(presentUserTaskList(list), optFieldsOf(request)) };
  });

  app.get<{ Params: { list_gid: string } }>("/user_task_lists/:list_gid", async (request) => {
    const list = await loadList(actorOf(request), request.params.list_gid);
    return { data: shape(presentUserTaskList(list), optFieldsOf(request)) };
  });

  app.get<{ Params: { list_gid: string } }>("/user_task_lists/:list_gid/tasks", async (request) => {
    const actor = actorOf(request);
    const query = parse(CompletedSince, request.query);
    const page = pageOf(request);
    const list = await loadList(actor, request.params.list_gid);
    const since = query.completed_since;
    const completedSince =
      since === undefined ? null : since === "now" ? new Date().toISOString() : new Date(since).toISOString();
    const rows = await tasksOfUserTaskList(db, list, actor.gid, completedSince, page.window);
    return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", actor.gid));
  });
}
