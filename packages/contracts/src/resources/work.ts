import { z } from "zod";
import { Gid } from "../common.ts";
import { DateTime, Day, ProjectCompact, SectionCompact, TaskCompact, TaskRef, UserCompact } from "./shared.ts";

// A form field as stored and answered: every setting filled in (the request may leave them out).
export const StoredFormField = z
  .object({
    key: z.string(),
    label: z.string(),
    type: z.enum(["text", "textarea", "email", "number", "date", "select"]),
    required: z.boolean(),
    options: z.array(z.string()).nullable().describe("select fields only."),
    maps_to: z.enum(["name", "notes", "none", "custom_field"]),
    custom_field: z.string().nullable().optional().describe("maps_to custom_field: the field's gid."),
  })
  .meta({ id: "StoredFormField" });
export type StoredFormField = z.infer<typeof StoredFormField>;

export const Form = z
  .object({
    gid: Gid,
    resource_type: z.literal("form"),
    title: z.string(),
    description: z.string(),
    fields: z.array(StoredFormField),
    project: ProjectCompact,
    target_section: SectionCompact.nullable(),
    access: z.enum(["project_guests", "public_link"]),
    allow_attachments: z.boolean(),
    active: z.boolean(),
    owner: UserCompact.nullable(),
    public_url: z.string(),
    created_at: DateTime,
    modified_at: DateTime,
  })
  .meta({ id: "Form", description: "Takt: a request form; each submission becomes a task." });
export type Form = z.infer<typeof Form>;

export const FormCompact = Form.pick({ gid: true, resource_type: true, title: true, access: true, active: true }).meta({
  id: "FormCompact",
});
export type FormCompact = z.infer<typeof FormCompact>;

// The form as the person filling it sees it.
export const PublicForm = z
  .object({
    gid: Gid,
    resource_type: z.literal("form"),
    title: z.string(),
    description: z.string(),
    fields: z.array(StoredFormField),
    project_name: z.string(),
    allow_attachments: z.boolean(),
    access: z.enum(["project_guests", "public_link"]),
    fill_token: z.string().describe("Send back with the submission."),
    honeypot_field: z.string().describe("A field people never see; leave it empty."),
  })
  .meta({ id: "PublicForm" });
export type PublicForm = z.infer<typeof PublicForm>;

export const FormSubmission = z
  .object({
    resource_type: z.literal("form_submission"),
    status: z.literal("received"),
    task: z
      .object({ gid: Gid, resource_type: z.literal("task") })
      .optional()
      .describe("The task filed: only for a signed-in submitter."),
  })
  .meta({ id: "FormSubmission" });
export type FormSubmission = z.infer<typeof FormSubmission>;

export const TimeTrackingEntry = z
  .object({
    gid: Gid,
    resource_type: z.literal("time_tracking_entry"),
    duration_minutes: z.number().int(),
    entered_on: Day,
    description: z.string(),
    attributable_to: ProjectCompact.nullable().describe("The task's first project."),
    created_by: UserCompact,
    task: TaskCompact.nullable(),
    categories: z.array(z.unknown()),
    billable_status: z.string(),
    approval_status: z.string(),
    created_at: DateTime,
    modified_at: DateTime,
  })
  .meta({ id: "TimeTrackingEntry" });
export type TimeTrackingEntry = z.infer<typeof TimeTrackingEntry>;

export const TimeTrackingEntryCompact = TimeTrackingEntry.pick({
  gid: true,
  resource_type: true,
  duration_minutes: true,
  entered_on: true,
  attributable_to: true,
  created_by: true,
}).meta({ id: "TimeTrackingEntryCompact" });
export type TimeTrackingEntryCompact = z.infer<typeof TimeTrackingEntryCompact>;

export const Timer = z
  .object({
    resource_type: z.literal("timer"),
    task: TaskRef,
    started_at: DateTime,
    elapsed_seconds: z.number().int(),
  })
  .meta({ id: "Timer", description: "Takt: the caller's running timer." });
export type Timer = z.infer<typeof Timer>;

export const StartedTimer = Timer.extend({
  stopped_entry: TimeTrackingEntry.nullable().describe("The entry logged by the timer this start stopped."),
}).meta({ id: "StartedTimer" });
export type StartedTimer = z.infer<typeof StartedTimer>;

const MinutesByDay = z.record(z.string(), z.number().int()).describe("Minutes per day of the week (YYYY-MM-DD).");

export const Timesheet = z
  .object({
    resource_type: z.literal("timesheet"),
    user: UserCompact,
    workspace: z.object({ gid: Gid, resource_type: z.literal("workspace") }),
    week_start: Day,
    week_end: Day,
    days: z.array(Day),
    tasks: z.array(
      z.object({
        task: TaskRef.nullable().describe("null: time on tasks the caller may not see."),
        minutes_by_day: MinutesByDay,
        total_minutes: z.number().int(),
      }),
    ),
    totals_by_day: MinutesByDay,
    total_minutes: z.number().int(),
  })
  .meta({ id: "Timesheet", description: "Takt: a person's logged time over one week." });
export type Timesheet = z.infer<typeof Timesheet>;
