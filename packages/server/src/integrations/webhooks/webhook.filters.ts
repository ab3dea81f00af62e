import type { WebhookFilter } from "@takt/contracts";
import type { EventsTable } from "../../db/schema.ts";

function changedField(event: EventsTable): string | null {
  if (!event.change) return null;
  const change = JSON.parse(event.change) as { field?: unknown };
  return typeof change.field === "string" ? change.field : null;
}

// Asana's rule: with no filters every event passes; otherwise an event passes if any one filter matches it.
export function passesFilters(filters: WebhookFilter[], event: EventsTable): boolean {
  if (filters.length === 0) return true;
  return filters.some(
    (filter) =>
      filter.resource_type === event.resource_type &&
      (!filter.resource_subtype || filter.resource_subtype === event.resource_subtype) &&
      (!filter.action || filter.action === event.action) &&
      (!filter.fields || (event.action === "changed" && filter.fields.includes(changedField(event) ?? ""))),
  );
}
