import { AccessLevel as AccessLevelSchema, DateOnly } from "@takt/contracts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AccessLevel, ProjectsTable } from "../../db/schema.ts";
import { atLeast } from "../../domain/access-level.ts";
import type { Actor } from "../../domain/context.ts";
import { shape } from "../../domain/opt-fields.ts";
import {
  addProjectMembers,
  changeMemberAccess,
  createProject,
  deleteProject,
  removeProjectMembers,
  updateProject,
} from "../../domain/projects/project.commands.ts";
import {
  actionForMemberChange,
  actionForProjectField,
  authorizeGrant,
  authorizeProject,
  authorizeProjectCreate,
  visibleProjectGids,
} from "../../domain/projects/project.policy.ts";
import {
  PROJECT_COMPACT,
  PROJECT_MEMBERSHIP_COMPACT,
  presentProject,
  presentProjectMembership,
} from "../../domain/projects/project.presenter.ts";
import {
  findMembership,
  findProject,
  membershipRows,
  projectRefs,
  taskCounts,
} from "../../domain/projects/project.queries.ts";
import { resolveMembers, resolveProjectFields } from "../../domain/projects/project.resolve.ts";
import { authorizeTeam } from "../../domain/teams/team.policy.ts";
import { findTeam, findWorkspaceMember } from "../../domain/teams/team.queries.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { ApiError, badRequest, notFound } from "../../errors.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const COLORS = [
  "dark-pink",
  "dark-green",
  "dark-blue",
  "dark-red",
  "dark-teal",
  "dark-brown",
  "dark-orange",
  "dark-purple",
  "dark-warm-gray",
  "light-pink",
  "light-green",
  "light-blue",
  "light-red",
  "light-teal",
  "light-brown",
  "light-orange",
  "light-purple",
  "light-warm-gray",
  "none",
] as const;
const ACCESS_LEVELS = AccessLevelSchema.options;

const Name = z.string().trim().min(1, "must not be empty").max(1024);
const RichText = z.string().max(65_536);
const GidString = z.string().regex(/^[0-9]{1,16}$/, "must be a gid string");
// Unions and enums report a missing value as invalid; say it plainly instead.
const missing = (issue: { input?: unknown }) => (issue.input === undefined ? "Missing input" : undefined);
const UserRefs = z.union(
  [z.string().max(10_000), z.array(z.string().max(320)).max(100, "at most 100 people at a time")],
  { error: (issue) => missing(issue) ?? "must be a comma-separated string or an array of user gids or emails" },
);
const AccessLevelInput = z.enum(ACCESS_LEVELS, { error: missing });

const ProjectBody = {
  name: Name,
  notes: RichText,
  html_notes: RichText,
  color: z.enum(COLORS).nullable(),
  default_view: z.enum(["list", "board", "calendar", "timeline"]),
  // private_to_team is Asana's deprecated value; Takt has no team-only visibility and keeps such projects private.
  privacy_setting: z.enum(["public_to_workspace", "private", "private_to_team"]),
  public: z.boolean(),
  due_on: DateOnly.nullable(),
  due_date: DateOnly.nullable(),
  start_on: DateOnly.nullable(),
  archived: z.boolean(),
  owner: z.string().max(320).nullable(),
  team: GidString.nullable(),
  workspace: GidString,
};
const CreateProject = z
  .strictObject({ ...ProjectBody, followers: UserRefs })
  .partial()
  .required({ name: true });
const UpdateProject = z.strictObject(ProjectBody).partial();

const MembersBody = z.strictObject({ members: UserRefs, access_level: AccessLevelInput.optional() });
const FollowersBody = z.strictObject({ followers: UserRefs });
const MembershipUpdate = z.strictObject({ access_level: AccessLevelInput });
const ListQuery = z
  .object({
    workspace: z.string().optional(),
    team: z.string().optional(),
    archived: z.enum(["true", "false"], "must be true or false").optional(),
  })
  .loose();
const MembershipsQuery = z.object({ user: z.string().optional() }).loose();

function refsOf(value: string | string[]): string[] {
  const list = (Array.isArray(value) ? value : value.split(",")).map((ref) => ref.trim()).filter(Boolean);
  if (list.length > 100) throw badRequest("members: at most 100 people at a time");
  return list;
}

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

  async function loadProject(actor: Actor, raw: string, action: "read" | "comment" | "edit" | "manage") {
    const project = await findProject(db, gidParam(raw, "project"));
    const level = await authorizeProject(db, actor, project, action);
    return { project: project as ProjectsTable, level };
  }

  async function create(
    request: FastifyRequest,
    reply: FastifyReply,
    fixed: { workspaceGid?: number; teamGid?: number },
  ) {
    const ctx = ctxOf(request);
    const input = parseData(CreateProject, request.body);
    if (fixed.teamGid !== undefined && input.team !== undefined && Number(input.team) !== fixed.teamGid) {
      throw badRequest("team: contradicts the team in the path");
    }
    const teamRaw = fixed.teamGid !== undefined ? String(fixed.teamGid) : input.team;
    let workspaceGid = fixed.workspaceGid;
    if (input.workspace !== undefined) {
      if (workspaceGid !== undefined && Number(input.workspace) !== workspaceGid) {
        throw badRequest("workspace: contradicts the workspace of the path");
      }
      workspaceGid = Number(input.workspace);
    }
    if (workspaceGid === undefined && teamRaw) {
      const team = await findTeam(db, Number(teamRaw));
      if (team) workspaceGid = team.workspace_gid;
      else
        throw badRequest(
          `team: Unknown object ${teamRaw}. It may have been deleted, or you may not have access to it.`,
        );
    }
    if (workspaceGid === undefined) throw badRequest("workspace: Missing input. Pass the workspace or the team.");
    await authorizeProjectCreate(db, ctx.actor, workspaceGid);
    const fields = await resolveProjectFields(
      db,
      ctx.actor,
      workspaceGid,
      { ...input, team: teamRaw ?? undefined },
      null,
    );
    const followers = input.followers
      ? await resolveMembers(db, ctx.actor, workspaceGid, "followers", refsOf(input.followers))
      : [];
    const project = await createProject(ctx, {
      workspace_gid: workspaceGid,
      team_gid: fields.team_gid ?? null,
      owner_gid: fields.owner_gid !== undefined ? fields.owner_gid : ctx.actor.gid,
      name: fields.name ?? "",
      notes: fields.notes ?? "",
      html_notes: fields.html_notes ?? "<body></body>",
      color: fields.color ?? null,
      default_view: fields.default_view ?? "list",
      privacy_setting: fields.privacy_setting ?? "public_to_workspace",
      archived: fields.archived ?? 0,
      due_on: fields.due_on ?? null,
      start_on: fields.start_on ?? null,
      followers,
    });
    return created(reply, "/projects", await presentOne(request, project));
  }

  async function list(request: FastifyRequest, filter: { workspaceGid?: number; teamGid?: number }) {
    const actor = actorOf(request);
    const query = parse(ListQuery, request.query);
    const page = pageOf(request);
    let rows = db.selectFrom("projects").selectAll().where("gid", "in", visibleProjectGids(db, actor.gid));
    if (filter.workspaceGid !== undefined) rows = rows.where("workspace_gid", "=", filter.workspaceGid);
    if (filter.teamGid !== undefined) rows = rows.where("team_gid", "=", filter.teamGid);
    if (query.archived !== undefined) rows = rows.where("archived", "=", query.archived === "true" ? 1 : 0);
    const projects = await rows.orderBy("gid").limit(page.window.limit).offset(page.window.offset).execute();
    return listed(request, page, await presentMany(request, projects, PROJECT_COMPACT));
  }

  async function visibleTeam(actor: Actor, raw: string) {
    const team = await findTeam(db, gidParam(raw, "team"));
    await authorizeTeam(db, actor, team, "read");
    return team as NonNullable<typeof team>;
  }

  app.get("/projects", async (request) => {
    const actor = actorOf(request);
    const query = parse(ListQuery, request.query);
    const filter: { workspaceGid?: number; teamGid?: number } = {};
    if (query.workspace) {
      filter.workspaceGid = gidParam(query.workspace, "workspace");
      await requireWorkspaceRole(db, actor, filter.workspaceGid);
    }
    if (query.team) filter.teamGid = (await visibleTeam(actor, query.team)).gid;
    return list(request, filter);
  });

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/projects", async (request) => {
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceRole(db, actorOf(request), workspaceGid);
    return list(request, { workspaceGid });
  });

  app.get<{ Params: { team_gid: string } }>("/teams/:team_gid/projects", async (request) => {
    const team = await visibleTeam(actorOf(request), request.params.team_gid);
    return list(request, { teamGid: team.gid });
  });

  app.post("/projects", async (request, reply) => create(request, reply, {}));

  app.post<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/projects", async (request, reply) => {
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceRole(db, actorOf(request), workspaceGid);
    return create(request, reply, { workspaceGid });
  });

  app.post<{ Params: { team_gid: string } }>("/teams/:team_gid/projects", async (request, reply) => {
    const team = await visibleTeam(actorOf(request), request.params.team_gid);
    return create(request, reply, { workspaceGid: team.workspace_gid, teamGid: team.gid });
  });

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid", async (request) => {
    const { project } = await loadProject(actorOf(request), request.params.project_gid, "read");
    return { data: await presentOne(request, project) };
  });

  app.put<{ Params: { project_gid: string } }>("/projects/:project_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(UpdateProject, request.body);
    const { project, level } = await loadProject(ctx.actor, request.params.project_gid, "edit");
    if (input.workspace !== undefined && Number(input.workspace) !== project.workspace_gid) {
      throw badRequest("workspace: a project cannot move to another workspace");
    }
    const { workspace: _workspace, ...changes } = input;
    const needsManage = Object.keys(changes).some(
      (field) => actionForProjectField(field === "public" ? "privacy_setting" : field) === "manage",
    );
    if (needsManage && !atLeast(level, "admin")) await authorizeProject(db, ctx.actor, project, "manage");
    const fields = await resolveProjectFields(db, ctx.actor, project.workspace_gid, changes, project);
    const updated = await updateProject(ctx, project, fields);
    return { data: await presentOne(request, updated) };
  });

  app.delete<{ Params: { project_gid: string } }>("/projects/:project_gid", async (request) => {
    const ctx = ctxOf(request);
    const { project } = await loadProject(ctx.actor, request.params.project_gid, "manage");
    await deleteProject(ctx, project);
    return { data: {} };
  });

  async function addMembers(request: FastifyRequest, refs: string[], accessLevel: AccessLevel, field: string) {
    const ctx = ctxOf(request);
    const { project, level } = await loadProject(
      ctx.actor,
      (request.params as { project_gid: string }).project_gid,
      "edit",
    );
    authorizeGrant(level, accessLevel);
    if (refs.length === 0) throw badRequest(`${field}: Missing input. Name at least one person.`);
    const userGids = await resolveMembers(db, ctx.actor, project.workspace_gid, field, refs);
    await addProjectMembers(ctx, project, userGids, accessLevel);
    return { data: await presentOne(request, (await findProject(db, project.gid)) ?? project) };
  }

  async function removeMembers(request: FastifyRequest, refs: string[], field: string) {
    const ctx = ctxOf(request);
    const { project } = await loadProject(ctx.actor, (request.params as { project_gid: string }).project_gid, "read");
    if (refs.length === 0) throw badRequest(`${field}: Missing input. Name at least one person.`);
    const userGids = await resolveMembers(db, ctx.actor, project.workspace_gid, field, refs);
    await authorizeProject(db, ctx.actor, project, actionForMemberChange(ctx.actor, userGids));
    await removeProjectMembers(ctx, project, userGids);
    return { data: await presentOne(request, (await findProject(db, project.gid)) ?? project) };
  }

  app.post<{ Params: { project_gid: string } }>("/projects/:project_gid/addMembers", async (request) => {
    const input = parseData(MembersBody, request.body);
    return addMembers(request, refsOf(input.members), input.access_level ?? "editor", "members");
  });

  app.post<{ Params: { project_gid: string } }>("/projects/:project_gid/removeMembers", async (request) => {
    const input = parseData(MembersBody.omit({ access_level: true }), request.body);
    return removeMembers(request, refsOf(input.members), "members");
  });

  // Following a project is being its member in Takt: these are Asana-compatible aliases.
  app.post<{ Params: { project_gid: string } }>("/projects/:project_gid/addFollowers", async (request) => {
    const input = parseData(FollowersBody, request.body);
    return addMembers(request, refsOf(input.followers), "editor", "followers");
  });

  app.post<{ Params: { project_gid: string } }>("/projects/:project_gid/removeFollowers", async (request) => {
    const input = parseData(FollowersBody, request.body);
    return removeMembers(request, refsOf(input.followers), "followers");
  });

  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/project_memberships", async (request) => {
    const actor = actorOf(request);
    const query = parse(MembershipsQuery, request.query);
    const { project } = await loadProject(actor, request.params.project_gid, "read");
    const page = pageOf(request);
    let rows = membershipRows(db).where("project_memberships.project_gid", "=", project.gid);
    if (query.user) {
      const user = await findWorkspaceMember(db, project.workspace_gid, actor.gid, query.user);
      rows = rows.where("users.gid", "=", user?.gid ?? 0);
    }
    const found = await rows
      .orderBy("project_memberships.created_at")
      .orderBy("project_memberships.gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      found.map((row) => shape(presentProjectMembership(row), optFields, PROJECT_MEMBERSHIP_COMPACT)),
    );
  });

  // A membership is as visible as its project; its id reveals nothing more than the project's would.
  async function loadMembership(actor: Actor, raw: string, action: "read" | "manage") {
    const membership = await findMembership(db, gidParam(raw, "project_membership"));
    if (!membership) throw notFound("project_membership");
    const project = await findProject(db, membership.project_gid);
    try {
      await authorizeProject(db, actor, project, action);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) throw notFound("project_membership");
      throw error;
    }
    return { membership, project: project as ProjectsTable };
  }

  app.get<{ Params: { membership_gid: string } }>("/project_memberships/:membership_gid", async (request) => {
    const { membership } = await loadMembership(actorOf(request), request.params.membership_gid, "read");
    return { data: shape(presentProjectMembership(membership), optFieldsOf(request)) };
  });

  app.put<{ Params: { membership_gid: string } }>("/project_memberships/:membership_gid", async (request) => {
    const ctx = ctxOf(request);
    const input = parseData(MembershipUpdate, request.body);
    const { membership, project } = await loadMembership(ctx.actor, request.params.membership_gid, "manage");
    await changeMemberAccess(
      ctx,
      project,
      { gid: membership.gid, user_gid: membership.user_gid, access_level: membership.access_level },
      input.access_level,
    );
    const updated = await findMembership(db, membership.gid);
    return { data: shape(presentProjectMembership(updated ?? membership), optFieldsOf(request)) };
  });

  // Asana returns no field unless asked for with opt_fields.
  app.get<{ Params: { project_gid: string } }>("/projects/:project_gid/task_counts", async (request) => {
    const { project } = await loadProject(actorOf(request), request.params.project_gid, "read");
    return { data: shape(await taskCounts(db, project.gid), optFieldsOf(request), []) };
  });
}
