import { AuditLogEvent, AuditLogParams, AuditLogQuery } from "@takt/contracts";
import type { FastifyInstance } from "fastify";
import { presentAuditLogEvent } from "../../domain/audit/audit.presenter.ts";
import { listAuditLog } from "../../domain/audit/audit.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { contract } from "../contract.ts";
import { ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

export async function auditLogRoutes(app: FastifyInstance) {
  app.get<{ Params: { workspace_gid: string } }>(
    "/workspaces/:workspace_gid/audit_log_events",
    contract({
      summary: "Get a workspace's audit log events",
      params: AuditLogParams,
      query: AuditLogQuery,
      response: AuditLogEvent,
      list: true,
    }),
    async (request) => {
      const ctx = ctxOf(request);
      const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
      const query = parse(AuditLogQuery, request.query);
      const page = pageOf(request);
      const rows = await listAuditLog(ctx, workspaceGid, query, page.window);
      const optFields = optFieldsOf(request);
      // Whole events by default, as Asana answers this list.
      return listed(
        request,
        page,
        rows.map((row) => shape(presentAuditLogEvent(row), optFields)),
      );
    },
  );
}
