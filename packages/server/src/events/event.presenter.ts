import type { EventsTable } from "../db/schema.ts";

// Fields whose values never leave the server in an event (webhooks, the events API, realtime).
const SECRET_FIELDS = new Set(["password", "password_hash", "secret", "token", "token_hash", "access_token"]);

function publicChange(raw: string | null): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  const change = JSON.parse(raw) as Record<string, unknown>;
  if (typeof change.field === "string" && SECRET_FIELDS.has(change.field)) {
    const { new_value: _new, added_value: _added, removed_value: _removed, old_value: _old, ...rest } = change;
    return rest;
  }
  return change;
}

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
    type: event.resource_type,
    parent: event.parent_gid ? { gid: String(event.parent_gid), resource_type: event.parent_type } : null,
    change: publicChange(event.change),
  };
}
