import type { AuditLogEventsTable } from "../../db/schema.ts";

// Asana's AuditLogEvent: absent parts are left out rather than sent as nulls.
export function presentAuditLogEvent(row: AuditLogEventsTable) {
  const actor =
    row.actor_type === "user"
      ? { actor_type: row.actor_type, gid: String(row.actor_gid), name: row.actor_name, email: row.actor_email }
      : { actor_type: row.actor_type };
  const resource: Record<string, string | null> = { resource_type: row.resource_type };
  if (row.resource_subtype) resource.resource_subtype = row.resource_subtype;
  if (row.resource_gid !== null) resource.gid = String(row.resource_gid);
  if (row.resource_name !== null) resource.name = row.resource_name;
  if (row.resource_email !== null) resource.email = row.resource_email;
  const context: Record<string, string> = { context_type: row.context_type };
  if (row.api_authentication_method) context.api_authentication_method = row.api_authentication_method;
  if (row.client_ip_address) context.client_ip_address = row.client_ip_address;
  if (row.user_agent) context.user_agent = row.user_agent;
  return {
    gid: String(row.gid),
    resource_type: "audit_log_event",
    created_at: row.created_at,
    event_type: row.event_type,
    event_category: row.event_category,
    actor,
    resource,
    details: JSON.parse(row.details) as Record<string, unknown>,
    context,
  };
}
