import type { EventsTable } from "../db/schema.ts";
import { BLIND, type Referenced, type Sight } from "../domain/visible-references.ts";

// Fields whose values never leave the server in an event (webhooks, the events API, realtime).
const SECRET_FIELDS = new Set(["password", "password_hash", "secret", "token", "token_hash", "access_token"]);
const VALUE_KEYS = ["new_value", "old_value", "added_value", "removed_value"] as const;

type Change = Record<string, unknown>;

function parse(raw: string | null): Change | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw);
    return value && typeof value === "object" ? (value as Change) : undefined;
  } catch {
    return undefined;
  }
}

const refOf = (value: unknown) =>
  value && typeof value === "object" && "gid" in value && "resource_type" in value
    ? (value as { gid: unknown; resource_type: unknown; name?: unknown })
    : null;

// The tasks, projects and custom fields the events' changes name (a parent set, a dependency added, a field's
// value), to ask once per batch which of them the reader sees.
export function eventReferences(
  events: EventsTable[],
): Referenced & { fields: { task_gid: number; custom_field_gid: number }[] } {
  const tasks: number[] = [];
  const projects: number[] = [];
  const fields: { task_gid: number; custom_field_gid: number }[] = [];
  for (const event of events) {
    const change = parse(event.change);
    for (const key of VALUE_KEYS) {
      const ref = refOf(change?.[key]);
      if (ref?.resource_type === "task") tasks.push(Number(ref.gid));
      if (ref?.resource_type === "project") projects.push(Number(ref.gid));
      if (ref?.resource_type === "custom_field" && event.resource_type === "task") {
        fields.push({ task_gid: event.resource_gid, custom_field_gid: Number(ref.gid) });
      }
    }
  }
  return { tasks, projects, fields };
}

// A task, project or section named in a change keeps its name only for a reader who sees it; a custom field's
// value only for a reader who sees the field on the task.
function named(value: unknown, sight: Sight, event: EventsTable): unknown {
  const ref = refOf(value);
  if (ref?.resource_type === "custom_field") {
    return sight.field(event.resource_gid, Number(ref.gid))
      ? value
      : { gid: ref.gid, resource_type: ref.resource_type };
  }
  if (!ref || !("name" in ref)) return value;
  const gid = Number(ref.gid);
  const seen =
    ref.resource_type === "task" ? sight.task(gid) : ref.resource_type === "project" ? sight.project(gid) : true;
  if (seen && ref.resource_type !== "section") return value;
  const { name: _name, ...rest } = ref;
  return rest;
}

function publicChange(event: EventsTable, sight: Sight): Change | undefined {
  const raw = event.change;
  const parsed = parse(raw);
  if (!parsed) return undefined;
  // What a story needs (a comment's words, an approval's note) is for the story, not for the event's readers.
  const { story: _story, ...change } = parsed;
  if (Object.keys(change).length === 0) return undefined;
  if (typeof change.field === "string" && SECRET_FIELDS.has(change.field)) {
    const { new_value: _new, added_value: _added, removed_value: _removed, old_value: _old, ...rest } = change;
    return rest;
  }
  for (const key of VALUE_KEYS) if (key in change) change[key] = named(change[key], sight, event);
  return change;
}

// The shape Asana's events API and webhooks carry, for one reader: `sight` says which tasks and projects the
// reader sees (eventReferences + sightOf); without it, no task or project is named.
export function presentEvent(event: EventsTable, sight: Sight = BLIND) {
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
    change: publicChange(event, sight),
  };
}
