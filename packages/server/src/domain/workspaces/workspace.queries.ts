import type { Db } from "../../db/index.ts";
import type { WorkspacesTable } from "../../db/schema.ts";
import { memberOfWorkspace } from "./workspace.policy.ts";

export function findWorkspace(db: Db, workspaceGid: number): Promise<WorkspacesTable | undefined> {
  return db.selectFrom("workspaces").selectAll().where("gid", "=", workspaceGid).executeTakeFirst();
}

// A page of the workspaces the actor belongs to, oldest first.
export function workspacesOfMember(
  db: Db,
  actorGid: number,
  window: { limit: number; offset: number },
): Promise<WorkspacesTable[]> {
  return db
    .selectFrom("workspaces")
    .selectAll()
    .where(memberOfWorkspace(actorGid))
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// The workspace set up at install time: its admins are the server's admins (the job queue, email settings).
export async function firstWorkspaceGid(db: Db): Promise<number | null> {
  const first = await db.selectFrom("workspaces").select("gid").orderBy("gid").limit(1).executeTakeFirst();
  return first?.gid ?? null;
}
