import type { Db } from "../db/index.ts";
import type { Actor } from "../domain/context.ts";
import { firstWorkspaceGid } from "../domain/workspaces/workspace.queries.ts";
import { forbidden } from "../errors.ts";

// The job queue serves the whole server, not one workspace. Server admins are the admins of the first
// workspace created (the one set up at install time); everybody else gets a 403.
export async function requireServerAdmin(db: Db, actor: Actor): Promise<void> {
  const first = await firstWorkspaceGid(db);
  const membership = first
    ? await db
        .selectFrom("workspace_memberships")
        .select("role")
        .where("workspace_gid", "=", first)
        .where("user_gid", "=", actor.gid)
        .executeTakeFirst()
    : undefined;
  if (membership?.role !== "admin") {
    throw forbidden("Only server admins (admins of the first workspace) can manage the server's jobs and email.");
  }
}
