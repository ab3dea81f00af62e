import type { Db } from "../../db/index.ts";
import type { WorkspaceExportsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { requireWorkspaceAdmin, workspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { notFound } from "../../errors.ts";

// A whole workspace leaves in an export: only its admins ask for one.
export async function authorizeWorkspaceExport(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  await requireWorkspaceAdmin(db, actor, workspaceGid);
}

// An export (and its file) is for the workspace's admins; to anyone else it does not exist.
export async function authorizeWorkspaceExportRead(
  db: Db,
  actor: Actor,
  row: WorkspaceExportsTable | undefined,
): Promise<WorkspaceExportsTable> {
  if (!row || (await workspaceRole(db, actor, row.workspace_gid)) !== "admin") throw notFound("workspace_export");
  return row;
}
