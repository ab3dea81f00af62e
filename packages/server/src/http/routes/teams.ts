import {
  CreateTeamBody,
  CreateTeamJoinRequestBody,
  Empty,
  Team,
  TeamCompact,
  TeamJoinRequest,
  TeamJoinRequestPathParams,
  TeamMembership,
  TeamMembershipPathParams,
  TeamMembershipsQuery,
  TeamPathParams,
  TeamUserBody,
  UpdateTeamBody,
  UserCompact,
  UserMembershipsQuery,
  UserParams,
  UserPathParams,
  UserTeamsQuery,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TeamsTable } from "../../db/schema.ts";
import { shape } from "../../domain/opt-fields.ts";
import {
  presentJoinRequest,
  presentTeam,
  presentTeamMembership,
  TEAM_COMPACT,
  TEAM_MEMBERSHIP_COMPACT,
} from "../../domain/teams/team.presenter.ts";
import { workspaceRefs } from "../../domain/teams/team.queries.ts";
import {
  addTeamUserUseCase,
  createTeamUseCase,
  decideJoinRequestUseCase,
  findTeamMemberships,
  listJoinRequests,
  listTeamMemberships,
  listTeamUsers,
  listUserTeams,
  listWorkspaceTeams,
  readJoinRequest,
  readTeamMembership,
  removeTeamUserUseCase,
  requestToJoinUseCase,
  updateTeamUseCase,
  visibleTeam,
  withdrawJoinRequestUseCase,
} from "../../domain/teams/team.use-cases.ts";
import { presentUser, USER_COMPACT } from "../../domain/users/user.presenter.ts";
import { badRequest, notFound } from "../../errors.ts";
import { contract } from "../contract.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type TeamParams = { Params: { team_gid: string } };

interface MembershipRow {
  gid: number;
  is_admin: 0 | 1;
  team_gid: number;
  team_name: string;
  user_gid: number;
  user_name: string;
}

function presentMembershipRow(row: MembershipRow) {
  return presentTeamMembership(
    row,
    { gid: row.team_gid, name: row.team_name },
    { gid: row.user_gid, name: row.user_name },
  );
}

export async function teamsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function present(request: FastifyRequest, team: TeamsTable) {
    const workspace = (await workspaceRefs(db, [team.workspace_gid])).get(team.workspace_gid);
    if (!workspace) throw notFound("workspace");
    return shape(presentTeam(team, workspace, baseUrl(request)), optFieldsOf(request));
  }

  async function presentTeams(request: FastifyRequest, teams: TeamsTable[]) {
    const workspaces = await workspaceRefs(
      db,
      teams.map((team) => team.workspace_gid),
    );
    const optFields = optFieldsOf(request);
    const base = baseUrl(request);
    return teams.map((team) =>
      shape(
        presentTeam(team, workspaces.get(team.workspace_gid) ?? { gid: 0, name: "" }, base),
        optFields,
        TEAM_COMPACT,
      ),
    );
  }

  function presentMemberships(request: FastifyRequest, rows: MembershipRow[]) {
    const optFields = optFieldsOf(request);
    return rows.map((row) => shape(presentMembershipRow(row), optFields, TEAM_MEMBERSHIP_COMPACT));
  }

  const teamGid = (request: FastifyRequest<TeamParams>) => gidParam(request.params.team_gid, "team");

  app.get<TeamParams>(
    "/teams/:team_gid",
    contract({ summary: "Get a team", params: TeamPathParams, response: Team }),
    async (request) => {
      const team = await visibleTeam(db, actorOf(request), teamGid(request), "read");
      return { data: await present(request, team) };
    },
  );

  app.post(
    "/teams",
    contract({ summary: "Create a team", body: CreateTeamBody, response: Team, status: 201 }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateTeamBody, request.body);
      const team = await createTeamUseCase(ctx, input);
      return created(reply, "/teams", (await present(request, team)) as { gid: string });
    },
  );

  app.put<TeamParams>(
    "/teams/:team_gid",
    contract({ summary: "Update a team", params: TeamPathParams, body: UpdateTeamBody, response: Team }),
    async (request) => {
      const ctx = ctxOf(request);
      const body = () => parseData(UpdateTeamBody, request.body);
      const updated = await updateTeamUseCase(ctx, teamGid(request), body);
      return { data: await present(request, updated) };
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/teams",
    contract({ summary: "Get teams in a workspace", params: WorkspacePathParams, response: TeamCompact, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const page = pageOf(request);
      const teams = await listWorkspaceTeams(db, actor, workspaceGid, page.window);
      return listed(request, page, await presentTeams(request, teams));
    },
  );

  app.get<{ Params: { user_gid: string } }>(
    "/users/:user_gid/teams",
    contract({
      summary: "Get teams for a user",
      params: UserPathParams,
      query: UserTeamsQuery,
      response: TeamCompact,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(UserTeamsQuery, request.query);
      const workspaceRaw = query.organization ?? query.workspace;
      if (!workspaceRaw) {
        throw badRequest("organization: Missing input. Pass the workspace to list the user's teams in.");
      }
      const workspaceGid = gidParam(workspaceRaw, "workspace");
      const page = pageOf(request);
      const teams = await listUserTeams(db, actor, request.params.user_gid, workspaceGid, page.window);
      return listed(request, page, await presentTeams(request, teams));
    },
  );

  app.get<TeamParams>(
    "/teams/:team_gid/users",
    contract({ summary: "Get users in a team", params: TeamPathParams, response: UserCompact, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const users = await listTeamUsers(db, actor, teamGid(request), page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        users.map((user) => shape(presentUser(user), optFields, USER_COMPACT)),
      );
    },
  );

  app.post<TeamParams>(
    "/teams/:team_gid/addUser",
    contract({ summary: "Add a user to a team", params: TeamPathParams, body: TeamUserBody, response: TeamMembership }),
    async (request) => {
      const ctx = ctxOf(request);
      const body = () => parseData(TeamUserBody, request.body);
      const { membership, team, user } = await addTeamUserUseCase(ctx, teamGid(request), body);
      return {
        data: shape(presentTeamMembership(membership, team, { gid: user.gid, name: user.name }), optFieldsOf(request)),
      };
    },
  );

  app.post<TeamParams>(
    "/teams/:team_gid/removeUser",
    contract({ summary: "Remove a user from a team", params: TeamPathParams, body: TeamUserBody, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      await removeTeamUserUseCase(ctx, teamGid(request), () => parseData(TeamUserBody, request.body));
      return { data: {} };
    },
  );

  app.get<TeamParams>(
    "/teams/:team_gid/team_memberships",
    contract({ summary: "Get memberships from a team", params: TeamPathParams, response: TeamMembership, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const rows = await listTeamMemberships(db, actor, teamGid(request), page.window);
      return listed(request, page, presentMemberships(request, rows));
    },
  );

  // Asana's GET /team_memberships: by team, or by user within a workspace.
  app.get(
    "/team_memberships",
    contract({ summary: "Get team memberships", query: TeamMembershipsQuery, response: TeamMembership, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(TeamMembershipsQuery, request.query);
      const page = pageOf(request);
      let scope: Parameters<typeof findTeamMemberships>[2];
      if (query.team) scope = { teamGid: gidParam(query.team, "team") };
      else if (query.user && query.workspace) {
        const workspaceGid = gidParam(query.workspace, "workspace");
        scope = { workspaceGid, userGid: query.user === "me" ? "me" : gidParam(query.user, "user") };
      } else throw badRequest("team: Missing input. Pass team, or user together with workspace.");
      const rows = await findTeamMemberships(db, actor, scope, page.window);
      return listed(request, page, presentMemberships(request, rows));
    },
  );

  app.get<{ Params: { user_gid: string } }>(
    "/users/:user_gid/team_memberships",
    contract({
      summary: "Get memberships from a user",
      params: UserParams,
      query: UserMembershipsQuery,
      response: TeamMembership,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(UserMembershipsQuery, request.query);
      if (!query.workspace) throw badRequest("workspace: Missing input");
      const page = pageOf(request);
      const ref = request.params.user_gid;
      const rows = await findTeamMemberships(
        db,
        actor,
        { workspaceGid: gidParam(query.workspace, "workspace"), userGid: ref === "me" ? "me" : gidParam(ref, "user") },
        page.window,
      );
      return listed(request, page, presentMemberships(request, rows));
    },
  );

  app.get<{ Params: { team_membership_gid: string } }>(
    "/team_memberships/:team_membership_gid",
    contract({ summary: "Get a team membership", params: TeamMembershipPathParams, response: TeamMembership }),
    async (request) => {
      const actor = actorOf(request);
      const membershipGid = gidParam(request.params.team_membership_gid, "team_membership");
      const row = await readTeamMembership(db, actor, membershipGid);
      return { data: shape(presentMembershipRow(row), optFieldsOf(request)) };
    },
  );

  // Takt: requests to join a team that admits members by request (visibility request_to_join).
  app.post<TeamParams>(
    "/teams/:team_gid/join_requests",
    contract({
      summary: "Ask to join a team",
      params: TeamPathParams,
      body: CreateTeamJoinRequestBody,
      response: TeamJoinRequest,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const row = await requestToJoinUseCase(ctx, teamGid(request), () =>
        parseData(CreateTeamJoinRequestBody, request.body ?? { data: {} }),
      );
      return created(
        reply,
        "/team_join_requests",
        shape(presentJoinRequest(row), optFieldsOf(request)) as { gid: string },
      );
    },
  );

  app.get<TeamParams>(
    "/teams/:team_gid/join_requests",
    contract({ summary: "Get a team's join requests", params: TeamPathParams, response: TeamJoinRequest, list: true }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listJoinRequests(db, actorOf(request), teamGid(request), page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentJoinRequest(row), optFields)),
      );
    },
  );

  type JoinRequestParams = { Params: { team_join_request_gid: string } };
  const requestGid = (request: FastifyRequest<JoinRequestParams>) =>
    gidParam(request.params.team_join_request_gid, "team_join_request");
  for (const [path, status, summary] of [
    ["approve", "approved", "Approve a request to join a team"],
    ["decline", "declined", "Decline a request to join a team"],
  ] as const) {
    app.post<JoinRequestParams>(
      `/team_join_requests/:team_join_request_gid/${path}`,
      contract({ summary, params: TeamJoinRequestPathParams, response: TeamJoinRequest }),
      async (request) => {
        const row = await decideJoinRequestUseCase(ctxOf(request), requestGid(request), status);
        return { data: shape(presentJoinRequest(row), optFieldsOf(request)) };
      },
    );
  }

  app.get<JoinRequestParams>(
    "/team_join_requests/:team_join_request_gid",
    contract({ summary: "Get a request to join a team", params: TeamJoinRequestPathParams, response: TeamJoinRequest }),
    async (request) => {
      const row = await readJoinRequest(db, actorOf(request), requestGid(request));
      return { data: shape(presentJoinRequest(row), optFieldsOf(request)) };
    },
  );

  app.delete<JoinRequestParams>(
    "/team_join_requests/:team_join_request_gid",
    contract({ summary: "Withdraw a request to join a team", params: TeamJoinRequestPathParams, response: Empty }),
    async (request) => {
      await withdrawJoinRequestUseCase(ctxOf(request), requestGid(request));
      return { data: {} };
    },
  );
}
