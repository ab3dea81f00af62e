import { z } from "zod";
import type { EventsTable } from "../../db/schema.ts";

const ACTIONS = ["added", "changed", "removed", "deleted", "undeleted"] as const;

export const WebhookFilter = z
  .strictObject({
    resource_type: z.string().trim().min(1).max(100),
    resource_subtype: z.string().trim().min(1).max(100).optional(),
    action: z.enum(ACTIONS).optional(),
    fields: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  })
  .refine((filter) => !filter.fields || filter.action === "changed", {
    message: 'fields can only be given with action "changed"',
    path: ["fields"],
  });

export type WebhookFilter = z.infer<typeof WebhookFilter>;

export const WebhookFilters = z.array(WebhookFilter).max(100);

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
