import type { TypeaheadQuery } from "@takt/contracts";
import type { DialectName } from "../../db/index.ts";
import { badRequest } from "../../errors.ts";
import type { Actor, Ctx } from "../context.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { parseSearch } from "./search.params.ts";
import { type SearchOptions, searchTasks } from "./search.query.ts";
import { typeahead } from "./typeahead.ts";

type SearchCtx = Ctx & { actor: Actor };

// Asana's task search: any member of the workspace searches, and finds only tasks they may see.
export async function searchWorkspaceTasks(
  ctx: SearchCtx,
  dialect: DialectName,
  workspaceGid: number,
  query: Record<string, unknown>,
  options: SearchOptions = {},
) {
  await requireWorkspaceRole(ctx.db, ctx.actor, workspaceGid);
  return searchTasks(ctx.db, dialect, ctx.actor, workspaceGid, parseSearch(query, ctx.actor.gid), options);
}

// Names starting with the typed words, of one kind of resource, among those the member may see.
export async function typeaheadSearch(
  ctx: SearchCtx,
  dialect: DialectName,
  workspaceGid: number,
  query: TypeaheadQuery,
) {
  await requireWorkspaceRole(ctx.db, ctx.actor, workspaceGid);
  const type = query.resource_type ?? query.type;
  if (!type) throw badRequest("resource_type: Missing input");
  const found = await typeahead(ctx.db, dialect, ctx.actor, workspaceGid, type, query.query ?? "", query.count ?? 20, {
    archived: query.archived === "true",
  });
  return { type, found };
}
