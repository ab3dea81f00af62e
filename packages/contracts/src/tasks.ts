import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";
import { RecurrenceInput } from "./recurrence.ts";
import { EstimatedMinutes } from "./time.ts";

// Request bodies of the task endpoints, in Asana's field names. A reference to another object is resolved by the
// server: one that is not a number answers 404 like any unknown id, so references are plain strings here; a value
// of the wrong type is a 400.
const Ref = z.string().min(1).max(40);
const UserRef = z.string().min(1).max(320);
const Name = z.string().max(1024);
const Notes = z.string().max(65_535);
const HtmlNotes = z.string().max(262_144);
const DateTime = z.iso.datetime({ offset: true });
const Subtype = z.enum(["default_task", "milestone", "approval"]);
const Anchor = Ref.nullable().optional();

export const TaskParams = z.object({ task_gid: Gid });
// The project or section whose tasks a path lists or places.
export const TasksOfProjectParams = z.object({ project_gid: Gid });
export const TasksOfSectionParams = z.object({ section_gid: Gid });

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
  // Takt: {rrule} | {every_n_days_after_completion} | null.
  recurrence: RecurrenceInput.optional(),
  // {custom field gid: value}; each value is checked against its field by the server.
  custom_fields: z.record(z.string().max(40), z.unknown()).optional(),
  tags: z.array(Ref).max(100).optional(),
  // Asana's `external`: a foreign system's id and data (CRM syncs), stored as given; null clears.
  external: z
    .strictObject({ gid: z.string().max(1024).optional(), data: z.string().max(32_768).optional() })
    .nullable()
    .optional(),
  start_at: DateTime.nullable().optional(),
};

export const CreateTaskBody = z.strictObject({
  ...Fields,
  workspace: Ref.optional(),
  projects: z.array(Ref).max(50).optional(),
  memberships: z
    .array(z.strictObject({ project: Ref, section: Ref.nullable().optional() }))
    .max(50)
    .optional(),
  parent: Ref.nullable().optional(),
  followers: UserList.optional(),
  // Approval tasks may be created with their decision (asking for changes needs a comment: decide it afterwards).
  approval_status: z.enum(["pending", "approved", "rejected", "changes_requested"]).optional(),
});
export type CreateTaskInput = z.infer<typeof CreateTaskBody>;

// Scrum (Takt): story points 0–1000 (null clears).
const StoryPoints = z
  .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a number or null") })
  .min(0, "must not be negative")
  .max(1000, "must be at most 1000");

export const ApprovalStatus = z
  .enum(["pending", "approved", "rejected", "changes_requested"])
  .meta({ id: "ApprovalStatus", description: "The decision on an approval task." });
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const UpdateTaskBody = z.strictObject({
  ...Fields,
  // Scrum (Takt): story points, and the sprint the task is in (a sprint gid, or null for the backlog).
  story_points: StoryPoints.nullable().optional(),
  sprint: Ref.nullable().optional(),
  // Approval tasks: the decision (asking for changes needs a comment: use POST /tasks/{gid}/requestChanges).
  approval_status: ApprovalStatus.optional(),
  // Time tracking (Takt): planned effort in minutes, null clears.
  estimated_minutes: EstimatedMinutes.optional(),
});
export type UpdateTaskInput = z.infer<typeof UpdateTaskBody>;

// POST /tasks/{gid}/approve, /requestChanges, /reject: the body is optional; asking for changes or rejecting
// takes a comment.
export const ApprovalDecisionBody = z.strictObject({ text: z.string().max(65_000).optional() });

export const SetParentBody = z.strictObject({
  parent: Ref.nullable(),
  insert_before: Anchor,
  insert_after: Anchor,
});

export const AddProjectBody = z.strictObject({
  project: Ref,
  section: Ref.nullable().optional(),
  insert_before: Anchor,
  insert_after: Anchor,
});

export const RemoveProjectBody = z.strictObject({ project: Ref });

export const SectionAddTaskBody = z.strictObject({
  task: Ref,
  insert_before: Anchor,
  insert_after: Anchor,
});

export const FollowersBody = z.strictObject({
  followers: UserList.refine((list) => list.length > 0, { message: "must name at least one user" }),
});
export const DependenciesBody = z.strictObject({ dependencies: z.array(Ref).min(1).max(30) });
export const DependentsBody = z.strictObject({ dependents: z.array(Ref).min(1).max(30) });

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

export const DuplicateTaskBody = z.strictObject({
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
export type DuplicateTaskInput = z.infer<typeof DuplicateTaskBody>;

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
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;
