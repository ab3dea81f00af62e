import { DateOnly } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authorizeProject } from "../../domain/projects/project.policy.ts";
import { findProject } from "../../domain/projects/project.queries.ts";
import { computeCumulativeFlow } from "../../domain/reports/cumulative-flow.ts";
import { computePeopleReport } from "../../domain/reports/people-report.ts";
import { reportableProjects } from "../../domain/reports/report.policy.ts";
import { addDays, todayUtc } from "../../domain/reports/sprint-history.ts";
import { computeVelocity } from "../../domain/reports/velocity.ts";
import { computeWorkload } from "../../domain/reports/workload.ts";
import { setWeeklyCapacity } from "../../domain/sprints/capacity.commands.ts";
import { requireFullMember, requireWorkspaceAdmin } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest } from "../../errors.ts";
import { actorOf, ctxOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const Count = z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(50, "must be at most 50");
const Period = z.object({ from: DateOnly.optional(), to: DateOnly.optional() }).loose();
const VelocityQuery = z.object({ count: Count.optional() }).loose();
const PeopleQuery = Period.extend({
  team: z
    .string()
    .regex(/^[0-9]{1,16}$/, "must be a gid string")
    .optional(),
  project: z
    .string()
    .regex(/^[0-9]{1,16}$/, "must be a gid string")
    .optional(),
});
const WorkloadQuery = z
  .object({
    from: DateOnly.optional(),
    weeks: z.coerce
      .number()
      .int("must be an integer")
      .min(1, "must be at least 1")
      .max(26, "must be at most 26")
      .optional(),
  })
  .loose();
const CapacityBody = z.strictObject({
  weekly_capacity_points: z
    .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a number or null") })
    .min(0, "must not be negative")
    .max(10_000, "must be at most 10000")
    .nullable(),
  user: z
    .string()
    .regex(/^[0-9]{1,16}$/, "must be a gid string")
    .optional(),
});

// A period given by from/to (dates), defaulting to the last `days` days up to today; at most a year.
function periodOf(query: { from?: string; to?: string }, days: number) {
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

export async function reportsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/velocity", async (request) => {
    const actor = actorOf(request);
    const query = parse(VelocityQuery, request.query ?? {});
    const project = await findProject(db, gidParam(request.params.project_gid, "project"));
    await authorizeProject(db, actor, project, "read");
    return { data: await computeVelocity(db, Number(project?.gid), query.count ?? 6) };
  });

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/cumulative_flow", async (request) => {
    const actor = actorOf(request);
    const period = periodOf(parse(Period, request.query ?? {}), 30);
    const project = await findProject(db, gidParam(request.params.project_gid, "project"));
    await authorizeProject(db, actor, project, "read");
    return { data: await computeCumulativeFlow(db, Number(project?.gid), period.from, period.to) };
  });

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/people_report", async (request) => {
    const actor = actorOf(request);
    const query = parse(PeopleQuery, request.query ?? {});
    const period = periodOf(query, 30);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    const projects = await reportableProjects(db, actor, workspaceGid, {
      teamGid: query.team ? Number(query.team) : undefined,
      projectGid: query.project ? Number(query.project) : undefined,
    });
    return { data: await computePeopleReport(db, projects, period.from, period.to) };
  });

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/workload", async (request) => {
    const actor = actorOf(request);
    const query = parse(WorkloadQuery, request.query ?? {});
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireFullMember(db, actor, workspaceGid);
    const from = mondayOf(query.from ?? todayUtc());
    return { data: await computeWorkload(db, actor.gid, workspaceGid, from, query.weeks ?? 4) };
  });

  // One's own weekly capacity; a workspace admin may set anyone's.
  app.put<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/capacity", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(CapacityBody, request.body);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireFullMember(db, ctx.actor, workspaceGid);
    const userGid = input.user ? Number(input.user) : ctx.actor.gid;
    if (userGid !== ctx.actor.gid) await requireWorkspaceAdmin(db, ctx.actor, workspaceGid);
    await setWeeklyCapacity(ctx, workspaceGid, userGid, input.weekly_capacity_points);
    return {
      data: {
        user: { gid: String(userGid), resource_type: "user" },
        workspace: { gid: String(workspaceGid), resource_type: "workspace" },
        weekly_capacity_points: input.weekly_capacity_points,
      },
    };
  });
}
