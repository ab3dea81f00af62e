import type { WeeklyCapacityBody } from "@takt/contracts";
import { badRequest } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { authorizeProject } from "../projects/project.policy.ts";
import { findProject } from "../projects/project.queries.ts";
import { setWeeklyCapacity } from "../sprints/capacity.commands.ts";
import { refGid } from "../tasks/task.resolve.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import { computeCumulativeFlow } from "./cumulative-flow.ts";
import { computePeopleReport } from "./people-report.ts";
import { authorizeCapacityChange, reportableProjects } from "./report.policy.ts";
import { addDays, todayUtc } from "./sprint-history.ts";
import { computeVelocity } from "./velocity.ts";
import { computeWorkload } from "./workload.ts";

type ReportCtx = Ctx & { actor: Actor };
type Period = { from?: string; to?: string };

// A period given by from/to (dates), defaulting to the last `days` days up to today; at most a year.
function periodOf(query: Period, days: number) {
  const to = query.to ?? todayUtc();
  const from = query.from ?? addDays(to, -(days - 1));
  if (to < from) throw badRequest(`to: must not be before from (${from})`);
  if (addDays(from, 366) < to) throw badRequest("to: the period is at most 366 days long");
  return { from, to };
}

// Monday of the week of `day` (UTC).
function mondayOf(day: string) {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

async function readableProject(ctx: ReportCtx, projectGid: number) {
  const project = await findProject(ctx.db, projectGid);
  await authorizeProject(ctx.db, ctx.actor, project, "read");
  return project!;
}

export async function projectVelocity(ctx: ReportCtx, projectGid: number, count = 6) {
  const project = await readableProject(ctx, projectGid);
  return computeVelocity(ctx.db, project.gid, count);
}

export async function projectCumulativeFlow(ctx: ReportCtx, projectGid: number, query: Period) {
  const period = periodOf(query, 30);
  const project = await readableProject(ctx, projectGid);
  return computeCumulativeFlow(ctx.db, project.gid, period.from, period.to);
}

// Who finished what, over the projects the actor administers (optionally one team's, or one project).
export async function peopleReport(
  ctx: ReportCtx,
  workspaceGid: number,
  query: Period & { team?: string; project?: string },
) {
  const period = periodOf(query, 30);
  const projects = await reportableProjects(ctx.db, ctx.actor, workspaceGid, {
    teamGid: query.team ? refGid(query.team, "team") : undefined,
    projectGid: query.project ? refGid(query.project, "project") : undefined,
  });
  return computePeopleReport(ctx.db, projects, period.from, period.to);
}

// The actor's view of who carries how many points, week by week from the week of `from`.
export async function workload(ctx: ReportCtx, workspaceGid: number, query: { from?: string; weeks?: number }) {
  await requireFullMember(ctx.db, ctx.actor, workspaceGid);
  const from = mondayOf(query.from ?? todayUtc());
  return computeWorkload(ctx.db, ctx.actor.gid, workspaceGid, from, query.weeks ?? 4);
}

export async function setCapacity(ctx: ReportCtx, workspaceGid: number, input: WeeklyCapacityBody) {
  return unitOfWork(ctx, async (uow) => {
    const userGid = input.user ? refGid(input.user, "user") : ctx.actor.gid;
    await authorizeCapacityChange(uow.db, ctx.actor, workspaceGid, userGid);
    await setWeeklyCapacity(uow, workspaceGid, userGid, input.weekly_capacity_points);
    return { userGid, weeklyCapacityPoints: input.weekly_capacity_points };
  });
}
