import {
  UpdateUserBody,
  User,
  UserCompact,
  UserPathParams,
  UsersListQuery,
  WorkspacePathParams,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { presentUser, USER_COMPACT } from "../../domain/users/user.presenter.ts";
import { listWorkspaceUsers, readUser, updateUserUseCase } from "../../domain/users/user.use-cases.ts";
import { badRequest } from "../../errors.ts";
import { contract } from "../contract.ts";
import { actorOf, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type UserParams = { Params: { user_gid: string } };

export async function userRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get<UserParams>(
    "/users/:user_gid",
    contract({ summary: "Get a user", params: UserPathParams, response: User }),
    async (request) => {
      const { user, workspaces, emailNotifications } = await readUser(db, actorOf(request), request.params.user_gid);
      const own = emailNotifications ? { email_notifications: emailNotifications } : {};
      return { data: shape({ ...presentUser(user, workspaces), ...own }, optFieldsOf(request)) };
    },
  );

  app.put<UserParams>(
    "/users/:user_gid",
    contract({ summary: "Update your own profile", params: UserPathParams, body: UpdateUserBody, response: User }),
    async (request) => {
      const ctx = ctxOf(request);
      const body = () => parseData(UpdateUserBody, request.body);
      const { user, workspaces, emailNotifications } = await updateUserUseCase(ctx, request.params.user_gid, body);
      const presented = { ...presentUser(user, workspaces), email_notifications: emailNotifications };
      return { data: shape(presented, optFieldsOf(request)) };
    },
  );

  async function listUsers(request: FastifyRequest, workspaceGid: number) {
    const page = pageOf(request);
    const rows = await listWorkspaceUsers(db, actorOf(request), workspaceGid, page.window);
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((user) => shape(presentUser(user), optFields, USER_COMPACT)),
    );
  }

  app.get(
    "/users",
    contract({ summary: "Get multiple users", query: UsersListQuery, response: UserCompact, list: true }),
    async (request) => {
      const query = parse(UsersListQuery, request.query);
      if (!query.workspace) throw badRequest("workspace: Missing input. Pass the workspace to list its users.");
      return listUsers(request, gidParam(query.workspace, "workspace"));
    },
  );

  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/users",
    contract({ summary: "Get users in a workspace", params: WorkspacePathParams, response: UserCompact, list: true }),
    async (request) => listUsers(request, gidParam(request.params.workspace_gid, "workspace")),
  );
}
