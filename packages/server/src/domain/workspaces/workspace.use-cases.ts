import type { UpdateWorkspaceBody, WorkspaceUserBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { UsersTable, WorkspacesTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { addUserToWorkspace, removeUserFromWorkspace } from "../users/user.commands.ts";
import { findUserByRef } from "../users/user.queries.ts";
import { renameWorkspace } from "./workspace.commands.ts";
import { requireWorkspaceAdmin, requireWorkspaceRole } from "./workspace.policy.ts";
import { findWorkspace, workspacesOfMember } from "./workspace.queries.ts";

type ActorCtx = Ctx & { actor: Actor };

export function listWorkspaces(db: Db, actor: Actor, window: { limit: number; offset: number }) {
  return workspacesOfMember(db, actor.gid, window);
}

async function existingWorkspace(db: Db, workspaceGid: number): Promise<WorkspacesTable> {
  const workspace = await findWorkspace(db, workspaceGid);
  if (!workspace) throw notFound("workspace");
  return workspace;
}

// Any member, guest included, sees the workspace itself.
export async function readWorkspace(db: Db, actor: Actor, workspaceGid: number): Promise<WorkspacesTable> {
  const workspace = await existingWorkspace(db, workspaceGid);
  await requireWorkspaceRole(db, actor, workspace.gid);
  return workspace;
}

async function administeredWorkspace(db: Db, actor: Actor, workspaceGid: number): Promise<WorkspacesTable> {
  const workspace = await existingWorkspace(db, workspaceGid);
  await requireWorkspaceAdmin(db, actor, workspace.gid);
  return workspace;
}

// A person with an account, by gid or email; a malformed gid names nobody (404), an unknown one is a bad request.
async function userNamed(db: Db, ref: string): Promise<UsersTable> {
  const byEmail = ref.includes("@");
  if (!byEmail && parseGid(ref) === null) throw notFound("user");
  const user = await findUserByRef(db, ref);
  if (!user) throw badRequest(`user: no user with ${byEmail ? "email" : "gid"} ${ref}`);
  return user;
}

// Workspace admins only; the body is read once the caller is known to be one.
export function renameWorkspaceUseCase(ctx: ActorCtx, workspaceGid: number, body: () => UpdateWorkspaceBody) {
  return unitOfWork(ctx, async (uow) => {
    const workspace = await administeredWorkspace(uow.db, uow.actor, workspaceGid);
    return renameWorkspace(uow, workspace.gid, body().name);
  });
}

export function addWorkspaceUserUseCase(
  ctx: ActorCtx,
  workspaceGid: number,
  body: () => WorkspaceUserBody,
): Promise<UsersTable> {
  return unitOfWork(ctx, async (uow) => {
    const workspace = await administeredWorkspace(uow.db, uow.actor, workspaceGid);
    const user = await userNamed(uow.db, body().user);
    await addUserToWorkspace(uow, workspace.gid, user.gid, "member");
    return user;
  });
}

export function removeWorkspaceUserUseCase(ctx: ActorCtx, workspaceGid: number, body: () => WorkspaceUserBody) {
  return unitOfWork(ctx, async (uow) => {
    const workspace = await administeredWorkspace(uow.db, uow.actor, workspaceGid);
    const user = await userNamed(uow.db, body().user);
    await removeUserFromWorkspace(uow, workspace.gid, user.gid);
  });
}
