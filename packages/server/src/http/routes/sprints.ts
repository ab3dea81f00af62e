import { DateOnly } from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ProjectsTable, SprintsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { authorizeProject } from "../../domain/projects/project.policy.ts";
import { findProject } from "../../domain/projects/project.queries.ts";
import { computeBurndown } from "../../domain/reports/burndown.ts";
import { computeSprintReport, type SprintReport } from "../../domain/reports/sprint-report.ts";
import { rankInBacklog } from "../../domain/sprints/backlog.commands.ts";
import {
  addTaskToSprint,
  completeSprint,
  createSprint,
  deleteSprint,
  removeTaskFromSprint,
  setScrumEnabled,
  startSprint,
  updateSprint,
} from "../../domain/sprints/sprint.commands.ts";
import { authorizeSprint } from "../../domain/sprints/sprint.policy.ts";
import { NO_TOTALS, presentSprint, SPRINT_COMPACT } from "../../domain/sprints/sprint.presenter.ts";
import {
  backlogTasks,
  findSprint,
  sprintsOfProject,
  sprintTasks,
  sprintTotals,
} from "../../domain/sprints/sprint.queries.ts";
import { presentTasks } from "../../domain/tasks/task.presenter.ts";
import { taskFor } from "../../domain/tasks/task.resolve.ts";
import { badRequest } from "../../errors.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const GidString = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");
const Points = z
  .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a number or null") })
  .min(0, "must not be negative")
  .max(100_000, "must be at most 100000");
const Name = z.string().trim().min(1, "must not be empty").max(1024);

const SprintBody = {
  goal: z.string().max(65_535).optional(),
  start_on: DateOnly.nullable().optional(),
  end_on: DateOnly.nullable().optional(),
  capacity_points: Points.nullable().optional(),
};
const CreateSprint = z.strictObject({ name: Name, ...SprintBody });
const UpdateSprint = z.strictObject({ name: Name.optional(), ...SprintBody });
const TaskBody = z.strictObject({ task: GidString });
const CompleteBody = z.strictObject({
  move_incomplete_to: z.union([z.literal("backlog"), GidString], {
    error: (issue) => (issue.input === undefined ? "Missing input" : 'must be "backlog" or a sprint gid'),
  }),
});
const ScrumBody = z.strictObject({ scrum_enabled: z.boolean() });
const BacklogInsert = z.strictObject({
  task: GidString,
  before_task: GidString.optional(),
  after_task: GidString.optional(),
});
const SprintListQuery = z.object({ state: z.enum(["planned", "active", "completed"]).optional() }).loose();

type SprintParams = { Params: { sprint_gid: string } };
type ProjectParams = { Params: { project_gid: string } };

export async function sprintsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function loadProject(actor: Actor, raw: string, action: "read" | "edit" | "manage") {
    const project = await findProject(db, gidParam(raw, "project"));
    await authorizeProject(db, actor, project, action);
    return project as ProjectsTable;
  }

  async function loadSprint(actor: Actor, raw: string, action: "read" | "edit") {
    return authorizeSprint(db, actor, await findSprint(db, gidParam(raw, "sprint")), action);
  }

  async function present(request: FastifyRequest, sprints: SprintsTable[], project: ProjectsTable, compact: boolean) {
    const totals = await sprintTotals(
      db,
      sprints.map((sprint) => sprint.gid),
    );
    return sprints.map((sprint) =>
      shape(
        presentSprint(sprint, project, totals.get(sprint.gid) ?? NO_TOTALS),
        optFieldsOf(request),
        compact ? SPRINT_COMPACT : undefined,
      ),
    );
  }

  const one = async (request: FastifyRequest, sprint: SprintsTable, project: ProjectsTable) => ({
    data: (await present(request, [sprint], project, false))[0],
  });

  app.post<ProjectParams>("/projects/:project_gid/scrum", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(ScrumBody, request.body);
    const project = await loadProject(ctx.actor, request.params.project_gid, "edit");
    const updated = await setScrumEnabled(ctx, project, input.scrum_enabled);
    return { data: { gid: String(updated.gid), resource_type: "project", scrum_enabled: updated.scrum_enabled === 1 } };
  });

  app.get<ProjectParams>("/projects/:project_gid/sprints", async (request) => {
    const actor = actorOf(request);
    const query = parse(SprintListQuery, request.query ?? {});
    const project = await loadProject(actor, request.params.project_gid, "read");
    const page = pageOf(request);
    const rows = await sprintsOfProject(db, project.gid, query.state)
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    return listed(request, page, await present(request, rows, project, true));
  });

  app.post<ProjectParams>("/projects/:project_gid/sprints", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateSprint, request.body);
    const project = await loadProject(ctx.actor, request.params.project_gid, "edit");
    const sprint = await createSprint(ctx, project, input);
    return created(reply, "/sprints", (await one(request, sprint, project)).data as { gid: string });
  });

  app.get<SprintParams>("/sprints/:sprint_gid", async (request) => {
    const { sprint, project } = await loadSprint(actorOf(request), request.params.sprint_gid, "read");
    return one(request, sprint, project);
  });

  app.put<SprintParams>("/sprints/:sprint_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateSprint, request.body);
    const { sprint, project } = await loadSprint(ctx.actor, request.params.sprint_gid, "edit");
    return one(request, await updateSprint(ctx, sprint, input), project);
  });

  app.delete<SprintParams>("/sprints/:sprint_gid", async (request) => {
    const ctx = ctxOf(request);
    const { sprint } = await loadSprint(ctx.actor, request.params.sprint_gid, "edit");
    await deleteSprint(ctx, sprint);
    return { data: {} };
  });

  app.get<SprintParams>("/sprints/:sprint_gid/tasks", async (request) => {
    const actor = actorOf(request);
    const { sprint } = await loadSprint(actor, request.params.sprint_gid, "read");
    const page = pageOf(request);
    const rows = await sprintTasks(db, sprint.gid).limit(page.window.limit).offset(page.window.offset).execute();
    return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", actor.gid));
  });

  for (const action of ["addTask", "removeTask"] as const) {
    app.post<SprintParams>(`/sprints/:sprint_gid/${action}`, async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(TaskBody, request.body);
      const { sprint } = await loadSprint(ctx.actor, request.params.sprint_gid, "edit");
      const task = await taskFor(db, ctx.actor, input.task, "read");
      if (action === "addTask") await addTaskToSprint(ctx, sprint, task);
      else await removeTaskFromSprint(ctx, sprint, task);
      return { data: {} };
    });
  }

  app.post<SprintParams>("/sprints/:sprint_gid/start", async (request) => {
    const ctx = ctxOf(request);
    const { sprint, project } = await loadSprint(ctx.actor, request.params.sprint_gid, "edit");
    return one(request, await startSprint(ctx, sprint), project);
  });

  app.post<SprintParams>("/sprints/:sprint_gid/complete", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(CompleteBody, request.body);
    const { sprint, project } = await loadSprint(ctx.actor, request.params.sprint_gid, "edit");
    let target: SprintsTable | null = null;
    if (input.move_incomplete_to !== "backlog") {
      target = (await findSprint(db, Number(input.move_incomplete_to))) ?? null;
      if (!target || target.project_gid !== sprint.project_gid) {
        throw badRequest(`move_incomplete_to: no sprint ${input.move_incomplete_to} in this project`);
      }
    }
    return one(request, await completeSprint(ctx, sprint, target), project);
  });

  app.get<SprintParams>("/sprints/:sprint_gid/burndown", async (request) => {
    const { sprint } = await loadSprint(actorOf(request), request.params.sprint_gid, "read");
    return { data: await computeBurndown(db, sprint) };
  });

  app.get<SprintParams>("/sprints/:sprint_gid/report", async (request) => {
    const { sprint } = await loadSprint(actorOf(request), request.params.sprint_gid, "read");
    const report: SprintReport = sprint.report
      ? JSON.parse(sprint.report)
      : await computeSprintReport(db, sprint, new Date().toISOString());
    return { data: report };
  });

  app.get<ProjectParams>("/projects/:project_gid/backlog", async (request) => {
    const actor = actorOf(request);
    const project = await loadProject(actor, request.params.project_gid, "read");
    const page = pageOf(request);
    const rows = await backlogTasks(db, project.gid).limit(page.window.limit).offset(page.window.offset).execute();
    return listed(request, page, await presentTasks(db, rows, optFieldsOf(request), "compact", actor.gid));
  });

  app.post<ProjectParams>("/projects/:project_gid/backlog/insert", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(BacklogInsert, request.body);
    if ((input.before_task === undefined) === (input.after_task === undefined)) {
      throw badRequest("before_task: pass exactly one of before_task or after_task");
    }
    const project = await loadProject(ctx.actor, request.params.project_gid, "edit");
    const task = await taskFor(db, ctx.actor, input.task, "read");
    const anchorField = input.before_task !== undefined ? "before_task" : "after_task";
    const anchor = await taskFor(db, ctx.actor, (input.before_task ?? input.after_task) as string, "read", anchorField);
    await rankInBacklog(ctx, project, task, anchorField === "before_task" ? { before: anchor } : { after: anchor });
    return { data: {} };
  });
}
