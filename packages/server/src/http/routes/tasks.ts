import {
  AddProjectBody,
  CreateTaskBody,
  CustomIdParams,
  DependenciesBody,
  DependentsBody,
  DuplicateTaskBody,
  DuplicateTaskJob,
  Empty,
  FollowersBody,
  ListTasksQuery,
  RemoveProjectBody,
  SectionAddTaskBody,
  SetParentBody,
  Task,
  TaskCompact,
  TaskParams,
  TasksOfProjectParams,
  TasksOfSectionParams,
  UpdateTaskBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TasksTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { createTaskUseCase } from "../../domain/tasks/task.create.ts";
import { taskForCustomIdUseCase } from "../../domain/tasks/task.custom-id.ts";
import { deleteTaskUseCase } from "../../domain/tasks/task.delete.ts";
import { duplicateTaskUseCase } from "../../domain/tasks/task.duplicate.ts";
import {
  linkedTaskList,
  projectTaskList,
  sectionTaskList,
  subtaskList,
  type TaskPages,
  taskList,
  taskListFilter,
} from "../../domain/tasks/task.lists.ts";
import {
  addTaskToProjectUseCase,
  addTaskToSectionUseCase,
  removeTaskFromProjectUseCase,
  setTaskParentUseCase,
} from "../../domain/tasks/task.place.ts";
import { presentTask, presentTasks, taskColumnsFor } from "../../domain/tasks/task.presenter.ts";
import { changeDependenciesUseCase, changeFollowersUseCase } from "../../domain/tasks/task.relate.ts";
import { taskFor, visibleTask } from "../../domain/tasks/task.resolve.ts";
import { updateTaskUseCase } from "../../domain/tasks/task.update.ts";
import { presentApiJob } from "../../domain/templates/api-job.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ByTask = { Params: { task_gid: string } };
type BySection = { Params: { section_gid: string } };

export async function tasksRoutes(app: FastifyInstance) {
  const { takt } = app;
  const { db } = takt;

  const presentOne = (request: FastifyRequest, actor: Actor, row: TasksTable) =>
    presentTask(db, row, optFieldsOf(request), actor.gid);

  async function listOf(request: FastifyRequest, actor: Actor, pages: TaskPages) {
    const page = pageOf(request);
    const optFields = optFieldsOf(request);
    const rows = await pages({ ...page.window, columns: taskColumnsFor(optFields, "compact") });
    return listed(request, page, await presentTasks(db, rows, optFields, "compact", actor.gid));
  }

  const filterOf = (request: FastifyRequest) => taskListFilter(parse(ListTasksQuery, request.query ?? {}));

  app.post(
    "/tasks",
    contract({ summary: "Create a task", body: CreateTaskBody, status: 201, response: Task }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const task = await createTaskUseCase(takt, ctx, parseData(CreateTaskBody, request.body));
      return created(reply, "/tasks", (await presentOne(request, ctx.actor, task)) as { gid: string });
    },
  );

  app.post<ByTask>(
    "/tasks/:task_gid/subtasks",
    contract({ summary: "Create a subtask", params: TaskParams, body: CreateTaskBody, status: 201, response: Task }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateTaskBody, request.body);
      const task = await createTaskUseCase(takt, ctx, input, request.params.task_gid);
      return created(reply, "/tasks", (await presentOne(request, ctx.actor, task)) as { gid: string });
    },
  );

  app.get(
    "/tasks",
    contract({ summary: "Get multiple tasks", query: ListTasksQuery, list: true, response: TaskCompact }),
    async (request) => {
      const actor = actorOf(request);
      return listOf(request, actor, await taskList(db, actor, parse(ListTasksQuery, request.query ?? {})));
    },
  );

  app.get<{ Params: { project_gid: string } }>(
    "/projects/:project_gid/tasks",
    contract({
      summary: "Get tasks from a project",
      tags: ["tasks"],
      params: TasksOfProjectParams,
      query: ListTasksQuery,
      list: true,
      response: TaskCompact,
    }),
    async (request) => {
      const actor = actorOf(request);
      const filter = filterOf(request);
      return listOf(request, actor, await projectTaskList(db, actor, request.params.project_gid, filter));
    },
  );

  app.get<BySection>(
    "/sections/:section_gid/tasks",
    contract({
      summary: "Get tasks from a section",
      tags: ["tasks"],
      params: TasksOfSectionParams,
      query: ListTasksQuery,
      list: true,
      response: TaskCompact,
    }),
    async (request) => {
      const actor = actorOf(request);
      const filter = filterOf(request);
      return listOf(request, actor, await sectionTaskList(db, actor, request.params.section_gid, filter));
    },
  );

  app.get<ByTask>(
    "/tasks/:task_gid",
    contract({ summary: "Get a task", params: TaskParams, response: Task }),
    async (request) => {
      const actor = actorOf(request);
      const task = await taskFor(db, actor, request.params.task_gid, "read");
      return { data: await presentOne(request, actor, task) };
    },
  );

  app.get<{ Params: { workspace_gid: string; custom_id: string } }>(
    "/workspaces/:workspace_gid/tasks/custom_id/:custom_id",
    contract({ summary: "Get a task for a given custom ID", params: CustomIdParams, response: Task }),
    async (request) => {
      const actor = actorOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const task = await taskForCustomIdUseCase(db, actor, workspaceGid, request.params.custom_id);
      return { data: await presentOne(request, actor, task) };
    },
  );

  app.put<ByTask>(
    "/tasks/:task_gid",
    contract({ summary: "Update a task", params: TaskParams, body: UpdateTaskBody, response: Task }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateTaskBody, request.body);
      const task = await updateTaskUseCase(takt, ctx, request.params.task_gid, input);
      return { data: await presentOne(request, ctx.actor, task) };
    },
  );

  app.delete<ByTask>(
    "/tasks/:task_gid",
    contract({ summary: "Delete a task", params: TaskParams, response: Empty }),
    async (request) => {
      await deleteTaskUseCase(ctxOf(request), request.params.task_gid);
      return { data: {} };
    },
  );

  app.get<ByTask>(
    "/tasks/:task_gid/subtasks",
    contract({
      summary: "Get subtasks from a task",
      params: TaskParams,
      query: ListTasksQuery,
      list: true,
      response: TaskCompact,
    }),
    async (request) => {
      const actor = actorOf(request);
      const filter = filterOf(request);
      return listOf(request, actor, await subtaskList(db, actor, request.params.task_gid, filter));
    },
  );

  app.post<ByTask>(
    "/tasks/:task_gid/setParent",
    contract({ summary: "Set the parent of a task", params: TaskParams, body: SetParentBody, response: Task }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(SetParentBody, request.body);
      const task = await setTaskParentUseCase(ctx, request.params.task_gid, input);
      return { data: await presentOne(request, ctx.actor, task) };
    },
  );

  for (const direction of ["dependencies", "dependents"] as const) {
    app.get<ByTask>(
      `/tasks/:task_gid/${direction}`,
      contract({ summary: `Get ${direction} from a task`, params: TaskParams, response: TaskCompact, list: true }),
      async (request) => {
        const actor = actorOf(request);
        return listOf(request, actor, await linkedTaskList(db, actor, request.params.task_gid, direction));
      },
    );
  }

  const links = [
    ["addDependencies", "dependencies", "added", "Set dependencies for a task"],
    ["removeDependencies", "dependencies", "removed", "Unlink dependencies from a task"],
    ["addDependents", "dependents", "added", "Set dependents for a task"],
    ["removeDependents", "dependents", "removed", "Unlink dependents from a task"],
  ] as const;
  for (const [path, field, action, summary] of links) {
    const body = field === "dependencies" ? DependenciesBody : DependentsBody;
    app.post<ByTask>(
      `/tasks/:task_gid/${path}`,
      contract({ summary, params: TaskParams, body, response: Empty }),
      async (request) => {
        const ctx = ctxOf(request);
        const refs =
          field === "dependencies"
            ? parseData(DependenciesBody, request.body).dependencies
            : parseData(DependentsBody, request.body).dependents;
        await changeDependenciesUseCase(ctx, request.params.task_gid, field, refs, action);
        return { data: {} };
      },
    );
  }

  app.post<ByTask>(
    "/tasks/:task_gid/addProject",
    contract({ summary: "Add a project to a task", params: TaskParams, body: AddProjectBody, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(AddProjectBody, request.body);
      await addTaskToProjectUseCase(ctx, request.params.task_gid, input);
      return { data: {} };
    },
  );

  app.post<ByTask>(
    "/tasks/:task_gid/removeProject",
    contract({ summary: "Remove a project from a task", params: TaskParams, body: RemoveProjectBody, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(RemoveProjectBody, request.body);
      await removeTaskFromProjectUseCase(ctx, request.params.task_gid, input);
      return { data: {} };
    },
  );

  app.post<BySection>(
    "/sections/:section_gid/addTask",
    contract({
      summary: "Add task to section",
      params: TasksOfSectionParams,
      body: SectionAddTaskBody,
      response: Empty,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(SectionAddTaskBody, request.body);
      await addTaskToSectionUseCase(ctx, request.params.section_gid, input);
      return { data: {} };
    },
  );

  for (const [path, action, summary] of [
    ["addFollowers", "added", "Add followers to a task"],
    ["removeFollowers", "removed", "Remove followers from a task"],
  ] as const) {
    app.post<ByTask>(
      `/tasks/:task_gid/${path}`,
      contract({ summary, params: TaskParams, body: FollowersBody, response: Task }),
      async (request) => {
        const ctx = ctxOf(request);
        const input = parseData(FollowersBody, request.body);
        const taskGid = await changeFollowersUseCase(ctx, request.params.task_gid, input.followers, action);
        // Unfollowing a task one only followed leaves nothing to show.
        const task = await visibleTask(db, ctx.actor, taskGid);
        return { data: task ? await presentOne(request, ctx.actor, task) : {} };
      },
    );
  }

  // Asana duplicates in a background job; Takt copies at once and answers with the finished job.
  app.post<ByTask>(
    "/tasks/:task_gid/duplicate",
    contract({
      summary: "Duplicate a task",
      params: TaskParams,
      body: DuplicateTaskBody,
      status: 201,
      response: DuplicateTaskJob,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(DuplicateTaskBody, request.body);
      const job = await duplicateTaskUseCase(ctx, request.params.task_gid, input);
      return created(reply, "/jobs", await presentApiJob(db, job));
    },
  );
}
