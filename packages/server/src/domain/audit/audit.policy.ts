import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { requireWorkspaceAdmin } from "../workspaces/workspace.policy.ts";

// The audit log is for workspace admins: 404 to outsiders, 403 to members and guests.
export async function authorizeAuditLog(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  await requireWorkspaceAdmin(db, actor, workspaceGid);
}
