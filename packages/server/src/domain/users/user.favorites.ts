import type { Db } from "../../db/index.ts";
import { forbidden, notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { findVisibleUser } from "./user.queries.ts";

type Window = { limit: number; offset: number };

// Asana's favorites are what a person starred in its sidebar. Takt has no starring: the list is each person's own
// to read, and empty (README, "Differences from Asana").
export async function listFavorites(
  db: Db,
  actor: Actor,
  userRef: string,
  query: { workspace: string; resource_type: string },
  _window: Window,
): Promise<Record<string, unknown>[]> {
  const user = await findVisibleUser(db, actor.gid, userRef);
  if (!user) throw notFound("user");
  if (user.gid !== actor.gid) throw forbidden("Only the person themselves can read their favorites.");
  const workspaceGid = /^\d{1,19}$/.test(query.workspace) ? Number(query.workspace) : 0;
  await requireWorkspaceRole(db, actor, workspaceGid);
  return [];
}
