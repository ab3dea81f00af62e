import { WebhookFilter } from "@takt/contracts";
import { describe, expect, it } from "vitest";
import type { EventsTable } from "../../db/schema.ts";
import { passesFilters } from "./webhook.filters.ts";

const event = (overrides: Partial<EventsTable>): EventsTable => ({
  id: 1,
  workspace_gid: 1,
  actor_gid: null,
  resource_type: "task",
  resource_gid: 2,
  resource_subtype: "default_task",
  parent_type: null,
  parent_gid: null,
  action: "changed",
  change: JSON.stringify({ field: "due_on", action: "changed" }),
  created_at: "2025-01-01T00:00:00.000Z",
  ...overrides,
});

describe("webhook filters", () => {
  it("passes everything without filters and anything matching one filter", () => {
    expect(passesFilters([], event({}))).toBe(true);
    const filters = [
      { resource_type: "story" },
      { resource_type: "task", action: "changed" as const, fields: ["due_on"] },
    ];
    expect(passesFilters(filters, event({}))).toBe(true);
    expect(passesFilters(filters, event({ change: JSON.stringify({ field: "name", action: "changed" }) }))).toBe(false);
    expect(passesFilters(filters, event({ action: "added", change: null }))).toBe(false);
    expect(passesFilters(filters, event({ resource_type: "story", action: "added" }))).toBe(true);
    expect(passesFilters([{ resource_type: "task", resource_subtype: "milestone" }], event({}))).toBe(false);
  });

  it("accepts fields only with action changed", () => {
    expect(WebhookFilter.safeParse({ resource_type: "task", action: "added", fields: ["name"] }).success).toBe(false);
    expect(WebhookFilter.safeParse({ resource_type: "task", action: "changed", fields: ["name"] }).success).toBe(true);
    expect(WebhookFilter.safeParse({ resource_type: "task", action: "exploded" }).success).toBe(false);
  });
});
