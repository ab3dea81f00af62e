import {
  Empty,
  UpdateWorkspaceBody,
  UserCompact,
  Workspace,
  WorkspaceCompact,
  WorkspacePathParams,
  WorkspaceUserBody,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { presentUser } from "../../domain/users/user.presenter.ts";
import { presentWorkspace } from "../../domain/workspaces/workspace.presenter.ts";
import {
  addWorkspaceUserUseCase,
  listWorkspaces,
  readWorkspace,
  removeWorkspaceUserUseCase,
  renameWorkspaceUseCase,
} from "../../domain/workspaces/workspace.use-cases.ts";
import { contract } from "../contract.ts";
import { actorOf, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

type WorkspaceParams = { Params: { workspace_gid: string } };

export async function workspaceRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const workspaceGid = (request: FastifyRequest<WorkspaceParams>) =>
    gidParam(request.params.workspace_gid, "workspace");

  app.get(
    "/workspaces",
    contract({ summary: "Get multiple workspaces", response: WorkspaceCompact, list: true }),
    async (request) => {
      const actor = actorOf(request);
      const page = pageOf(request);
      const rows = await listWorkspaces(db, actor, page.window);
      const optFields = optFieldsOf(request);
      return listed(
        request,
        page,
        rows.map((workspace) => shape(presentWorkspace(workspace), optFields, ["name"])),
      );
    },
  );

  app.get<WorkspaceParams>(
    "/workspaces/:workspace_gid",
    contract({ summary: "Get a workspace", params: WorkspacePathParams, response: Workspace }),
    async (request) => {
      const workspace = await readWorkspace(db, actorOf(request), workspaceGid(request));
      return { data: shape(presentWorkspace(workspace), optFieldsOf(request)) };
    },
  );

  app.put<WorkspaceParams>(
    "/workspaces/:workspace_gid",
    contract({
      summary: "Update a workspace",
      params: WorkspacePathParams,
      body: UpdateWorkspaceBody,
      response: Workspace,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const body = () => parseData(UpdateWorkspaceBody, request.body);
      const workspace = await renameWorkspaceUseCase(ctx, workspaceGid(request), body);
      return { data: shape(presentWorkspace(workspace), optFieldsOf(request)) };
    },
  );

  app.post<WorkspaceParams>(
    "/workspaces/:workspace_gid/addUser",
    contract({
      summary: "Add a user to a workspace",
      params: WorkspacePathParams,
      body: WorkspaceUserBody,
      response: UserCompact,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const body = () => parseData(WorkspaceUserBody, request.body);
      const user = await addWorkspaceUserUseCase(ctx, workspaceGid(request), body);
      return { data: shape(presentUser(user), optFieldsOf(request), ["name"]) };
    },
  );

  app.post<WorkspaceParams>(
    "/workspaces/:workspace_gid/removeUser",
    contract({
      summary: "Remove a user from a workspace",
      params: WorkspacePathParams,
      body: WorkspaceUserBody,
      response: Empty,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      await removeWorkspaceUserUseCase(ctx, workspaceGid(request), () => parseData(WorkspaceUserBody, request.body));
      return { data: {} };
    },
  );
}
