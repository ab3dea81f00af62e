import type { CreateGoalBody, UpdateGoalBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { GoalsTable } from "../../db/schema-resources.ts";
import { badRequest, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizePortfolio } from "../portfolios/portfolio.policy.ts";
import { loadPortfolio } from "../portfolios/portfolio.queries.ts";
import { authorizeProject } from "../projects/project.policy.ts";
import { findProject } from "../projects/project.queries.ts";
import { resolveMembers } from "../projects/project.resolve.ts";
import { commentBody } from "../stories/story.commands.ts";
import { authorizeTeam, teamAllows, teamStanding } from "../teams/team.policy.ts";
import { findWorkspaceMember } from "../teams/team.queries.ts";
import { requireFullMember, requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import {
  deleteGoal,
  deleteGoalStatusUpdate,
  deleteRelationship,
  ensureTimePeriods,
  insertGoal,
  insertGoalStatusUpdate,
  insertGoalStory,
  setFollowers,
  setGoalFieldSetting,
  updateGoal,
  updateRelationshipWeight,
  upsertRelationship,
} from "./goal.commands.ts";
import { authorizeGoal, type GoalAction } from "./goal.policy.ts";
import { metricOf, type StoredMetric } from "./goal.progress.ts";
import {
  goalFieldSettings,
  goalStatusUpdates,
  goalStories,
  loadGoal,
  loadRelationship,
  loadTimePeriod,
  relationshipsOf,
  timePeriodsOf,
  visibleGoals,
} from "./goal.queries.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

export async function goalFor(db: Db, actor: Actor, gid: number, action: GoalAction) {
  const goal = await loadGoal(db, gid);
  await authorizeGoal(db, actor, goal, action);
  return goal!;
}

export const readGoal = (db: Db, actor: Actor, gid: number) => goalFor(db, actor, gid, "read");

const truthy = (value: string | undefined) => (value === undefined ? undefined : /^(true|1)$/i.test(value));

export async function listGoals(
  db: Db,
  actor: Actor,
  query: {
    workspace?: string;
    team?: string;
    portfolio?: string;
    project?: string;
    is_workspace_level?: string;
    time_periods?: string | string[];
  },
  window: Window,
) {
  let workspace: number | undefined;
  let supporting: number | undefined;
  if (query.project) {
    const project = await findProject(db, Number(query.project));
    await authorizeProject(db, actor, project, "read");
    supporting = project!.gid;
  } else if (query.portfolio) {
    const portfolio = await loadPortfolio(db, Number(query.portfolio));
    await authorizePortfolio(db, actor, portfolio, "read");
    supporting = portfolio!.gid;
  } else if (query.workspace) {
    workspace = Number(query.workspace);
    await requireWorkspaceRole(db, actor, workspace);
  } else if (query.team) {
    const team = await db.selectFrom("teams").selectAll().where("gid", "=", Number(query.team)).executeTakeFirst();
    // A secret team's goals are listed to those who see the team; to anyone else it does not exist.
    await authorizeTeam(db, actor, team, "read");
  } else {
    throw badRequest("workspace: give workspace, team, portfolio or project");
  }
  const periods =
    query.time_periods === undefined
      ? undefined
      : Array.isArray(query.time_periods)
        ? query.time_periods
        : query.time_periods.split(",");
  for (const [index, period] of (periods ?? []).entries()) {
    if (!/^\d{1,19}$/.test(period.trim())) throw badRequest(`time_periods.${index}: must be a gid`);
  }
  return visibleGoals(
    db,
    actor.gid,
    {
      workspace,
      team: query.team ? Number(query.team) : undefined,
      timePeriods: periods?.map((period) => Number(period.trim())),
      workspaceLevel: truthy(query.is_workspace_level),
      supporting,
    },
    window,
  );
}

async function resolveGoalFields(db: Db, actor: Actor, workspaceGid: number, input: UpdateGoalBody) {
  const fields: Partial<GoalsTable> = {};
  if (input.name !== undefined) fields.name = input.name;
  if (input.notes !== undefined) {
    fields.notes = input.notes;
    fields.html_notes = `<body>${input.notes.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</body>`;
  }
  if (input.html_notes !== undefined) {
    throw badRequest("html_notes: Takt keeps goal notes as plain text; send notes");
  }
  if (input.due_on !== undefined) fields.due_on = input.due_on;
  if (input.start_on !== undefined) fields.start_on = input.start_on;
  if (input.status !== undefined) fields.status = input.status;
  if (input.privacy_setting !== undefined) fields.privacy_setting = input.privacy_setting;
  if (input.team !== undefined) {
    if (input.team === null) fields.team_gid = null;
    else {
      const team = await db.selectFrom("teams").selectAll().where("gid", "=", Number(input.team)).executeTakeFirst();
      if (!team || team.workspace_gid !== workspaceGid) throw badRequest("team: not a team of this workspace");
      if (!teamAllows(team, await teamStanding(db, actor.gid, team), "read")) {
        throw badRequest("team: not a team of this workspace");
      }
      fields.team_gid = team.gid;
    }
  }
  if (input.is_workspace_level === true) fields.team_gid = null;
  if (input.time_period !== undefined) {
    if (input.time_period === null) fields.time_period_gid = null;
    else {
      const period = await loadTimePeriod(db, Number(input.time_period));
      if (!period || period.workspace_gid !== workspaceGid)
        throw badRequest("time_period: not a time period of this workspace");
      fields.time_period_gid = period.gid;
    }
  }
  if (input.owner !== undefined) {
    if (input.owner === null) fields.owner_gid = null;
    else {
      const user = await findWorkspaceMember(db, workspaceGid, actor.gid, input.owner);
      if (!user) throw badRequest(`owner: no member of this workspace matches ${input.owner}`);
      fields.owner_gid = user.gid;
    }
  }
  return fields;
}

function checkDates(goal: Pick<GoalsTable, "start_on" | "due_on">) {
  if (goal.start_on && goal.due_on && goal.due_on < goal.start_on)
    throw badRequest("due_on: must be on or after start_on");
}

export function createGoalUseCase(ctx: ActorCtx, input: CreateGoalBody) {
  return unitOfWork(ctx, async (uow) => {
    const workspaceGid = Number(input.workspace);
    await requireFullMember(uow.db, uow.actor, workspaceGid);
    const fields = await resolveGoalFields(uow.db, uow.actor, workspaceGid, input);
    const followers = await resolveMembers(uow.db, uow.actor, workspaceGid, "followers", input.followers ?? []);
    const row: Omit<GoalsTable, "gid" | "created_at" | "modified_at"> = {
      workspace_gid: workspaceGid,
      team_gid: null,
      time_period_gid: null,
      owner_gid: uow.actor.gid,
      created_by_gid: uow.actor.gid,
      name: input.name,
      notes: "",
      html_notes: "<body></body>",
      start_on: null,
      due_on: null,
      status: null,
      privacy_setting: "public_to_workspace",
      metric: null,
      ...fields,
    };
    checkDates(row);
    return insertGoal(uow, row, followers);
  });
}

export function updateGoalUseCase(ctx: ActorCtx, gid: number, input: UpdateGoalBody) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "edit");
    const next = { ...goal, ...(await resolveGoalFields(uow.db, uow.actor, goal.workspace_gid, input)) };
    checkDates(next);
    return updateGoal(uow, next);
  });
}

export function deleteGoalUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "delete");
    await deleteGoal(uow, goal.gid);
  });
}

export function setMetricUseCase(ctx: ActorCtx, gid: number, input: Partial<StoredMetric> & { metric_type?: string }) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "edit");
    const previous = metricOf(goal);
    const { metric_type: _type, ...rest } = input;
    const metric: StoredMetric = {
      resource_subtype: "number",
      precision: 0,
      unit: "none",
      currency_code: null,
      initial_number_value: 0,
      target_number_value: 100,
      current_number_value: 0,
      progress_source: "manual",
      is_custom_weight: false,
      ...(previous ?? {}),
      ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    } as StoredMetric;
    if (metric.unit === "currency" && !metric.currency_code)
      throw badRequest("currency_code: required when unit is currency");
    if (metric.progress_source === "project_milestone_completion" || metric.progress_source === "task_completion") {
      throw badRequest(
        "progress_source: Takt computes progress by hand, from subgoals, or from projects' task completion",
      );
    }
    return updateGoal(uow, { ...goal, metric: JSON.stringify(metric) });
  });
}

export function setMetricCurrentValueUseCase(ctx: ActorCtx, gid: number, value: number) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "edit");
    const metric = metricOf(goal);
    if (!metric) throw badRequest("current_number_value: the goal has no metric; set one with setMetric first");
    if (metric.progress_source !== "manual") {
      throw badRequest(`current_number_value: progress comes from ${metric.progress_source}, not by hand`);
    }
    return updateGoal(uow, { ...goal, metric: JSON.stringify({ ...metric, current_number_value: value }) });
  });
}

function refsOf(value: string | string[]) {
  return (Array.isArray(value) ? value : value.split(",")).map((ref) => ref.trim()).filter(Boolean);
}

// Whoever sees a goal may follow or leave it; adding or removing others is for those who may change it.
export function followersUseCase(ctx: ActorCtx, gid: number, followers: string | string[], add: boolean) {
  return unitOfWork(ctx, async (uow) => {
    const refs = refsOf(followers);
    const self = refs.every((ref) => ref === "me" || ref === String(uow.actor.gid));
    const goal = await goalFor(uow.db, uow.actor, gid, self ? "read" : "edit");
    const userGids = await resolveMembers(uow.db, uow.actor, goal.workspace_gid, "followers", refs);
    await setFollowers(uow, goal.gid, userGids, add);
    return goal;
  });
}

async function supportingOf(db: Db, actor: Actor, goal: GoalsTable, ref: string) {
  const gid = Number(ref);
  const project = await findProject(db, gid);
  if (project) {
    await authorizeProject(db, actor, project, "read").catch(() => {
      throw notFound("supporting_resource");
    });
    if (project.workspace_gid !== goal.workspace_gid)
      throw badRequest("supporting_resource: must be in the goal's workspace");
    return { type: "project" as const, gid };
  }
  const portfolio = await loadPortfolio(db, gid);
  if (portfolio) {
    await authorizePortfolio(db, actor, portfolio, "read").catch(() => {
      throw notFound("supporting_resource");
    });
    if (portfolio.workspace_gid !== goal.workspace_gid)
      throw badRequest("supporting_resource: must be in the goal's workspace");
    return { type: "portfolio" as const, gid };
  }
  const subgoal = await loadGoal(db, gid);
  await authorizeGoal(db, actor, subgoal, "read").catch(() => {
    throw notFound("supporting_resource");
  });
  if (subgoal!.gid === goal.gid) throw badRequest("supporting_resource: a goal cannot support itself");
  // No cycles: the new subgoal must not be supported, at any depth, by this goal.
  const above = new Set<number>([goal.gid]);
  let frontier = [goal.gid];
  while (frontier.length) {
    const rows = await db
      .selectFrom("goal_relationships")
      .select("supported_goal_gid")
      .where("supporting_type", "=", "goal")
      .where("supporting_gid", "in", frontier)
      .execute();
    frontier = rows.map((row) => row.supported_goal_gid).filter((parent) => !above.has(parent));
    for (const parent of frontier) above.add(parent);
  }
  if (above.has(subgoal!.gid))
    throw badRequest("supporting_resource: that goal already supports this one, directly or not");
  return { type: "goal" as const, gid };
}

export function addSupportingUseCase(
  ctx: ActorCtx,
  gid: number,
  input: { supporting_resource: string; contribution_weight?: number },
) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "edit");
    const supporting = await supportingOf(uow.db, uow.actor, goal, input.supporting_resource);
    return upsertRelationship(uow, {
      supported_goal_gid: goal.gid,
      supporting_type: supporting.type,
      supporting_gid: supporting.gid,
      contribution_weight: input.contribution_weight ?? 1,
    });
  });
}

export function removeSupportingUseCase(ctx: ActorCtx, gid: number, supportingRef: string) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "edit");
    await deleteRelationship(uow, goal.gid, Number(supportingRef));
  });
}

export async function listRelationships(
  db: Db,
  actor: Actor,
  goalGid: number,
  subtype: "subgoal" | "supporting_work" | undefined,
  window: Window,
) {
  const goal = await readGoal(db, actor, goalGid);
  return relationshipsOf(db, goal.gid, subtype, window);
}

async function visibleRelationship(db: Db, actor: Actor, gid: number, action: GoalAction) {
  const relation = await loadRelationship(db, gid);
  if (!relation) throw notFound("goal_relationship");
  await goalFor(db, actor, relation.supported_goal_gid, action).catch((error) => {
    throw error.status === 404 ? notFound("goal_relationship") : error;
  });
  return relation;
}

export const readRelationship = (db: Db, actor: Actor, gid: number) => visibleRelationship(db, actor, gid, "read");

export function updateRelationshipUseCase(ctx: ActorCtx, gid: number, weight: number | undefined) {
  return unitOfWork(ctx, async (uow) => {
    const relation = await visibleRelationship(uow.db, uow.actor, gid, "edit");
    if (weight !== undefined) await updateRelationshipWeight(uow, relation.gid, weight);
    return { ...relation, contribution_weight: weight ?? relation.contribution_weight };
  });
}

// Goals this goal supports (its parents), those the actor sees.
export async function listParentGoals(db: Db, actor: Actor, gid: number, window: Window) {
  const goal = await readGoal(db, actor, gid);
  return visibleGoals(db, actor.gid, { supporting: goal.gid }, window);
}

export async function listGoalStatusUpdates(db: Db, actor: Actor, gid: number, window: Window) {
  const goal = await readGoal(db, actor, gid);
  return goalStatusUpdates(db, goal.gid, window);
}

export function createGoalStatusUpdateUseCase(
  ctx: ActorCtx,
  gid: number,
  input: { status_type: string; title: string; text?: string },
) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "edit");
    return { goal, update: await insertGoalStatusUpdate(uow, goal, input) };
  });
}

export async function goalStatusUpdateFor(db: Db, actor: Actor, gid: number) {
  const update = await db.selectFrom("goal_status_updates").selectAll().where("gid", "=", gid).executeTakeFirst();
  if (!update) return undefined;
  const goal = await goalFor(db, actor, update.goal_gid, "read").catch(() => {
    throw notFound("status_update");
  });
  return { goal, update };
}

export function deleteGoalStatusUpdateUseCase(ctx: ActorCtx, gid: number) {
  return unitOfWork(ctx, async (uow) => {
    const found = await goalStatusUpdateFor(uow.db, uow.actor, gid);
    if (!found) throw notFound("status_update");
    await goalFor(uow.db, uow.actor, found.goal.gid, "edit");
    await deleteGoalStatusUpdate(uow, gid);
  });
}

export async function isGoal(db: Db, gid: number) {
  return !!(await loadGoal(db, gid));
}

// Time periods: the current and next year's are made on first use.
export function listTimePeriodsUseCase(
  ctx: ActorCtx,
  workspaceGid: number,
  range: { start_on?: string; end_on?: string },
) {
  return unitOfWork(ctx, async (uow) => {
    await requireFullMember(uow.db, uow.actor, workspaceGid);
    const year = new Date().getUTCFullYear();
    await ensureTimePeriods(uow, workspaceGid, year);
    await ensureTimePeriods(uow, workspaceGid, year + 1);
    return timePeriodsOf(uow.db, workspaceGid, range);
  });
}

export async function readTimePeriod(db: Db, actor: Actor, gid: number) {
  const period = await loadTimePeriod(db, gid);
  if (!period) throw notFound("time_period");
  const role = await requireWorkspaceRole(db, actor, period.workspace_gid).catch(() => null);
  if (role !== "admin" && role !== "member") throw notFound("time_period");
  return period;
}

export async function listGoalStories(db: Db, actor: Actor, gid: number, window: Window) {
  const goal = await readGoal(db, actor, gid);
  return { goal, rows: await goalStories(db, goal.gid, window) };
}

// Whoever sees the goal comments on it; the comment is sanitised and held to a comment's length.
export function createGoalStoryUseCase(ctx: ActorCtx, gid: number, input: { text?: string; html_text?: string }) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "comment");
    const body = commentBody(input);
    const row = await insertGoalStory(uow, { goal_gid: goal.gid, created_by_gid: uow.actor.gid, ...body });
    return { goal, row };
  });
}

export async function listGoalFieldSettings(db: Db, actor: Actor, gid: number) {
  const goal = await readGoal(db, actor, gid);
  return { goal, rows: await goalFieldSettings(db, goal.gid) };
}

// A workspace field on a goal, placed before or after another of its settings (or last); those who edit the goal
// change its fields.
export function goalFieldSettingUseCase(
  ctx: ActorCtx,
  gid: number,
  input: { custom_field: string; is_important?: boolean; insert_before?: string; insert_after?: string },
  attach: boolean,
) {
  return unitOfWork(ctx, async (uow) => {
    const goal = await goalFor(uow.db, uow.actor, gid, "edit");
    const field = await uow.db
      .selectFrom("custom_fields")
      .select(["gid", "workspace_gid"])
      .where("gid", "=", Number(input.custom_field))
      .executeTakeFirst();
    if (!field || field.workspace_gid !== goal.workspace_gid) throw notFound("custom_field");
    if (!attach) {
      await setGoalFieldSetting(uow, goal.gid, field.gid, null);
      return;
    }
    if (input.insert_before && input.insert_after)
      throw badRequest("insert_before: give insert_before or insert_after, not both");
    const settings = (await goalFieldSettings(uow.db, goal.gid)).filter((row) => row.field_gid !== field.gid);
    let position = (settings.at(-1)?.position ?? 0) + 1;
    const anchorRef = input.insert_before ?? input.insert_after;
    if (anchorRef) {
      const key = input.insert_before ? "insert_before" : "insert_after";
      const index = settings.findIndex((row) => String(row.gid) === anchorRef);
      if (index < 0) throw badRequest(`${key}: not a custom field setting of this goal`);
      const neighbour = input.insert_before ? settings[index - 1] : settings[index + 1];
      const edge = settings[index].position + (input.insert_before ? -1 : 1);
      position = neighbour ? (neighbour.position + settings[index].position) / 2 : edge;
    }
    await setGoalFieldSetting(uow, goal.gid, field.gid, { important: input.is_important === true, position });
  });
}
