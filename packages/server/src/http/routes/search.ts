import { SearchWorkspaceParams, TaskCompact, TypeaheadQuery, TypeaheadResult } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { shape } from "../../domain/opt-fields.ts";
import { searchWorkspaceTasks, typeaheadSearch } from "../../domain/search/search.use-cases.ts";
import { presentTasks, taskColumnsFor } from "../../domain/tasks/task.presenter.ts";
import { contract } from "../contract.ts";
import { ctxOf, optFieldsOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

type WorkspaceRoute = { Params: { workspace_gid: string } };

export async function searchRoutes(app: FastifyInstance) {
  const { db, dialect } = app.takt;

  // Asana's search filters are many (text, assignee.any, due_on.before, sort_by, …): the search parser reads them.
  app.get<WorkspaceRoute>(
    "/workspaces/:workspace_gid/tasks/search",
    contract({ summary: "Search tasks in a workspace", params: SearchWorkspaceParams, response: z.array(TaskCompact) }),
    async (request) => {
      const ctx = ctxOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const query = (request.query as Record<string, unknown>) ?? {};
      const optFields = optFieldsOf(request);
      const rows = await searchWorkspaceTasks(ctx, dialect, workspaceGid, query, {
        columns: taskColumnsFor(optFields, "compact"),
      });
      return { data: await presentTasks(db, rows, optFields, "compact", ctx.actor.gid) };
    },
  );

  app.get<WorkspaceRoute>(
    "/workspaces/:workspace_gid/typeahead",
    contract({
      summary: "Find resources by the start of their name",
      params: SearchWorkspaceParams,
      query: TypeaheadQuery,
      response: z.array(TypeaheadResult),
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const query = parse(TypeaheadQuery, request.query ?? {});
      const { type, found } = await typeaheadSearch(ctx, dialect, workspaceGid, query);
      const optFields = optFieldsOf(request);
      return {
        data: found.map((item) =>
          shape({ gid: String(item.gid), resource_type: type, name: item.name, ...item.extra }, optFields),
        ),
      };
    },
  );
}
