import type { Db } from "../../db/index.ts";
import { badRequest, forbidden } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { requireFullMember, requireWorkspaceAdmin } from "../workspaces/workspace.policy.ts";

// The people page: full members read it (the directory); only workspace admins change roles or deactivate.
export async function authorizePeopleRead(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  await requireFullMember(db, actor, workspaceGid);
}

export async function authorizePeopleManage(db: Db, actor: Actor, workspaceGid: number, userGid: number) {
  await requireWorkspaceAdmin(db, actor, workspaceGid);
  if (userGid === actor.gid) throw forbidden("You cannot change your own role or deactivate yourself.");
}

// A workspace keeps at least one admin: the last one cannot be demoted or deactivated.
export function requireAnotherAdmin(admins: number): void {
  if (admins <= 1) throw badRequest("user: the workspace needs at least one admin");
}
