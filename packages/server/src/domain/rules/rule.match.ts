import type { EventsTable } from "../../db/schema.ts";
import type { RuleTrigger } from "./rule.schemas.ts";

interface Change {
  field?: string;
  new_value?: unknown;
}

const compactValue = (value: unknown): unknown =>
  value && typeof value === "object" && "gid" in value ? String((value as { gid: unknown }).gid) : value;

// Whether an event can fire a rule's trigger in a project (sectionProject: the project a section event's section is in).
export function triggerMatches(
  trigger: RuleTrigger,
  event: Pick<EventsTable, "resource_type" | "action" | "parent_type" | "parent_gid" | "change">,
  projectGid: number,
  sectionProject: number | null,
): boolean {
  const change: Change = event.change ? JSON.parse(event.change) : {};
  if (trigger.type === "comment_added") {
    return event.resource_type === "story" && event.action === "added" && event.parent_type === "task";
  }
  if (event.resource_type !== "task") return false;
  switch (trigger.type) {
    case "task_added":
      return event.action === "added" && event.parent_type === "project" && event.parent_gid === projectGid;
    case "task_moved_to_section":
      return (
        event.action === "added" &&
        event.parent_type === "section" &&
        sectionProject === projectGid &&
        (trigger.section === undefined || String(event.parent_gid) === trigger.section)
      );
    case "task_completed":
      return event.action === "changed" && change.field === "completed" && change.new_value === true;
    case "task_uncompleted":
      return event.action === "changed" && change.field === "completed" && change.new_value === false;
    case "task_assigned":
      return (
        event.action === "changed" &&
        change.field === "assignee" &&
        change.new_value !== null &&
        (trigger.value === undefined || compactValue(change.new_value) === String(trigger.value))
      );
    case "field_changed":
      return (
        event.action === "changed" &&
        change.field === trigger.field &&
        (trigger.value === undefined || compactValue(change.new_value) === trigger.value)
      );
    default:
      return false;
  }
}
