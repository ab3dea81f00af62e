import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { authorizeAuditLog } from "../../domain/audit/audit.policy.ts";
import { presentAuditLogEvent } from "../../domain/audit/audit.presenter.ts";
import { listAuditLogEvents } from "../../domain/audit/audit.queries.ts";
import { shape } from "../../domain/opt-fields.ts";
import { parseGid } from "../../ids.ts";
import { actorOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse } from "../validation.ts";

const Time = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2024-05-01T00:00:00Z" });
const Gid = z.string().refine((value) => parseGid(value) !== null, "must be a gid");

const AuditQuery = z
  .object({
    start_at: Time.optional(),
    end_at: Time.optional(),
    event_type: z.string().trim().min(1).max(100).optional(),
    actor_type: z.enum(["user", "asana", "anonymous"]).optional(),
    actor_gid: Gid.optional(),
    resource_gid: Gid.optional(),
    // Takt extension: the web page lists the newest events first; Asana's order (oldest first) is the default.
    sort: z.enum(["asc", "desc"]).optional(),
  })
  .loose();

export async function auditLogRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/audit_log_events", async (request) => {
    const actor = actorOf(request);
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    const query = parse(AuditQuery, request.query);
    await authorizeAuditLog(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await listAuditLogEvents(
      db,
      {
        workspaceGid,
        startAt: query.start_at && new Date(query.start_at).toISOString(),
        endAt: query.end_at && new Date(query.end_at).toISOString(),
        eventType: query.event_type,
        actorType: query.actor_type,
        actorGid: query.actor_gid ? Number(query.actor_gid) : undefined,
        resourceGid: query.resource_gid ? Number(query.resource_gid) : undefined,
        newestFirst: query.sort === "desc",
      },
      page.window,
    );
    const optFields = optFieldsOf(request);
    // Whole events by default, as Asana answers this list.
    return listed(
      request,
      page,
      rows.map((row) => shape(presentAuditLogEvent(row), optFields)),
    );
  });
}
