import type { Flag, TasksTable } from "../../db/schema.ts";
import { badRequest, invalid } from "../../errors.ts";
import { plainToRichText, richTextToPlain, sanitizeRichText } from "../rich-text.ts";

export type TaskFieldState = Pick<
  TasksTable,
  "name" | "notes" | "html_notes" | "resource_subtype" | "assignee_gid" | "due_on" | "due_at" | "start_on" | "completed"
>;

export interface TaskFieldInput {
  name?: string;
  notes?: string;
  html_notes?: string;
  resource_subtype?: string;
  assignee_gid?: number | null;
  due_on?: string | null;
  due_at?: string | null;
  start_on?: string | null;
  completed?: boolean;
}

// The fields a change event names; due_on is named only when the caller set it, not when due_at moved it.
export type ChangedField =
  | "name"
  | "notes"
  | "resource_subtype"
  | "assignee"
  | "due_on"
  | "due_at"
  | "start_on"
  | "completed";

// The plain fields of a create or update body, with the assignee already resolved to a gid.
export function taskFieldsOf(
  input: Pick<
    TaskFieldInput,
    "name" | "notes" | "html_notes" | "resource_subtype" | "due_on" | "due_at" | "start_on" | "completed"
  >,
  assigneeGid: number | null | undefined,
): TaskFieldInput {
  return {
    name: input.name,
    notes: input.notes,
    html_notes: input.html_notes,
    resource_subtype: input.resource_subtype,
    assignee_gid: assigneeGid,
    due_on: input.due_on,
    due_at: input.due_at,
    start_on: input.start_on,
    completed: input.completed,
  };
}

export const EMPTY_TASK_FIELDS: TaskFieldState = {
  name: "",
  notes: "",
  html_notes: "<body></body>",
  resource_subtype: "default_task",
  assignee_gid: null,
  due_on: null,
  due_at: null,
  start_on: null,
  completed: 0,
};

export function checkExclusiveFields(input: TaskFieldInput): void {
  if (input.due_on != null && input.due_at != null) {
    throw badRequest("due_at: cannot be set together with due_on; send one of them");
  }
  if (input.notes !== undefined && input.html_notes !== undefined) {
    throw badRequest("html_notes: cannot be set together with notes; send one of them");
  }
}

// Applies a write to the current values: notes and html_notes follow each other, due_at sets due_on to its
// date, due_on clears due_at, and a start date may not fall after the due date.
export function applyTaskFields(
  current: TaskFieldState,
  input: TaskFieldInput,
): { next: TaskFieldState; changed: ChangedField[] } {
  checkExclusiveFields(input);
  const next: TaskFieldState = { ...current };
  if (input.name !== undefined) next.name = input.name;
  if (input.notes !== undefined) {
    next.notes = input.notes;
    next.html_notes = plainToRichText(input.notes);
  }
  if (input.html_notes !== undefined) {
    next.html_notes = sanitizeRichText(input.html_notes);
    next.notes = richTextToPlain(next.html_notes);
  }
  if (input.resource_subtype !== undefined) next.resource_subtype = input.resource_subtype;
  if (input.assignee_gid !== undefined) next.assignee_gid = input.assignee_gid;
  if (input.due_at !== undefined) {
    next.due_at = input.due_at === null ? null : new Date(input.due_at).toISOString();
    next.due_on = next.due_at === null ? null : next.due_at.slice(0, 10);
  }
  if (input.due_on !== undefined && (input.due_on !== null || input.due_at === undefined)) {
    next.due_on = input.due_on;
    next.due_at = null;
  }
  if (input.start_on !== undefined) next.start_on = input.start_on;
  if (input.completed !== undefined) next.completed = (input.completed ? 1 : 0) as Flag;

  if (next.start_on && next.due_on && next.start_on > next.due_on) {
    const field = input.start_on !== undefined ? "start_on" : input.due_at !== undefined ? "due_at" : "due_on";
    throw invalid(
      field,
      "start_after_due",
      `the start date (start_on ${next.start_on}) must not be after the due date (${next.due_on})`,
      { start: next.start_on, due: next.due_on },
    );
  }

  const changed: ChangedField[] = [];
  if (next.name !== current.name) changed.push("name");
  if (next.notes !== current.notes || next.html_notes !== current.html_notes) changed.push("notes");
  if (next.resource_subtype !== current.resource_subtype) changed.push("resource_subtype");
  if (next.assignee_gid !== current.assignee_gid) changed.push("assignee");
  const dueChanged = next.due_on !== current.due_on || next.due_at !== current.due_at;
  if (dueChanged && input.due_at !== undefined && input.due_at !== null) changed.push("due_at");
  else if (dueChanged)
    changed.push(current.due_at !== null && next.due_at === null && input.due_on === undefined ? "due_at" : "due_on");
  if (next.start_on !== current.start_on) changed.push("start_on");
  if (next.completed !== current.completed) changed.push("completed");
  return { next, changed };
}
