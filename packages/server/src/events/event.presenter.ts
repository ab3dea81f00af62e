import type { EventsTable } from "../db/schema.ts";

// The shape Asana's events API and webhooks carry.
export function presentEvent(event: EventsTable) {
  return {
    user: event.actor_gid ? { gid: String(event.actor_gid), resource_type: "user" } : null,
    created_at: event.created_at,
    action: event.action,
    resource: {
      gid: String(event.resource_gid),
      resource_type: event.resource_type,
      ...(event.resource_subtype ? { resource_subtype: event.resource_subtype } : {}),
    },
    parent: event.parent_gid ? { gid: String(event.parent_gid), resource_type: event.parent_type } : null,
    change: event.change ? JSON.parse(event.change) : undefined,
  };
}
