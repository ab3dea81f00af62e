import {
  CreateStatusUpdateBody,
  Empty,
  GuestHomeProject,
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
import { presentStatusUpdate, STATUS_UPDATE_COMPACT } from "../../domain/status-updates/status-update.presenter.ts";
import {
  createStatusUpdateUseCase,
  deleteStatusUpdateUseCase,
  listStatusUpdates,
  readGuestHome,
  readStatusUpdate,
} from "../../domain/status-updates/status-update.use-cases.ts";
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
}
