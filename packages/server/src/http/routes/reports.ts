import {
  CumulativeFlow,
  PeopleReport,
  PeopleReportQuery,
  ReportPeriodQuery,
  ReportProjectParams,
  ReportWorkspaceParams,
  Velocity,
  VelocityQuery,
  WeeklyCapacity,
  WeeklyCapacityBody,
  Workload,
  WorkloadQuery,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  peopleReport,
  projectCumulativeFlow,
  projectVelocity,
  setCapacity,
  workload,
} from "../../domain/reports/report.use-cases.ts";
import { contract } from "../contract.ts";
import { ctxOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ProjectRoute = { Params: { project_gid: string } };
type WorkspaceRoute = { Params: { workspace_gid: string } };

const projectGidOf = (request: FastifyRequest<ProjectRoute>) => gidParam(request.params.project_gid, "project");
const workspaceGidOf = (request: FastifyRequest<WorkspaceRoute>) => gidParam(request.params.workspace_gid, "workspace");

export async function reportsRoutes(app: FastifyInstance) {
  app.get<ProjectRoute>(
    "/projects/:project_gid/velocity",
    contract({
      summary: "Get a project's velocity",
      params: ReportProjectParams,
      query: VelocityQuery,
      response: Velocity,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(VelocityQuery, request.query ?? {});
      return { data: await projectVelocity(ctx, projectGidOf(request), query.count) };
    },
  );

  app.get<ProjectRoute>(
    "/projects/:project_gid/cumulative_flow",
    contract({
      summary: "Get a project's cumulative flow",
      params: ReportProjectParams,
      query: ReportPeriodQuery,
      response: CumulativeFlow,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(ReportPeriodQuery, request.query ?? {});
      return { data: await projectCumulativeFlow(ctx, projectGidOf(request), query) };
    },
  );

  app.get<WorkspaceRoute>(
    "/workspaces/:workspace_gid/people_report",
    contract({
      summary: "Get who finished what",
      params: ReportWorkspaceParams,
      query: PeopleReportQuery,
      response: PeopleReport,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(PeopleReportQuery, request.query ?? {});
      return { data: await peopleReport(ctx, workspaceGidOf(request), query) };
    },
  );

  app.get<WorkspaceRoute>(
    "/workspaces/:workspace_gid/workload",
    contract({
      summary: "Get the workload of people, week by week",
      params: ReportWorkspaceParams,
      query: WorkloadQuery,
      response: Workload,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const query = parse(WorkloadQuery, request.query ?? {});
      return { data: await workload(ctx, workspaceGidOf(request), query) };
    },
  );

  // One's own weekly capacity; a workspace admin may set anyone's.
  app.put<WorkspaceRoute>(
    "/workspaces/:workspace_gid/capacity",
    contract({
      summary: "Set a weekly capacity",
      params: ReportWorkspaceParams,
      body: WeeklyCapacityBody,
      response: WeeklyCapacity,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(WeeklyCapacityBody, request.body);
      const workspaceGid = workspaceGidOf(request);
      const set = await setCapacity(ctx, workspaceGid, input);
      return {
        data: {
          user: { gid: String(set.userGid), resource_type: "user" },
          workspace: { gid: String(workspaceGid), resource_type: "workspace" },
          weekly_capacity_points: set.weeklyCapacityPoints,
        },
      };
    },
  );
}
