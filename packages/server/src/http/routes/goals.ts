import {
  AddSupportingRelationshipBody,
  CreateGoalBody,
  CreateGoalStatusUpdateBody,
  CreateGoalStoryBody,
  Empty,
  Goal,
  GoalCompact,
  GoalCustomFieldSetting,
  GoalCustomFieldSettingBody,
  GoalFollowersBody,
  GoalMetricBody,
  GoalMetricCurrentValueBody,
  GoalPathParams,
  GoalRelationship,
  GoalRelationshipPathParams,
  GoalRelationshipsQuery,
  GoalRemoveCustomFieldSettingBody,
  GoalStatusUpdate,
  GoalStory,
  GoalsQuery,
  RemoveSupportingRelationshipBody,
  TimePeriod,
  TimePeriodPathParams,
  TimePeriodsQuery,
  UpdateGoalBody,
  UpdateGoalRelationshipBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { GoalsTable } from "../../db/schema-resources.ts";
import {
  GOAL_COMPACT,
  presentGoalFieldSettings,
  presentGoalStatusUpdates,
  presentGoalStories,
  presentGoals,
  presentRelationships,
  presentTimePeriod,
} from "../../domain/goals/goal.presenter.ts";
import {
  addSupportingUseCase,
  createGoalStatusUpdateUseCase,
  createGoalStoryUseCase,
  createGoalUseCase,
  deleteGoalUseCase,
  followersUseCase,
  goalFieldSettingUseCase,
  listGoalFieldSettings,
  listGoalStatusUpdates,
  listGoalStories,
  listGoals,
  listParentGoals,
  listRelationships,
  listTimePeriodsUseCase,
  readGoal,
  readRelationship,
  readTimePeriod,
  removeSupportingUseCase,
  setMetricCurrentValueUseCase,
  setMetricUseCase,
  updateGoalUseCase,
  updateRelationshipUseCase,
} from "../../domain/goals/goal.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { fieldSettingRoutes } from "../resource-routes.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type Params = { Params: { goal_gid: string } };

// Goals, to Asana's paths and shapes: metrics, supporting work and subgoals, followers, time periods; goal status
// updates also answer at /status_updates (status-updates.ts hands a goal parent over).
export async function goalsRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  const goalGid = (request: FastifyRequest<Params>) => gidParam(request.params.goal_gid, "goal");
  const full = async (request: FastifyRequest, goal: GoalsTable) => ({
    data: shape((await presentGoals(db, [goal], actorOf(request).gid))[0], optFieldsOf(request)),
  });

  app.get(
    "/goals",
    contract({ summary: "Get goals", query: GoalsQuery, response: GoalCompact, list: true }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listGoals(db, actorOf(request), parse(GoalsQuery, request.query), page.window);
      return listed(
        request,
        page,
        (await presentGoals(db, rows, actorOf(request).gid)).map((row) =>
          shape(row, optFieldsOf(request), GOAL_COMPACT),
        ),
      );
    },
  );
  app.post(
    "/goals",
    contract({ summary: "Create a goal", body: CreateGoalBody, response: Goal, status: 201 }),
    async (request, reply) => {
      const goal = await createGoalUseCase(ctxOf(request), parseData(CreateGoalBody, request.body));
      return created(reply, "/goals", (await full(request, goal)).data as { gid: string });
    },
  );
  app.get<Params>(
    "/goals/:goal_gid",
    contract({ summary: "Get a goal", params: GoalPathParams, response: Goal }),
    async (request) => full(request, await readGoal(db, actorOf(request), goalGid(request))),
  );
  fieldSettingRoutes(app, {
    path: "/goals/:goal_gid",
    name: "goal",
    params: GoalPathParams,
    setting: GoalCustomFieldSetting,
    empty: Empty,
    add: GoalCustomFieldSettingBody,
    remove: GoalRemoveCustomFieldSettingBody,
    list: async (request) => {
      const { goal, rows } = await listGoalFieldSettings(
        db,
        actorOf(request),
        goalGid(request as FastifyRequest<Params>),
      );
      return presentGoalFieldSettings(goal, rows);
    },
    change: (request, input, attach) =>
      goalFieldSettingUseCase(ctxOf(request), goalGid(request as FastifyRequest<Params>), input, attach),
  });
  app.get<Params>(
    "/goals/:goal_gid/stories",
    contract({ summary: "Get stories from a goal", params: GoalPathParams, response: GoalStory, list: true }),
    async (request) => {
      const page = pageOf(request);
      const { goal, rows } = await listGoalStories(db, actorOf(request), goalGid(request), page.window);
      const data = (await presentGoalStories(db, goal, rows, actorOf(request).gid)).map((row) =>
        shape(row, optFieldsOf(request)),
      );
      return listed(request, page, data);
    },
  );
  app.post<Params>(
    "/goals/:goal_gid/stories",
    contract({
      summary: "Create a story on a goal",
      params: GoalPathParams,
      body: CreateGoalStoryBody,
      response: GoalStory,
      status: 201,
    }),
    async (request, reply) => {
      const input = parseData(CreateGoalStoryBody, request.body);
      const { goal, row } = await createGoalStoryUseCase(ctxOf(request), goalGid(request), input);
      const [story] = await presentGoalStories(db, goal, [row], actorOf(request).gid);
      // No Location: a goal's stories are read through the goal.
      reply.status(201);
      return { data: shape(story, optFieldsOf(request)) };
    },
  );
  app.put<Params>(
    "/goals/:goal_gid",
    contract({ summary: "Update a goal", params: GoalPathParams, body: UpdateGoalBody, response: Goal }),
    async (request) =>
      full(request, await updateGoalUseCase(ctxOf(request), goalGid(request), parseData(UpdateGoalBody, request.body))),
  );
  app.delete<Params>(
    "/goals/:goal_gid",
    contract({ summary: "Delete a goal", params: GoalPathParams, response: Empty }),
    async (request) => {
      await deleteGoalUseCase(ctxOf(request), goalGid(request));
      return { data: {} };
    },
  );
  app.post<Params>(
    "/goals/:goal_gid/setMetric",
    contract({ summary: "Create a goal metric", params: GoalPathParams, body: GoalMetricBody, response: Goal }),
    async (request) =>
      full(request, await setMetricUseCase(ctxOf(request), goalGid(request), parseData(GoalMetricBody, request.body))),
  );
  app.post<Params>(
    "/goals/:goal_gid/setMetricCurrentValue",
    contract({
      summary: "Update a goal metric",
      params: GoalPathParams,
      body: GoalMetricCurrentValueBody,
      response: Goal,
    }),
    async (request) => {
      const { current_number_value } = parseData(GoalMetricCurrentValueBody, request.body);
      return full(request, await setMetricCurrentValueUseCase(ctxOf(request), goalGid(request), current_number_value));
    },
  );
  for (const [path, add] of [
    ["addFollowers", true],
    ["removeFollowers", false],
  ] as const) {
    app.post<Params>(
      `/goals/:goal_gid/${path}`,
      contract({
        summary: add ? "Add a collaborator to a goal" : "Remove a collaborator from a goal",
        params: GoalPathParams,
        body: GoalFollowersBody,
        response: Goal,
      }),
      async (request) => {
        const { followers } = parseData(GoalFollowersBody, request.body);
        const goal = await followersUseCase(ctxOf(request), goalGid(request), followers, add);
        return full(request, goal);
      },
    );
  }
  app.get<Params>(
    "/goals/:goal_gid/parentGoals",
    contract({ summary: "Get parent goals from a goal", params: GoalPathParams, response: GoalCompact, list: true }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listParentGoals(db, actorOf(request), goalGid(request), page.window);
      return listed(
        request,
        page,
        (await presentGoals(db, rows, actorOf(request).gid)).map((row) =>
          shape(row, optFieldsOf(request), GOAL_COMPACT),
        ),
      );
    },
  );
  app.post<Params>(
    "/goals/:goal_gid/addSupportingRelationship",
    contract({
      summary: "Add a supporting goal relationship",
      params: GoalPathParams,
      body: AddSupportingRelationshipBody,
      response: GoalRelationship,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const relation = await addSupportingUseCase(
        ctx,
        goalGid(request),
        parseData(AddSupportingRelationshipBody, request.body),
      );
      const goal = await readGoal(db, ctx.actor, relation.supported_goal_gid);
      return { data: shape((await presentRelationships(db, ctx.actor, [relation], goal))[0], optFieldsOf(request)) };
    },
  );
  app.post<Params>(
    "/goals/:goal_gid/removeSupportingRelationship",
    contract({
      summary: "Remove a supporting goal relationship",
      params: GoalPathParams,
      body: RemoveSupportingRelationshipBody,
      response: Empty,
    }),
    async (request) => {
      const { supporting_resource } = parseData(RemoveSupportingRelationshipBody, request.body);
      await removeSupportingUseCase(ctxOf(request), goalGid(request), supporting_resource);
      return { data: {} };
    },
  );
  app.get(
    "/goal_relationships",
    contract({
      summary: "Get goal relationships",
      query: GoalRelationshipsQuery,
      response: GoalRelationship,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(GoalRelationshipsQuery, request.query);
      const page = pageOf(request);
      const goal = await readGoal(db, actor, gidParam(query.supported_goal, "supported_goal"));
      const rows = await listRelationships(db, actor, goal.gid, query.resource_subtype, page.window);
      return listed(
        request,
        page,
        (await presentRelationships(db, actor, rows, goal)).map((row) => shape(row, optFieldsOf(request))),
      );
    },
  );
  app.get<{ Params: { goal_relationship_gid: string } }>(
    "/goal_relationships/:goal_relationship_gid",
    contract({ summary: "Get a goal relationship", params: GoalRelationshipPathParams, response: GoalRelationship }),
    async (request) => {
      const actor = actorOf(request);
      const relation = await readRelationship(
        db,
        actor,
        gidParam(request.params.goal_relationship_gid, "goal_relationship"),
      );
      const goal = await readGoal(db, actor, relation.supported_goal_gid);
      return { data: shape((await presentRelationships(db, actor, [relation], goal))[0], optFieldsOf(request)) };
    },
  );
  app.put<{ Params: { goal_relationship_gid: string } }>(
    "/goal_relationships/:goal_relationship_gid",
    contract({
      summary: "Update a goal relationship",
      params: GoalRelationshipPathParams,
      body: UpdateGoalRelationshipBody,
      response: GoalRelationship,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const { contribution_weight } = parseData(UpdateGoalRelationshipBody, request.body);
      const gid = gidParam(request.params.goal_relationship_gid, "goal_relationship");
      const relation = await updateRelationshipUseCase(ctx, gid, contribution_weight);
      const goal = await readGoal(db, ctx.actor, relation.supported_goal_gid);
      return { data: shape((await presentRelationships(db, ctx.actor, [relation], goal))[0], optFieldsOf(request)) };
    },
  );

  // A goal's status updates (also at /status_updates?parent=<goal>).
  app.get<Params>(
    "/goals/:goal_gid/status_updates",
    contract({
      summary: "Get a goal's status updates",
      params: GoalPathParams,
      response: GoalStatusUpdate,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const goal = await readGoal(db, actor, goalGid(request));
      const rows = await listGoalStatusUpdates(db, actor, goal.gid, page.window);
      return listed(
        request,
        page,
        (await presentGoalStatusUpdates(db, rows, goal)).map((row) => shape(row, optFieldsOf(request))),
      );
    },
  );
  app.post<Params>(
    "/goals/:goal_gid/status_updates",
    contract({
      summary: "Post a goal's status update",
      params: GoalPathParams,
      body: CreateGoalStatusUpdateBody,
      response: GoalStatusUpdate,
      status: 201,
    }),
    async (request, reply) => {
      const input = parseData(CreateGoalStatusUpdateBody, request.body);
      const { goal, update } = await createGoalStatusUpdateUseCase(ctxOf(request), goalGid(request), input);
      return created(
        reply,
        "/status_updates",
        (await presentGoalStatusUpdates(db, [update], goal))[0] as { gid: string },
      );
    },
  );

  app.get(
    "/time_periods",
    contract({ summary: "Get time periods", query: TimePeriodsQuery, response: TimePeriod, list: true }),
    async (request) => {
      const query = parse(TimePeriodsQuery, request.query);
      const page = pageOf(request);
      const rows = await listTimePeriodsUseCase(ctxOf(request), Number(query.workspace), query);
      const byGid = new Map(rows.map((row) => [row.gid, row]));
      const window = rows.slice(page.window.offset, page.window.offset + page.window.limit);
      return listed(
        request,
        page,
        window.map((row) =>
          shape(
            presentTimePeriod(row, row.parent_gid ? (byGid.get(row.parent_gid) ?? null) : null),
            optFieldsOf(request),
          ),
        ),
      );
    },
  );
  app.get<{ Params: { time_period_gid: string } }>(
    "/time_periods/:time_period_gid",
    contract({ summary: "Get a time period", params: TimePeriodPathParams, response: TimePeriod }),
    async (request) => {
      const actor = actorOf(request);
      const period = await readTimePeriod(db, actor, gidParam(request.params.time_period_gid, "time_period"));
      const parent = period.parent_gid ? await readTimePeriod(db, actor, period.parent_gid).catch(() => null) : null;
      return { data: shape(presentTimePeriod(period, parent), optFieldsOf(request)) };
    },
  );
}
