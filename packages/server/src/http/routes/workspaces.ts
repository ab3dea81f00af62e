import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { shape } from "../../domain/opt-fields.ts";
import { addUserToWorkspace, removeUserFromWorkspace } from "../../domain/users/user.commands.ts";
import { presentUser } from "../../domain/users/user.presenter.ts";
import { renameWorkspace } from "../../domain/workspaces/workspace.commands.ts";
import {
  memberOfWorkspace,
  requireWorkspaceAdmin,
  requireWorkspaceRole,
} from "../../domain/workspaces/workspace.policy.ts";
import { presentWorkspace } from "../../domain/workspaces/workspace.presenter.ts";
import { badRequest, notFound } from "../../errors.ts";
import { actorOf, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parseData } from "../validation.ts";

const UpdateWorkspace = z.strictObject({ name: z.string().trim().min(1).max(200) });
const UserRef = z.strictObject({ user: z.string().min(1).max(320) });

export async function workspaceRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get("/workspaces", async (request) => {
    const actor = actorOf(request);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("workspaces")
      .selectAll()
      .where(memberOfWorkspace(actor.gid))
      .orderBy("gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((workspace) => shape(presentWorkspace(workspace), optFields, ["name"])),
    );
  });

  async function loadWorkspace(raw: string) {
    const workspace = await db
      .selectFrom("workspaces")
      .selectAll()
      .where("gid", "=", gidParam(raw, "workspace"))
      .executeTakeFirst();
    if (!workspace) throw notFound("workspace");
    return workspace;
  }

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid", async (request) => {
    const workspace = await loadWorkspace(request.params.workspace_gid);
    await requireWorkspaceRole(db, actorOf(request), workspace.gid);
    return { data: shape(presentWorkspace(workspace), optFieldsOf(request)) };
  });

  app.put<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid", async (request) => {
    const ctx = ctxOf(request);
    const workspace = await loadWorkspace(request.params.workspace_gid);
    await requireWorkspaceAdmin(db, ctx.actor, workspace.gid);
    const input = parseData(UpdateWorkspace, request.body);
    return {
      data: shape(presentWorkspace(await renameWorkspace(ctx, workspace.gid, input.name)), optFieldsOf(request)),
    };
  });

  async function resolveUser(ref: string) {
    const byEmail = ref.includes("@");
    const user = await db
      .selectFrom("users")
      .selectAll()
      .where(byEmail ? "email" : "gid", "=", byEmail ? ref.toLowerCase() : gidParam(ref, "user"))
      .executeTakeFirst();
    if (!user) throw badRequest(`user: no user with ${byEmail ? "email" : "gid"} ${ref}`);
    return user;
  }

  app.post<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/addUser", async (request) => {
    const ctx = ctxOf(request);
    const workspace = await loadWorkspace(request.params.workspace_gid);
    await requireWorkspaceAdmin(db, ctx.actor, workspace.gid);
    const input = parseData(UserRef, request.body);
    const user = await resolveUser(input.user);
    await addUserToWorkspace(ctx, workspace.gid, user.gid, "member");
    return { data: shape(presentUser(user), optFieldsOf(request), ["name"]) };
  });

  app.post<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/removeUser", async (request) => {
    const ctx = ctxOf(request);
    const workspace = await loadWorkspace(request.params.workspace_gid);
    await requireWorkspaceAdmin(db, ctx.actor, workspace.gid);
    const input = parseData(UserRef, request.body);
    const user = await resolveUser(input.user);
    await removeUserFromWorkspace(ctx, workspace.gid, user.gid);
    return { data: {} };
  });
}
