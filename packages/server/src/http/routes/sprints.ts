import {
  BacklogInsertBody,
  Burndown,
  CompleteSprintBody,
  CreateSprintBody,
  Empty,
  ProjectScrum,
  ScrumSettingBody,
  Sprint,
  SprintListItem,
  SprintParams,
  SprintProjectParams,
  SprintReport,
  SprintsQuery,
  SprintTaskBody,
  TaskCompact,
  UpdateSprintBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ProjectsTable, SprintsTable } from "../../db/schema.ts";
import { shape } from "../../domain/opt-fields.ts";
import { NO_TOTALS, presentSprint, SPRINT_COMPACT, type SprintTotals } from "../../domain/sprints/sprint.presenter.ts";
import {
  addSprint,
  beginSprint,
  editSprint,
  finishSprint,
  listBacklog,
  listSprints,
  listSprintTasks,
  placeInBacklog,
  planSprintTask,
  removeSprint,
  setProjectScrum,
  showSprint,
  sprintBurndown,
  sprintReport,
} from "../../domain/sprints/sprint.use-cases.ts";
import { presentTasks } from "../../domain/tasks/task.presenter.ts";
import { contract } from "../contract.ts";
import { created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type SprintRoute = { Params: { sprint_gid: string } };
type ProjectRoute = { Params: { project_gid: string } };

const sprintGidOf = (request: FastifyRequest<SprintRoute>) => gidParam(request.params.sprint_gid, "sprint");
const projectGidOf = (request: FastifyRequest<ProjectRoute>) => gidParam(request.params.project_gid, "project");

interface SprintView {
  sprint: SprintsTable;
  project: ProjectsTable;
  totals: Map<number, SprintTotals>;
}

export async function sprintsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const one = (request: FastifyRequest, view: SprintView) => ({
    data: shape(
      presentSprint(view.sprint, view.project, view.totals.get(view.sprint.gid) ?? NO_TOTALS),
      optFieldsOf(request),
    ),
  });

  app.post<ProjectRoute>(
    "/projects/:project_gid/scrum",
    contract({
      summary: "Turn Scrum on or off for a project",
      params: SprintProjectParams,
      body: ScrumSettingBody,
      response: ProjectScrum,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(ScrumSettingBody, request.body);
      const updated = await setProjectScrum(ctx, projectGidOf(request), input.scrum_enabled);
      return {
        data: { gid: String(updated.gid), resource_type: "project", scrum_enabled: updated.scrum_enabled === 1 },
      };
    },
  );

  app.get<ProjectRoute>(
    "/projects/:project_gid/sprints",
    contract({
      summary: "Get a project's sprints",
      params: SprintProjectParams,
      query: SprintsQuery,
      response: SprintListItem,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(SprintsQuery, request.query ?? {});
      const page = pageOf(request);
      const { project, sprints, totals } = await listSprints(ctx, projectGidOf(request), query.state, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        sprints.map((sprint) =>
          shape(presentSprint(sprint, project, totals.get(sprint.gid) ?? NO_TOTALS), optFields, SPRINT_COMPACT),
        ),
      );
    },
  );

  app.post<ProjectRoute>(
    "/projects/:project_gid/sprints",
    contract({
      summary: "Create a sprint",
      params: SprintProjectParams,
      body: CreateSprintBody,
      response: Sprint,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateSprintBody, request.body);
      const view = await addSprint(ctx, projectGidOf(request), input);
      return created(reply, "/sprints", one(request, view).data as { gid: string });
    },
  );

  app.get<SprintRoute>(
    "/sprints/:sprint_gid",
    contract({ summary: "Get a sprint", params: SprintParams, response: Sprint }),
    async (request) => one(request, await showSprint(ctxOf(request), sprintGidOf(request))),
  );

  app.put<SprintRoute>(
    "/sprints/:sprint_gid",
    contract({ summary: "Update a sprint", params: SprintParams, body: UpdateSprintBody, response: Sprint }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateSprintBody, request.body);
      return one(request, await editSprint(ctx, sprintGidOf(request), input));
    },
  );

  app.delete<SprintRoute>(
    "/sprints/:sprint_gid",
    contract({ summary: "Delete a sprint", params: SprintParams, response: Empty }),
    async (request) => {
      await removeSprint(ctxOf(request), sprintGidOf(request));
      return { data: {} };
    },
  );

  app.get<SprintRoute>(
    "/sprints/:sprint_gid/tasks",
    contract({ summary: "Get a sprint's tasks", params: SprintParams, response: TaskCompact, list: true }),
    async (request) => {
      const ctx = ctxOf(request);
      const page = pageOf(request);
      const rows = await listSprintTasks(ctx, sprintGidOf(request), page.window);
      return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", ctx.actor.gid));
    },
  );

  for (const change of ["addTask", "removeTask"] as const) {
    app.post<SprintRoute>(
      `/sprints/:sprint_gid/${change}`,
      contract({
        summary: change === "addTask" ? "Add a task to a sprint" : "Remove a task from a sprint",
        params: SprintParams,
        body: SprintTaskBody,
        response: Empty,
      }),
      async (request) => {
        const ctx = ctxOf(request);
        const input = parseData(SprintTaskBody, request.body);
        await planSprintTask(ctx, sprintGidOf(request), input.task, change);
        return { data: {} };
      },
    );
  }

  app.post<SprintRoute>(
    "/sprints/:sprint_gid/start",
    contract({ summary: "Start a sprint", params: SprintParams, response: Sprint }),
    async (request) => one(request, await beginSprint(ctxOf(request), sprintGidOf(request))),
  );

  app.post<SprintRoute>(
    "/sprints/:sprint_gid/complete",
    contract({ summary: "Complete a sprint", params: SprintParams, body: CompleteSprintBody, response: Sprint }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(CompleteSprintBody, request.body);
      return one(request, await finishSprint(ctx, sprintGidOf(request), input));
    },
  );

  app.get<SprintRoute>(
    "/sprints/:sprint_gid/burndown",
    contract({ summary: "Get a sprint's burndown", params: SprintParams, response: Burndown }),
    async (request) => ({ data: await sprintBurndown(ctxOf(request), sprintGidOf(request)) }),
  );

  app.get<SprintRoute>(
    "/sprints/:sprint_gid/report",
    contract({ summary: "Get a sprint's report", params: SprintParams, response: SprintReport }),
    async (request) => ({ data: await sprintReport(ctxOf(request), sprintGidOf(request)) }),
  );

  app.get<ProjectRoute>(
    "/projects/:project_gid/backlog",
    contract({ summary: "Get a project's backlog", params: SprintProjectParams, response: TaskCompact, list: true }),
    async (request) => {
      const ctx = ctxOf(request);
      const page = pageOf(request);
      const rows = await listBacklog(ctx, projectGidOf(request), page.window);
      return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", ctx.actor.gid));
    },
  );

  app.post<ProjectRoute>(
    "/projects/:project_gid/backlog/insert",
    contract({
      summary: "Place a task in the backlog order",
      params: SprintProjectParams,
      body: BacklogInsertBody,
      response: Empty,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(BacklogInsertBody, request.body);
      await placeInBacklog(ctx, projectGidOf(request), input);
      return { data: {} };
    },
  );
}
