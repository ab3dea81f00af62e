import type { Db } from "../../db/index.ts";
import type { AuditLogEventsTable } from "../../db/schema.ts";

export interface AuditFilter {
  workspaceGid: number;
  startAt?: string;
  endAt?: string;
  eventType?: string;
  actorType?: AuditLogEventsTable["actor_type"];
  actorGid?: number;
  resourceGid?: number;
  newestFirst?: boolean;
}

// One workspace's audit rows, oldest first as Asana answers (newest first on request), by the time-ordered gid.
export async function listAuditLogEvents(db: Db, filter: AuditFilter, window: { limit: number; offset: number }) {
  let query = db.selectFrom("audit_log_events").selectAll().where("workspace_gid", "=", filter.workspaceGid);
  if (filter.startAt) query = query.where("created_at", ">=", filter.startAt);
  if (filter.endAt) query = query.where("created_at", "<", filter.endAt);
  if (filter.eventType) query = query.where("event_type", "=", filter.eventType);
  if (filter.actorType) query = query.where("actor_type", "=", filter.actorType);
  if (filter.actorGid !== undefined) query = query.where("actor_gid", "=", filter.actorGid);
  if (filter.resourceGid !== undefined) query = query.where("resource_gid", "=", filter.resourceGid);
  return query
    .orderBy("gid", filter.newestFirst ? "desc" : "asc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
