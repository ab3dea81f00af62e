import type { AuditLogQuery } from "@takt/contracts";
import type { Actor, Ctx } from "../context.ts";
import { authorizeAuditLog } from "./audit.policy.ts";
import { listAuditLogEvents } from "./audit.queries.ts";

// A workspace's audit log, for its admins: oldest first (Asana's order), or newest first on request.
export async function listAuditLog(
  ctx: Ctx & { actor: Actor },
  workspaceGid: number,
  query: AuditLogQuery,
  window: { limit: number; offset: number },
) {
  await authorizeAuditLog(ctx.db, ctx.actor, workspaceGid);
  return listAuditLogEvents(
    ctx.db,
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
    window,
  );
}
