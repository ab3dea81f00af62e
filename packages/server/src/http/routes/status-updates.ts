import {
  CreateProjectStatusBody,
  CreateStatusUpdateBody,
  Empty,
  GuestHomeProject,
  ProjectPathParams,
  ProjectStatus,
  ProjectStatusParams,
  type StatusType,
  StatusUpdate,
  StatusUpdateCompact,
  StatusUpdatePathParams,
  StatusUpdatesQuery,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { presentGoalStatusUpdates } from "../../domain/goals/goal.presenter.ts";
import {
  createGoalStatusUpdateUseCase,
  deleteGoalStatusUpdateUseCase,
  goalStatusUpdateFor,
  isGoal,
  listGoalStatusUpdates,
  readGoal,
} from "../../domain/goals/goal.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import {
  PROJECT_STATUS_COMPACT,
  presentProjectStatus,
  statusTypeOfColor,
} from "../../domain/status-updates/project-status.ts";
import { presentStatusUpdate, STATUS_UPDATE_COMPACT } from "../../domain/status-updates/status-update.presenter.ts";
import {
  createStatusUpdateUseCase,
  deleteStatusUpdateUseCase,
  listStatusUpdates,
  readGuestHome,
  readStatusUpdate,
} from "../../domain/status-updates/status-update.use-cases.ts";
import { badRequest } from "../../errors.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type Params = { Params: { status_update_gid: string } };

export async function statusUpdatesRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const updateGid = (request: FastifyRequest<Params>) => gidParam(request.params.status_update_gid, "status_update");

  // The client portal's home (Takt extension): the caller's own projects with stages and latest status.
  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/guest_home",
    contract({
      summary: "Get the client portal's home",
      params: WorkspacePathParams,
      response: z.array(GuestHomeProject),
    }),
    async (request) => {
      const actor = actorOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      return { data: await readGuestHome(db, actor, workspaceGid) };
    },
  );

  app.get(
    "/status_updates",
    contract({
      summary: "Get status updates from an object",
      query: StatusUpdatesQuery,
      response: StatusUpdateCompact,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(StatusUpdatesQuery, request.query);
      const projectGid = gidParam(query.parent, "project");
      const page = pageOf(request);
      // A goal's status updates (goals area).
      if (await isGoal(db, projectGid)) {
        const goal = await readGoal(db, actor, projectGid);
        const updates = await listGoalStatusUpdates(db, actor, goal.gid, page.window);
        const presented = await presentGoalStatusUpdates(db, updates, goal);
        return listed(
          request,
          page,
          presented.map((row) => shape(row, optFieldsOf(request), STATUS_UPDATE_COMPACT)),
        );
      }
      const rows = await listStatusUpdates(db, actor, projectGid, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentStatusUpdate(row), optFields, STATUS_UPDATE_COMPACT)),
      );
    },
  );

  app.post(
    "/status_updates",
    contract({ summary: "Create a status update", body: CreateStatusUpdateBody, response: StatusUpdate, status: 201 }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { parent, ...input } = parseData(CreateStatusUpdateBody, request.body);
      const parentGid = gidParam(parent, "project");
      if (await isGoal(db, parentGid)) {
        if (input.stage !== undefined) throw badRequest("stage: only a project has a stage");
        const { goal, update } = await createGoalStatusUpdateUseCase(ctx, parentGid, input);
        const [presented] = await presentGoalStatusUpdates(db, [update], goal);
        return created(reply, "/status_updates", shape(presented, optFieldsOf(request)) as { gid: string });
      }
      const update = await createStatusUpdateUseCase(ctx, gidParam(parent, "project"), input);
      return created(
        reply,
        "/status_updates",
        shape(presentStatusUpdate(update), optFieldsOf(request)) as { gid: string },
      );
    },
  );

  app.get<Params>(
    "/status_updates/:status_update_gid",
    contract({ summary: "Get a status update", params: StatusUpdatePathParams, response: StatusUpdate }),
    async (request) => {
      const goalUpdate = await goalStatusUpdateFor(db, actorOf(request), updateGid(request));
      if (goalUpdate) {
        const [presented] = await presentGoalStatusUpdates(db, [goalUpdate.update], goalUpdate.goal);
        return { data: shape(presented, optFieldsOf(request)) };
      }
      const update = await readStatusUpdate(db, actorOf(request), updateGid(request));
      return { data: shape(presentStatusUpdate(update), optFieldsOf(request)) };
    },
  );

  app.delete<Params>(
    "/status_updates/:status_update_gid",
    contract({ summary: "Delete a status update", params: StatusUpdatePathParams, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      if (await goalStatusUpdateFor(db, ctx.actor, updateGid(request)).catch(() => true)) {
        await deleteGoalStatusUpdateUseCase(ctx, updateGid(request));
        return { data: {} };
      }
      await deleteStatusUpdateUseCase(ctx, updateGid(request));
      return { data: {} };
    },
  );

  // Project statuses (deprecated in Asana, kept for older scripts): the same status updates, in the old shape.
  app.get<{ Params: { project_gid: string } }>(
    "/projects/:project_gid/project_statuses",
    contract({
      summary: "Get statuses from a project",
      params: ProjectPathParams,
      response: ProjectStatus,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const projectGid = gidParam(request.params.project_gid, "project");
      const rows = await listStatusUpdates(db, actorOf(request), projectGid, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentProjectStatus(row), optFields, PROJECT_STATUS_COMPACT)),
      );
    },
  );

  app.post<{ Params: { project_gid: string } }>(
    "/projects/:project_gid/project_statuses",
    contract({
      summary: "Create a project status",
      params: ProjectPathParams,
      body: CreateProjectStatusBody,
      status: 201,
      response: ProjectStatus,
    }),
    async (request, reply) => {
      const input = parseData(CreateProjectStatusBody, request.body);
      const projectGid = gidParam(request.params.project_gid, "project");
      const row = await createStatusUpdateUseCase(ctxOf(request), projectGid, {
        title: input.title,
        text: input.text,
        html_text: input.html_text,
        status_type: statusTypeOfColor(input.color) as StatusType,
      });
      return created(
        reply,
        "/project_statuses",
        shape(presentProjectStatus(row), optFieldsOf(request)) as { gid: string },
      );
    },
  );

  type StatusParams = { Params: { project_status_gid: string } };
  app.get<StatusParams>(
    "/project_statuses/:project_status_gid",
    contract({ summary: "Get a project status", params: ProjectStatusParams, response: ProjectStatus }),
    async (request) => {
      const gid = gidParam(request.params.project_status_gid, "project_status");
      const row = await readStatusUpdate(db, actorOf(request), gid);
      return { data: shape(presentProjectStatus(row), optFieldsOf(request)) };
    },
  );

  app.delete<StatusParams>(
    "/project_statuses/:project_status_gid",
    contract({ summary: "Delete a project status", params: ProjectStatusParams, response: Empty }),
    async (request) => {
      await deleteStatusUpdateUseCase(ctxOf(request), gidParam(request.params.project_status_gid, "project_status"));
      return { data: {} };
    },
  );
}
