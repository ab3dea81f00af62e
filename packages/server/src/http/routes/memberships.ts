import {
  AccessRequest,
  AccessRequestParams,
  AccessRequestsQuery,
  CreateAccessRequestBody,
  CreateMembershipBody,
  Empty,
  FavoritesQuery,
  MembershipParams,
  MembershipsQuery,
  ProjectMembership,
  ProjectMembershipCompact,
  UpdateMembershipBody,
  UpdateUserInWorkspaceBody,
  User,
  UserInWorkspaceParams,
  UserParams,
  WorkspaceMembership,
  WorkspaceMembershipParams,
  WorkspaceMembershipsQuery,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import {
  createAccessRequestUseCase,
  decideAccessRequestUseCase,
  listAccessRequests,
  presentAccessRequest,
} from "../../domain/projects/access-request.ts";
import {
  createMembershipUseCase,
  deleteMembershipUseCase,
  listMemberships,
} from "../../domain/projects/project.memberships.ts";
import { PROJECT_MEMBERSHIP_COMPACT, presentProjectMembership } from "../../domain/projects/project.presenter.ts";
import { readProjectMembership, updateProjectMembershipUseCase } from "../../domain/projects/project.use-cases.ts";
import { listFavorites } from "../../domain/users/user.favorites.ts";
import { presentUser } from "../../domain/users/user.presenter.ts";
import {
  listUserWorkspaceMemberships,
  listWorkspaceMemberships,
  presentWorkspaceMembership,
  readWorkspaceMembership,
  readWorkspaceUser,
  type WorkspaceMembershipRow,
} from "../../domain/workspaces/workspace-membership.ts";
import { contract } from "../contract.ts";
import { actorOf, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const WORKSPACE_MEMBERSHIP_COMPACT = ["user", "workspace"] as const;

// Asana's membership paths over Takt's project and workspace memberships, people in a workspace, favorites.
export async function membershipsRoutes(app: FastifyInstance) {
  const { db } = app.takt;
  const presentWorkspaceMemberships = (request: FastifyRequest, rows: WorkspaceMembershipRow[]) => {
    const optFields = optFieldsOf(request);
    return rows.map((row) => shape(presentWorkspaceMembership(row), optFields, WORKSPACE_MEMBERSHIP_COMPACT));
  };

  app.get(
    "/memberships",
    contract({
      summary: "Get multiple memberships",
      query: MembershipsQuery,
      response: ProjectMembershipCompact,
      list: true,
    }),
    async (request) => {
      const query = parse(MembershipsQuery, request.query);
      const page = pageOf(request);
      const rows = await listMemberships(db, actorOf(request), query, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentProjectMembership(row), optFields, PROJECT_MEMBERSHIP_COMPACT)),
      );
    },
  );

  app.post(
    "/memberships",
    contract({ summary: "Create a membership", body: CreateMembershipBody, status: 201, response: ProjectMembership }),
    async (request, reply) => {
      const input = parseData(CreateMembershipBody, request.body);
      const row = await createMembershipUseCase(ctxOf(request), input);
      return created(
        reply,
        "/memberships",
        shape(presentProjectMembership(row), optFieldsOf(request)) as { gid: string },
      );
    },
  );

  app.get<{ Params: { membership_gid: string } }>(
    "/memberships/:membership_gid",
    contract({ summary: "Get a membership", params: MembershipParams, response: ProjectMembership }),
    async (request) => {
      const gid = gidParam(request.params.membership_gid, "membership");
      const row = await readProjectMembership(db, actorOf(request), gid);
      return { data: shape(presentProjectMembership(row), optFieldsOf(request)) };
    },
  );

  app.put<{ Params: { membership_gid: string } }>(
    "/memberships/:membership_gid",
    contract({
      summary: "Update a membership",
      params: MembershipParams,
      body: UpdateMembershipBody,
      response: ProjectMembership,
    }),
    async (request) => {
      const input = parseData(UpdateMembershipBody, request.body);
      const gid = gidParam(request.params.membership_gid, "membership");
      const row = await updateProjectMembershipUseCase(ctxOf(request), gid, input.access_level);
      return { data: shape(presentProjectMembership(row), optFieldsOf(request)) };
    },
  );

  app.delete<{ Params: { membership_gid: string } }>(
    "/memberships/:membership_gid",
    contract({ summary: "Delete a membership", params: MembershipParams, response: Empty }),
    async (request) => {
      await deleteMembershipUseCase(ctxOf(request), gidParam(request.params.membership_gid, "membership"));
      return { data: {} };
    },
  );

  app.get<{ Params: { workspace_membership_gid: string } }>(
    "/workspace_memberships/:workspace_membership_gid",
    contract({
      summary: "Get a workspace membership",
      params: WorkspaceMembershipParams,
      response: WorkspaceMembership,
    }),
    async (request) => {
      const gid = gidParam(request.params.workspace_membership_gid, "workspace_membership");
      const row = await readWorkspaceMembership(db, actorOf(request), gid);
      return { data: shape(presentWorkspaceMembership(row), optFieldsOf(request)) };
    },
  );

  app.get<{ Params: { user_gid: string } }>(
    "/users/:user_gid/workspace_memberships",
    contract({
      summary: "Get workspace memberships for a user",
      params: UserParams,
      response: WorkspaceMembership,
      list: true,
    }),
    async (request) => {
      const page = pageOf(request);
      const rows = await listUserWorkspaceMemberships(db, actorOf(request), request.params.user_gid, page.window);
      return listed(request, page, presentWorkspaceMemberships(request, rows));
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/workspace_memberships",
    contract({
      summary: "Get the workspace memberships for a workspace",
      params: WorkspacePathParams,
      query: WorkspaceMembershipsQuery,
      response: WorkspaceMembership,
      list: true,
    }),
    async (request) => {
      const query = parse(WorkspaceMembershipsQuery, request.query);
      const page = pageOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const rows = await listWorkspaceMemberships(db, actorOf(request), workspaceGid, query.user, page.window);
      return listed(request, page, presentWorkspaceMemberships(request, rows));
    },
  );

  type UserInWorkspace = { Params: { workspace_gid: string; user_gid: string } };
  const workspaceUser = async (request: FastifyRequest<UserInWorkspace>) => {
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    const user = await readWorkspaceUser(db, actorOf(request), workspaceGid, request.params.user_gid);
    return { data: shape(presentUser(user), optFieldsOf(request)) };
  };
  app.get<UserInWorkspace>(
    "/workspaces/:workspace_gid/users/:user_gid",
    contract({ summary: "Get a user in a workspace or organization", params: UserInWorkspaceParams, response: User }),
    workspaceUser,
  );
  // Asana sets a person's workspace-level custom fields here; Takt has none for people, so it answers the person.
  app.put<UserInWorkspace>(
    "/workspaces/:workspace_gid/users/:user_gid",
    contract({
      summary: "Update a user in a workspace or organization",
      params: UserInWorkspaceParams,
      body: UpdateUserInWorkspaceBody,
      response: User,
    }),
    async (request) => {
      parseData(UpdateUserInWorkspaceBody, request.body);
      return workspaceUser(request);
    },
  );

  app.get<{ Params: { user_gid: string } }>(
    "/users/:user_gid/favorites",
    contract({
      summary: "Get a user's favorites",
      params: UserParams,
      query: FavoritesQuery,
      response: ProjectMembershipCompact,
      list: true,
    }),
    async (request) => {
      const query = parse(FavoritesQuery, request.query);
      const page = pageOf(request);
      const rows = await listFavorites(db, actorOf(request), request.params.user_gid, query, page.window);
      return listed(request, page, rows);
    },
  );

  app.get(
    "/access_requests",
    contract({ summary: "Get access requests", query: AccessRequestsQuery, response: AccessRequest, list: true }),
    async (request) => {
      const query = parse(AccessRequestsQuery, request.query);
      const page = pageOf(request);
      const rows = await listAccessRequests(db, actorOf(request), query, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((row) => shape(presentAccessRequest(row), optFields)),
      );
    },
  );

  app.post(
    "/access_requests",
    contract({
      summary: "Create an access request",
      body: CreateAccessRequestBody,
      status: 201,
      response: AccessRequest,
    }),
    async (request, reply) => {
      const input = parseData(CreateAccessRequestBody, request.body);
      const row = await createAccessRequestUseCase(ctxOf(request), input);
      return created(
        reply,
        "/access_requests",
        shape(presentAccessRequest(row), optFieldsOf(request)) as { gid: string },
      );
    },
  );

  for (const [path, decision] of [
    ["approve", "approved"],
    ["reject", "rejected"],
  ] as const) {
    app.post<{ Params: { access_request_gid: string } }>(
      `/access_requests/:access_request_gid/${path}`,
      contract({
        summary: decision === "approved" ? "Approve an access request" : "Reject an access request",
        params: AccessRequestParams,
        response: Empty,
      }),
      async (request) => {
        const gid = gidParam(request.params.access_request_gid, "access_request");
        await decideAccessRequestUseCase(ctxOf(request), gid, decision);
        return { data: {} };
      },
    );
  }
}
