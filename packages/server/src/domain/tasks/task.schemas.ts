import { DateOnly } from "@takt/contracts";
import { z } from "zod";
import { RecurrenceInput } from "../recurrence/recurrence.schemas.ts";
import { EstimatedMinutes } from "../time/time.schemas.ts";

// Request bodies of the task endpoints, in Asana's field names. A gid that is not a number is resolved
// later and answers 404 like any unknown id; a value of the wrong type is a 400 here.
const Gid = z.string().min(1).max(40);
const UserRef = z.string().min(1).max(320);
const Name = z.string().max(1024);
const Notes = z.string().max(65_535);
const HtmlNotes = z.string().max(262_144);
const DateTime = z.iso.datetime({ offset: true });
const Subtype = z.enum(["default_task", "milestone", "approval"]);
const Anchor = Gid.nullable().optional();

// Asana takes a list of users as an array or as one comma-separated string.
const UserList = z
  .union([z.array(UserRef).max(100), z.string().max(10_000)], {
    error: (issue) =>
      issue.input === undefined
        ? "Missing input"
        : 'must be a list of users (gids, emails or "me"), or one comma-separated string',
  })
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(",")).map((item) => item.trim()).filter((item) => item.length > 0),
  );

const Fields = {
  name: Name.optional(),
  notes: Notes.optional(),
  html_notes: HtmlNotes.optional(),
  resource_subtype: Subtype.optional(),
  assignee: UserRef.nullable().optional(),
  due_on: DateOnly.nullable().optional(),
  due_at: DateTime.nullable().optional(),
  start_on: DateOnly.nullable().optional(),
  completed: z.boolean().optional(),
  // Takt: {rrule} | {every_n_days_after_completion} | null (domain/recurrence).
  recurrence: RecurrenceInput.optional(),
  // {custom field gid: value} (domain/custom-fields/custom-field.values.ts checks each value against its field).
  custom_fields: z.record(z.string().max(40), z.unknown()).optional(),
  tags: z.array(Gid).max(100).optional(),
};

export const CreateTaskBody = z.strictObject({
  ...Fields,
  workspace: Gid.optional(),
  projects: z.array(Gid).max(50).optional(),
  memberships: z
    .array(z.strictObject({ project: Gid, section: Gid.nullable().optional() }))
    .max(50)
    .optional(),
  parent: Gid.nullable().optional(),
  followers: UserList.optional(),
});
export type CreateTaskInput = z.infer<typeof CreateTaskBody>;

// Scrum (Takt): story points 0–1000 (null clears).
const StoryPoints = z
  .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a number or null") })
  .min(0, "must not be negative")
  .max(1000, "must be at most 1000");

export const UpdateTaskBody = z.strictObject({
  ...Fields,
  // Scrum (Takt): story points, and the sprint the task is in (a sprint gid, or null for the backlog).
  story_points: StoryPoints.nullable().optional(),
  sprint: Gid.nullable().optional(),
  // Approval tasks: recorded through the approvals area (domain/approvals).
  approval_status: z.enum(["pending", "approved", "rejected", "changes_requested"]).optional(),
  // Time tracking (domain/time): planned effort in minutes, null clears.
  estimated_minutes: EstimatedMinutes.optional(),
});
export type UpdateTaskInput = z.infer<typeof UpdateTaskBody>;

export const SetParentBody = z.strictObject({
  parent: Gid.nullable(),
  insert_before: Anchor,
  insert_after: Anchor,
});

export const AddProjectBody = z.strictObject({
  project: Gid,
  section: Gid.nullable().optional(),
  insert_before: Anchor,
  insert_after: Anchor,
});

export const RemoveProjectBody = z.strictObject({ project: Gid });

export const SectionAddTaskBody = z.strictObject({
  task: Gid,
  insert_before: Anchor,
  insert_after: Anchor,
});

export const FollowersBody = z.strictObject({
  followers: UserList.refine((list) => list.length > 0, { message: "must name at least one user" }),
});
export const DependenciesBody = z.strictObject({ dependencies: z.array(Gid).min(1).max(30) });
export const DependentsBody = z.strictObject({ dependents: z.array(Gid).min(1).max(30) });

export const DUPLICATE_PARTS = [
  "assignee",
  "attachments",
  "dates",
  "dependencies",
  "followers",
  "notes",
  "parent",
  "projects",
  "subtasks",
  "tags",
] as const;
export type DuplicatePart = (typeof DUPLICATE_PARTS)[number];

export const DuplicateBody = z.strictObject({
  name: Name.trim().min(1),
  include: z
    .union([z.string().max(500), z.array(z.string().max(50)).max(20)], {
      error: "must be a comma-separated string of the parts to copy",
    })
    .optional()
    .transform((value) =>
      (Array.isArray(value) ? value : (value ?? "").split(","))
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .refine((parts) => parts.every((part) => (DUPLICATE_PARTS as readonly string[]).includes(part)), {
      message: `must be a comma-separated list of ${DUPLICATE_PARTS.join(", ")}`,
    }),
});

export const ListTasksQuery = z
  .object({
    project: z.string().optional(),
    section: z.string().optional(),
    assignee: z.string().optional(),
    workspace: z.string().optional(),
    completed_since: z
      .union([z.literal("now"), DateTime, DateOnly], { error: 'must be "now", a date or an ISO 8601 date-time' })
      .optional(),
    modified_since: z.union([DateTime, DateOnly], { error: "must be a date or an ISO 8601 date-time" }).optional(),
  })
  .loose();
