import {
  CreateProjectBody,
  DuplicateProjectBody,
  Empty,
  Job,
  Project,
  ProjectBrief,
  ProjectBriefBody,
  ProjectBriefParams,
  ProjectCompact,
  ProjectFollowersBody,
  ProjectListQuery,
  ProjectMembersBody,
  ProjectMembership,
  ProjectMembershipCompact,
  ProjectMembershipPathParams,
  ProjectMembershipsQuery,
  ProjectMembershipUpdateBody,
  ProjectPathParams,
  ProjectSearchQuery,
  RemoveProjectMembersBody,
  TaskCounts,
  TaskParams,
  TeamPathParams,
  UpdateProjectBody,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ProjectsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import { projectsOfTask, searchProjects } from "../../domain/projects/project.lookups.ts";
import {
  PROJECT_COMPACT,
  PROJECT_MEMBERSHIP_COMPACT,
  presentProject,
  presentProjectMembership,
} from "../../domain/projects/project.presenter.ts";
import { projectRefs } from "../../domain/projects/project.queries.ts";
import {
  addProjectMembersUseCase,
  createProjectUseCase,
  deleteProjectUseCase,
  listProjectMemberships,
  listProjects,
  projectTaskCounts,
  readProjectMembership,
  removeProjectMembersUseCase,
  updateProjectMembershipUseCase,
  updateProjectUseCase,
  visibleProject,
} from "../../domain/projects/project.use-cases.ts";
import {
  createProjectBriefUseCase,
  deleteProjectBriefUseCase,
  presentProjectBrief,
  readProjectBrief,
  updateProjectBriefUseCase,
} from "../../domain/projects/project-brief.ts";
import { presentApiJob } from "../../domain/templates/api-job.ts";
import { duplicateProjectUseCase } from "../../domain/templates/template.use-cases.ts";
import { notFound } from "../../errors.ts";
import { contract } from "../contract.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type ProjectParams = { Params: { project_gid: string } };
type MembershipParams = { Params: { membership_gid: string } };

export async function projectsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function presentMany(request: FastifyRequest, projects: ProjectsTable[], compact?: readonly string[]) {
    const refs = await projectRefs(db, projects);
    const optFields = optFieldsOf(request);
    const base = baseUrl(request);
    return projects.map((project) => {
      const projectRefsOf = refs.get(project.gid);
      if (!projectRefsOf) throw notFound("project");
      return shape(presentProject(project, projectRefsOf, base), optFields, compact);
    });
  }

  async function presentOne(request: FastifyRequest, project: ProjectsTable) {
    return (await presentMany(request, [project]))[0] as { gid: string };
  }

  async function list(request: FastifyRequest, actor: Actor, scope: { workspaceGid?: number; teamGid?: number }) {
    const query = parse(ProjectListQuery, request.query);
    const page = pageOf(request);
    const archived = query.archived === undefined ? undefined : query.archived === "true";
    const projects = await listProjects(db, actor, { ...scope, archived }, page.window);
    return listed(request, page, await presentMany(request, projects, PROJECT_COMPACT));
  }

  async function create(
    request: FastifyRequest,
    reply: FastifyReply,
    path: { workspaceGid?: number; teamGid?: number },
  ) {
    const ctx = ctxOf(request);
    const project = await createProjectUseCase(ctx, path, () => parseData(CreateProjectBody, request.body));
    return created(reply, "/projects", await presentOne(request, project));
  }

  const projectGid = (request: FastifyRequest<ProjectParams>) => gidParam(request.params.project_gid, "project");

  app.get(
    "/projects",
    contract({ summary: "Get multiple projects", query: ProjectListQuery, response: ProjectCompact, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(ProjectListQuery, request.query);
      return list(request, actor, {
        workspaceGid: query.workspace ? gidParam(query.workspace, "workspace") : undefined,
        teamGid: query.team ? gidParam(query.team, "team") : undefined,
      });
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/projects",
    contract({
      summary: "Get a workspace's projects",
      params: WorkspacePathParams,
      query: ProjectListQuery,
      response: ProjectCompact,
      list: true,
    }),
    async (request) => {
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      return list(request, actorOf(request), { workspaceGid });
    },
  );

  app.get<{ Params: { team_gid: string } }>(
    "/teams/:team_gid/projects",
    contract({
      summary: "Get a team's projects",
      params: TeamPathParams,
      query: ProjectListQuery,
      response: ProjectCompact,
      list: true,
    }),
    async (request) => {
      const teamGid = gidParam(request.params.team_gid, "team");
      return list(request, actorOf(request), { teamGid });
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/projects/search",
    contract({
      summary: "Search projects in a workspace",
      params: WorkspacePathParams,
      query: ProjectSearchQuery,
      response: ProjectCompact,
      list: true,
    }),
    async (request) => {
      const query = parse(ProjectSearchQuery, request.query);
      const page = pageOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const archived = query.archived === undefined ? undefined : query.archived === "true";
      const rows = await searchProjects(
        db,
        actorOf(request),
        workspaceGid,
        { text: query.text, archived },
        page.window,
      );
      return listed(request, page, await presentMany(request, rows, PROJECT_COMPACT));
    },
  );

  app.get<{ Params: { task_gid: string } }>(
    "/tasks/:task_gid/projects",
    contract({
      summary: "Get projects a task is in",
      tags: ["projects"],
      params: TaskParams,
      response: ProjectCompact,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const rows = await projectsOfTask(db, actorOf(request), request.params.task_gid, page.window);
      return listed(request, page, await presentMany(request, rows, PROJECT_COMPACT));
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/duplicate",
    contract({
      summary: "Duplicate a project",
      params: ProjectPathParams,
      body: DuplicateProjectBody,
      status: 201,
      response: Job,
    }),
    async (request, reply) => {
      const input = parseData(DuplicateProjectBody, request.body);
      const job = await duplicateProjectUseCase(ctxOf(request), request.params.project_gid, input);
      return created(reply, "/jobs", await presentApiJob(db, job));
    },
  );

  app.post(
    "/projects",
    contract({
      summary: "Create a project (optionally with its sections)",
      body: CreateProjectBody,
      response: Project,
      status: 201,
    }),
    async (request, reply) => create(request, reply, {}),
  );

  app.post<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/projects",
    contract({
      summary: "Create a project in a workspace",
      params: WorkspacePathParams,
      body: CreateProjectBody,
      response: Project,
      status: 201,
    }),
    async (request, reply) =>
      create(request, reply, { workspaceGid: gidParam(request.params.workspace_gid, "workspace") }),
  );

  app.post<{ Params: { team_gid: string } }>(
    "/teams/:team_gid/projects",
    contract({
      summary: "Create a project in a team",
      params: TeamPathParams,
      body: CreateProjectBody,
      response: Project,
      status: 201,
    }),
    async (request, reply) => create(request, reply, { teamGid: gidParam(request.params.team_gid, "team") }),
  );

  app.get<ProjectParams>(
    "/projects/:project_gid",
    contract({ summary: "Get a project", params: ProjectPathParams, response: Project }),
    async (request) => {
      const { project } = await visibleProject(db, actorOf(request), projectGid(request), "read");
      return { data: await presentOne(request, project) };
    },
  );

  app.put<ProjectParams>(
    "/projects/:project_gid",
    contract({ summary: "Update a project", params: ProjectPathParams, body: UpdateProjectBody, response: Project }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(UpdateProjectBody, request.body);
      const updated = await updateProjectUseCase(ctx, projectGid(request), input);
      return { data: await presentOne(request, updated) };
    },
  );

  app.delete<ProjectParams>(
    "/projects/:project_gid",
    contract({ summary: "Delete a project", params: ProjectPathParams, response: Empty }),
    async (request) => {
      await deleteProjectUseCase(ctxOf(request), projectGid(request));
      return { data: {} };
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/addMembers",
    contract({
      summary: "Add members to a project",
      params: ProjectPathParams,
      body: ProjectMembersBody,
      response: Project,
    }),
    async (request) => {
      const input = parseData(ProjectMembersBody, request.body);
      const project = await addProjectMembersUseCase(ctxOf(request), projectGid(request), {
        refs: input.members,
        field: "members",
        accessLevel: input.access_level ?? "editor",
      });
      return { data: await presentOne(request, project) };
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/removeMembers",
    contract({
      summary: "Remove members from a project",
      params: ProjectPathParams,
      body: RemoveProjectMembersBody,
      response: Project,
    }),
    async (request) => {
      const input = parseData(RemoveProjectMembersBody, request.body);
      const project = await removeProjectMembersUseCase(ctxOf(request), projectGid(request), {
        refs: input.members,
        field: "members",
      });
      return { data: await presentOne(request, project) };
    },
  );

  // Following a project is being its member in Takt: these are Asana-compatible aliases.
  app.post<ProjectParams>(
    "/projects/:project_gid/addFollowers",
    contract({
      summary: "Add followers to a project",
      params: ProjectPathParams,
      body: ProjectFollowersBody,
      response: Project,
    }),
    async (request) => {
      const input = parseData(ProjectFollowersBody, request.body);
      const project = await addProjectMembersUseCase(ctxOf(request), projectGid(request), {
        refs: input.followers,
        field: "followers",
        accessLevel: "editor",
      });
      return { data: await presentOne(request, project) };
    },
  );

  app.post<ProjectParams>(
    "/projects/:project_gid/removeFollowers",
    contract({
      summary: "Remove followers from a project",
      params: ProjectPathParams,
      body: ProjectFollowersBody,
      response: Project,
    }),
    async (request) => {
      const input = parseData(ProjectFollowersBody, request.body);
      const project = await removeProjectMembersUseCase(ctxOf(request), projectGid(request), {
        refs: input.followers,
        field: "followers",
      });
      return { data: await presentOne(request, project) };
    },
  );

  app.get<ProjectParams>(
    "/projects/:project_gid/project_memberships",
    contract({
      summary: "Get memberships from a project",
      params: ProjectPathParams,
      query: ProjectMembershipsQuery,
      response: ProjectMembershipCompact,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(ProjectMembershipsQuery, request.query);
      const page = pageOf(request);
      const rows = await listProjectMemberships(db, actor, projectGid(request), query.user, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentProjectMembership(row), optFields, PROJECT_MEMBERSHIP_COMPACT)),
      );
    },
  );

  app.get<MembershipParams>(
    "/project_memberships/:membership_gid",
    contract({ summary: "Get a project membership", params: ProjectMembershipPathParams, response: ProjectMembership }),
    async (request) => {
      const actor = actorOf(request);
      const membershipGid = gidParam(request.params.membership_gid, "project_membership");
      const membership = await readProjectMembership(db, actor, membershipGid);
      return { data: shape(presentProjectMembership(membership), optFieldsOf(request)) };
    },
  );

  app.put<MembershipParams>(
    "/project_memberships/:membership_gid",
    contract({
      summary: "Change a project member's access",
      params: ProjectMembershipPathParams,
      body: ProjectMembershipUpdateBody,
      response: ProjectMembership,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const input = parseData(ProjectMembershipUpdateBody, request.body);
      const membershipGid = gidParam(request.params.membership_gid, "project_membership");
      const updated = await updateProjectMembershipUseCase(ctx, membershipGid, input.access_level);
      return { data: shape(presentProjectMembership(updated), optFieldsOf(request)) };
    },
  );

  // Asana returns no field unless asked for with opt_fields.
  app.get<ProjectParams>(
    "/projects/:project_gid/task_counts",
    contract({ summary: "Get task count of a project", params: ProjectPathParams, response: TaskCounts }),
    async (request) => {
      const counts = await projectTaskCounts(db, actorOf(request), projectGid(request));
      return { data: shape(counts, optFieldsOf(request), []) };
    },
  );

  // Project briefs: one per project, for its readers; its editors write it.
  type BriefParams = { Params: { project_brief_gid: string } };
  const briefGid = (request: FastifyRequest<BriefParams>) =>
    gidParam(request.params.project_brief_gid, "project_brief");
  const presentBrief = (request: FastifyRequest, found: Awaited<ReturnType<typeof readProjectBrief>>) =>
    shape(presentProjectBrief(found.brief, found.project, baseUrl(request)), optFieldsOf(request));

  app.post<ProjectParams>(
    "/projects/:project_gid/project_briefs",
    contract({
      summary: "Create a project brief",
      tags: ["project_briefs"],
      params: ProjectPathParams,
      body: ProjectBriefBody,
      status: 201,
      response: ProjectBrief,
    }),
    async (request, reply) => {
      const input = parseData(ProjectBriefBody, request.body);
      const found = await createProjectBriefUseCase(ctxOf(request), projectGid(request), input);
      return created(reply, "/project_briefs", presentBrief(request, found) as { gid: string });
    },
  );

  app.get<BriefParams>(
    "/project_briefs/:project_brief_gid",
    contract({ summary: "Get a project brief", params: ProjectBriefParams, response: ProjectBrief }),
    async (request) => ({
      data: presentBrief(request, await readProjectBrief(db, actorOf(request), briefGid(request))),
    }),
  );

  app.put<BriefParams>(
    "/project_briefs/:project_brief_gid",
    contract({
      summary: "Update a project brief",
      params: ProjectBriefParams,
      body: ProjectBriefBody,
      response: ProjectBrief,
    }),
    async (request) => {
      const input = parseData(ProjectBriefBody, request.body);
      return { data: presentBrief(request, await updateProjectBriefUseCase(ctxOf(request), briefGid(request), input)) };
    },
  );

  app.delete<BriefParams>(
    "/project_briefs/:project_brief_gid",
    contract({ summary: "Delete a project brief", params: ProjectBriefParams, response: Empty }),
    async (request) => {
      await deleteProjectBriefUseCase(ctxOf(request), briefGid(request));
      return { data: {} };
    },
  );
}
