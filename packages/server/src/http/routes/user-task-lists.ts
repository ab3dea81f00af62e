import {
  TaskCompact,
  UserPathParams,
  UserTaskList,
  UserTaskListPathParams,
  UserTaskListQuery,
  UserTaskListTasksQuery,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { presentTasks, taskColumnsFor } from "../../domain/tasks/task.presenter.ts";
import { presentUserTaskList } from "../../domain/user-task-lists/user-task-list.presenter.ts";
import {
  readUserTaskList,
  userTaskListTasks,
  userTaskListUseCase,
} from "../../domain/user-task-lists/user-task-list.use-cases.ts";
import { contract } from "../contract.ts";
import { actorOf, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

type ListParams = { Params: { list_gid: string } };

export async function userTaskListsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const listGid = (request: FastifyRequest<ListParams>) => gidParam(request.params.list_gid, "user_task_list");

  app.get<{ Params: { user_gid: string } }>(
    "/users/:user_gid/user_task_list",
    contract({
      summary: "Get a user's task list",
      params: UserPathParams,
      query: UserTaskListQuery,
      response: UserTaskList,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(UserTaskListQuery, request.query);
      const workspaceGid = gidParam(query.workspace, "workspace");
      const list = await userTaskListUseCase(ctx, request.params.user_gid, workspaceGid);
      return { data: shape(presentUserTaskList(list), optFieldsOf(request)) };
    },
  );

  app.get<ListParams>(
    "/user_task_lists/:list_gid",
    contract({ summary: "Get a user task list", params: UserTaskListPathParams, response: UserTaskList }),
    async (request) => {
      const list = await readUserTaskList(db, actorOf(request), listGid(request));
      return { data: shape(presentUserTaskList(list), optFieldsOf(request)) };
    },
  );

  app.get<ListParams>(
    "/user_task_lists/:list_gid/tasks",
    contract({
      summary: "Get tasks from a user task list",
      params: UserTaskListPathParams,
      query: UserTaskListTasksQuery,
      response: TaskCompact,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(UserTaskListTasksQuery, request.query);
      const page = pageOf(request);
      const optFields = optFieldsOf(request);
      const window = { ...page.window, columns: taskColumnsFor(optFields, "compact") };
      const rows = await userTaskListTasks(db, actor, listGid(request), query.completed_since, window);
      return listed(request, page, await presentTasks(db, rows, optFields, "compact", actor.gid));
    },
  );
}
