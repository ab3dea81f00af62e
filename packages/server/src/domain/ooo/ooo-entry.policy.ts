import type { Db } from "../../db/index.ts";
import type { OooEntriesTable } from "../../db/schema.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { isWorkspaceAdmin, requireFullMember, workspaceRole } from "../workspaces/workspace.policy.ts";

// Out-of-office entries. Full members of the workspace read everyone's (to plan around absences); guests see none
// (404, as for other people's details). A person writes their own entries; a workspace admin writes anyone's.
export async function authorizeOooRead(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  await requireFullMember(db, actor, workspaceGid);
}

export async function authorizeOooWrite(db: Db, actor: Actor, workspaceGid: number, userGid: number): Promise<void> {
  const role = await requireFullMember(db, actor, workspaceGid);
  if (userGid !== actor.gid && !isWorkspaceAdmin(role)) {
    throw forbidden("Only a workspace admin may write someone else's out-of-office entries.");
  }
}

// An entry, for a reader who may see it (404 otherwise) and, to change it, who may write it (403).
export async function authorizeOooEntry(
  db: Db,
  actor: Actor,
  entry: OooEntriesTable | undefined,
  action: "read" | "write",
): Promise<OooEntriesTable> {
  if (!entry) throw notFound("ooo_entry");
  const role = await workspaceRole(db, actor, entry.workspace_gid);
  if (role !== "admin" && role !== "member") throw notFound("ooo_entry");
  if (action === "write") await authorizeOooWrite(db, actor, entry.workspace_gid, entry.user_gid);
  return entry;
}
