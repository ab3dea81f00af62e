import type { Db } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import { authorizeProjectCreate } from "../../domain/projects/project.policy.ts";
import { workspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { notFound } from "../../errors.ts";

// An import makes a project: whoever may create projects in the workspace may import into it.
export async function authorizeImport(db: Db, actor: Actor, workspaceGid: number): Promise<void> {
  await authorizeProjectCreate(db, actor, workspaceGid);
}

// An import is seen by whoever started it and by the workspace's admins; to anyone else it does not exist.
export async function authorizeImportRead(db: Db, actor: Actor, row: ImportsTable | undefined): Promise<ImportsTable> {
  if (!row) throw notFound("import");
  if (row.created_by_gid !== actor.gid && (await workspaceRole(db, actor, row.workspace_gid)) !== "admin") {
    throw notFound("import");
  }
  return row;
}
