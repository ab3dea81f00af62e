// Plain lists the web app uses as values. This module imports nothing: the web app may import it without pulling
// the schema library into its bundle (whose capability probe evaluates code, which the CSP refuses).

export const RULE_TRIGGER_TYPES = [
  "task_added",
  "task_moved_to_section",
  "task_completed",
  "task_uncompleted",
  "task_assigned",
  "comment_added",
  "due_date_approaching",
  "overdue",
  "field_changed",
  "approval_decided",
  "form_submitted",
  "incoming_web_request",
] as const;

// The task fields a field_changed trigger watches.
export const RULE_TRIGGER_FIELDS = ["name", "notes", "assignee", "due_on", "due_at", "start_on", "completed"] as const;

export const RULE_APPROVAL_DECISIONS = ["approved", "rejected", "changes_requested"] as const;

// What a CSV column can become on import: a task field, a custom field of a type, or nothing.
export const CSV_COLUMN_TARGETS = [
  "name",
  "section",
  "assignee",
  "due_on",
  "start_on",
  "notes",
  "tags",
  "completed",
  "parent",
  "custom_text",
  "custom_number",
  "custom_enum",
  "custom_multi_enum",
  "custom_date",
  "skip",
] as const;

// A list's page token at a position (`next_page.offset`): base64url of {"v":1,"o":position}. The server writes and
// reads it (http/pagination.ts); the web app starts a board column's next page where its loaded rows end.
export function pageOffset(position: number): string {
  return btoa(JSON.stringify({ v: 1, o: position }))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
