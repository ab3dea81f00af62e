import { describe, expect, it } from "vitest";
import { type CurrentCustomValue, customConditionHolds, triggerMatches } from "./rule.match.ts";

const event = (fields: Record<string, unknown>) => ({
  resource_type: "task",
  action: "changed" as const,
  parent_type: null,
  parent_gid: null,
  change: null,
  ...fields,
});

describe("rule triggers", () => {
  it("completed", () => {
    const completed = event({ change: JSON.stringify({ field: "completed", new_value: true }) });
    expect(triggerMatches({ type: "task_completed" }, completed, 1, null)).toBe(true);
    expect(triggerMatches({ type: "task_uncompleted" }, completed, 1, null)).toBe(false);
  });
  it("moved to a given section of the rule's project only", () => {
    const moved = event({ action: "added", parent_type: "section", parent_gid: 7 });
    expect(triggerMatches({ type: "task_moved_to_section", section: "7" }, moved, 1, 1)).toBe(true);
    expect(triggerMatches({ type: "task_moved_to_section", section: "8" }, moved, 1, 1)).toBe(false);
    expect(triggerMatches({ type: "task_moved_to_section" }, moved, 1, 2)).toBe(false);
  });
  it("added to the project", () => {
    const added = event({ action: "added", parent_type: "project", parent_gid: 1 });
    expect(triggerMatches({ type: "task_added" }, added, 1, null)).toBe(true);
    expect(triggerMatches({ type: "task_added" }, added, 2, null)).toBe(false);
  });
  it("assigned to a given person, and a field changed to a value", () => {
    const assigned = event({
      change: JSON.stringify({ field: "assignee", new_value: { gid: "5", resource_type: "user" } }),
    });
    expect(triggerMatches({ type: "task_assigned" }, assigned, 1, null)).toBe(true);
    expect(triggerMatches({ type: "task_assigned", value: "6" }, assigned, 1, null)).toBe(false);
    const renamed = event({ change: JSON.stringify({ field: "name", new_value: "Ready" }) });
    expect(triggerMatches({ type: "field_changed", field: "name", value: "Ready" }, renamed, 1, null)).toBe(true);
    expect(triggerMatches({ type: "field_changed", field: "due_on" }, renamed, 1, null)).toBe(false);
  });
  it("a comment", () => {
    const comment = {
      ...event({}),
      resource_type: "story",
      action: "added" as const,
      parent_type: "task",
      parent_gid: 3,
    };
    expect(triggerMatches({ type: "comment_added" }, comment, 1, null)).toBe(true);
    // A rule's own note is a story too, but not a comment: a rule on comments must not fire on its own runs.
    const note = { ...comment, resource_subtype: "rule_ran" };
    expect(triggerMatches({ type: "comment_added" }, note, 1, null)).toBe(false);
    const imported = { ...comment, change: JSON.stringify({ story: { type: "comment", imported: true } }) };
    expect(triggerMatches({ type: "comment_added" }, imported, 1, null)).toBe(false);
  });
  it("an approval decision, optionally a given one", () => {
    const approved = event({ change: JSON.stringify({ field: "approval_status", new_value: "approved" }) });
    expect(triggerMatches({ type: "approval_decided" }, approved, 1, null)).toBe(true);
    expect(triggerMatches({ type: "approval_decided", value: "approved" }, approved, 1, null)).toBe(true);
    expect(triggerMatches({ type: "approval_decided", value: "rejected" }, approved, 1, null)).toBe(false);
  });
  it("a form submission in the rule's project", () => {
    const submitted = {
      ...event({}),
      resource_type: "form",
      parent_type: "project",
      parent_gid: 1,
      change: JSON.stringify({
        field: "submissions",
        action: "added",
        added_value: { gid: "9", resource_type: "task" },
      }),
    };
    expect(triggerMatches({ type: "form_submitted" }, submitted, 1, null)).toBe(true);
    expect(triggerMatches({ type: "form_submitted" }, submitted, 2, null)).toBe(false);
    expect(triggerMatches({ type: "form_submitted" }, { ...submitted, change: null }, 1, null)).toBe(false);
  });
  it("a custom field changed, to an enum option by name or gid", () => {
    const changed = event({
      change: JSON.stringify({
        field: "custom_fields",
        new_value: { gid: "4", enum_value: { gid: "40", name: "Final" }, display_value: "Final" },
      }),
    });
    expect(triggerMatches({ type: "field_changed", custom_field: "4" }, changed, 1, null)).toBe(true);
    expect(triggerMatches({ type: "field_changed", custom_field: "4", value: "Final" }, changed, 1, null)).toBe(true);
    expect(triggerMatches({ type: "field_changed", custom_field: "4", value: "40" }, changed, 1, null)).toBe(true);
    expect(triggerMatches({ type: "field_changed", custom_field: "4", value: "Draft" }, changed, 1, null)).toBe(false);
    expect(triggerMatches({ type: "field_changed", custom_field: "5" }, changed, 1, null)).toBe(false);
  });
});

describe("custom field conditions", () => {
  const value = (fields: Partial<CurrentCustomValue>): CurrentCustomValue => ({
    text_value: null,
    number_value: null,
    date_value: null,
    date_time_value: null,
    options: [],
    ...fields,
  });
  it("an enum option by gid or name, a number, and unset", () => {
    const high = value({ options: [{ gid: "11", name: "High" }] });
    const equals = (wanted: string | number | null, current: CurrentCustomValue | null) =>
      customConditionHolds({ type: "custom_field_equals", custom_field: "1", value: wanted }, current);
    expect(equals("High", high)).toBe(true);
    expect(equals("11", high)).toBe(true);
    expect(equals("Low", high)).toBe(false);
    expect(equals(5, value({ number_value: 5 }))).toBe(true);
    expect(equals(5, value({ number_value: 6 }))).toBe(false);
    expect(equals(null, null)).toBe(true);
    expect(equals(null, high)).toBe(false);
    expect(customConditionHolds({ type: "custom_field_set", custom_field: "1", value: true }, high)).toBe(true);
    expect(customConditionHolds({ type: "custom_field_set", custom_field: "1", value: true }, value({}))).toBe(false);
  });
});
