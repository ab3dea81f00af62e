import type { EventsTable } from "../../db/schema.ts";
import type { RuleCondition, RuleTrigger } from "./rule.schemas.ts";

interface Change {
  field?: string;
  new_value?: unknown;
  added_value?: unknown;
  custom_field?: { gid?: unknown };
}

const compactValue = (value: unknown): unknown =>
  value && typeof value === "object" && "gid" in value ? String((value as { gid: unknown }).gid) : value;

// A custom field value as events carry it ({gid, text_value, number_value, enum_value, display_value…}) matches a
// trigger value when any of its plain forms equals it (an enum option may be named by gid or by name).
function customValueMatches(value: unknown, wanted: RuleTrigger["value"]): boolean {
  if (wanted === undefined) return true;
  if (!value || typeof value !== "object") return wanted === null;
  const field = value as Record<string, unknown>;
  const enumValue = field.enum_value as { gid?: string; name?: string } | null | undefined;
  const forms = [
    field.text_value,
    field.number_value,
    field.date_value,
    field.display_value,
    enumValue?.gid,
    enumValue?.name,
  ];
  if (wanted === null) return forms.every((form) => form === null || form === undefined);
  return forms.some((form) => form !== null && form !== undefined && String(form) === String(wanted));
}

// The task a form submission created (form event, change "submissions" added).
export function submittedTask(event: Pick<EventsTable, "resource_type" | "change">): number | null {
  if (event.resource_type !== "form" || !event.change) return null;
  const change: Change = JSON.parse(event.change);
  if (change.field !== "submissions" || !change.added_value || typeof change.added_value !== "object") return null;
  return Number((change.added_value as { gid: unknown }).gid) || null;
}

// Whether an event can fire a rule's trigger in a project (sectionProject: the project a section event's section is in).
export function triggerMatches(
  trigger: RuleTrigger,
  event: Pick<EventsTable, "resource_type" | "action" | "parent_type" | "parent_gid" | "change"> &
    Partial<Pick<EventsTable, "resource_subtype">>,
  projectGid: number,
  sectionProject: number | null,
): boolean {
  const change: Change = event.change ? JSON.parse(event.change) : {};
  if (trigger.type === "comment_added") {
    // A comment, not a note (a rule's own run, a secret revealed), nor a comment an import brings as history.
    const story = (change as { story?: { type?: string; imported?: boolean } }).story;
    return (
      event.resource_type === "story" &&
      event.action === "added" &&
      event.parent_type === "task" &&
      (event.resource_subtype ?? "comment_added") === "comment_added" &&
      story?.imported !== true
    );
  }
  if (trigger.type === "form_submitted") {
    return event.parent_type === "project" && event.parent_gid === projectGid && submittedTask(event) !== null;
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
    case "approval_decided":
      return (
        event.action === "changed" &&
        change.field === "approval_status" &&
        change.new_value !== "pending" &&
        (trigger.value === undefined || change.new_value === trigger.value)
      );
    case "field_changed":
      if (trigger.custom_field !== undefined) {
        return (
          event.action === "changed" &&
          change.field === "custom_fields" &&
          String((change.new_value as { gid?: unknown } | null)?.gid ?? change.custom_field?.gid ?? "") ===
            trigger.custom_field &&
          customValueMatches(change.new_value, trigger.value)
        );
      }
      return (
        event.action === "changed" &&
        change.field === trigger.field &&
        (trigger.value === undefined || compactValue(change.new_value) === trigger.value)
      );
    default:
      return false;
  }
}

// A task's current value of a custom field, with its enum options resolved (gid and name).
export interface CurrentCustomValue {
  text_value: string | null;
  number_value: number | null;
  date_value: string | null;
  date_time_value: string | null;
  // The chosen options of an enum / multi_enum field, or the people of a people field (gid only).
  options: { gid: string; name?: string }[];
}

// Whether a custom field condition holds for the task's current value (null: the task has no value).
export function customConditionHolds(
  condition: Extract<RuleCondition, { type: "custom_field_equals" | "custom_field_set" }>,
  current: CurrentCustomValue | null,
): boolean {
  const forms: string[] = current
    ? [
        ...[current.text_value, current.number_value, current.date_value, current.date_time_value]
          .filter((form) => form !== null && form !== undefined && form !== "")
          .map(String),
        ...current.options.flatMap((option) => [option.gid, ...(option.name !== undefined ? [option.name] : [])]),
      ]
    : [];
  const isSet = forms.length > 0;
  if (condition.type === "custom_field_set") return isSet === condition.value;
  if (condition.value === null) return !isSet;
  if (typeof condition.value === "number") return current?.number_value === condition.value;
  return forms.includes(condition.value);
}
