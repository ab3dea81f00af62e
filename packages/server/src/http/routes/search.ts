import type { FastifyInstance } from "fastify";
import { shape } from "../../domain/opt-fields.ts";
import { parseSearch } from "../../domain/search/search.params.ts";
import { searchTasks } from "../../domain/search/search.query.ts";
import { TYPEAHEAD_TYPES, type TypeaheadType, typeahead } from "../../domain/search/typeahead.ts";
import { presentTasks } from "../../domain/tasks/task.presenter.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest } from "../../errors.ts";
import { actorOf, optFieldsOf } from "../request.ts";
import { gidParam } from "../validation.ts";

type WorkspaceParams = { Params: { workspace_gid: string } };

export async function searchRoutes(app: FastifyInstance) {
  const { db, dialect } = app.takt;

  app.get<WorkspaceParams>("/workspaces/:workspace_gid/tasks/search", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceRole(db, actor, workspaceGid);
    const params = parseSearch((request.query as Record<string, unknown>) ?? {}, actor.gid);
    const rows = await searchTasks(db, dialect, actor, workspaceGid, params);
    return { data: await presentTasks(db, rows, optFieldsOf(request), "compact", actor.gid) };
  });

  app.get<WorkspaceParams>("/workspaces/:workspace_gid/typeahead", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceRole(db, actor, workspaceGid);
    const query = (request.query as Record<string, unknown>) ?? {};
    const type = String(query.resource_type ?? query.type ?? "");
    if (!type) throw badRequest("resource_type: Missing input");
    if (!(TYPEAHEAD_TYPES as readonly string[]).includes(type)) {
      throw badRequest(`resource_type: must be one of ${TYPEAHEAD_TYPES.join(", ")}`);
    }
    const count = query.count === undefined ? 20 : Number(query.count);
    if (!Number.isInteger(count) || count < 1 || count > 100)
      throw badRequest("count: must be an integer between 1 and 100");
    const text = query.query === undefined ? "" : String(query.query);
    if (text.length > 200) throw badRequest("query: must be at most 200 characters");
    const found = await typeahead(db, dialect, actor, workspaceGid, type as TypeaheadType, text, count);
    const optFields = optFieldsOf(request);
    return {
      data: found.map((item) =>
        shape({ gid: String(item.gid), resource_type: type, name: item.name, ...item.extra }, optFields),
      ),
    };
  });
}
