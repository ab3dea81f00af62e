import { z } from "zod";
import { Gid } from "../common.ts";
import { TaskPermissions } from "../permissions.ts";
import { TagColor } from "../tags.ts";
import { ApprovalStatus } from "../tasks.ts";
import { CustomFieldValue } from "./custom-field.ts";
import {
  DateTime,
  Day,
  OPT_IN_PERMISSIONS,
  ProjectCompact,
  SectionCompact,
  SprintCompact,
  TaskRef,
  UserCompact,
  WorkspaceCompact,
} from "./shared.ts";

export const TaskMembership = z
  .object({ project: ProjectCompact, section: SectionCompact })
  .meta({ id: "TaskMembership", description: "A project the task is in, and its section there." });
export type TaskMembership = z.infer<typeof TaskMembership>;

export const Recurrence = z
  .object({
    rule: z.union([
      z.object({ rrule: z.string().describe("An RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO.") }),
      z.object({ every_n_days_after_completion: z.number().int() }),
    ]),
    text: z.string().describe("The rule in words, in the caller's language."),
  })
  .meta({ id: "Recurrence", description: "Takt: how the task repeats." });
export type Recurrence = z.infer<typeof Recurrence>;

export const TaskTag = z
  .object({ gid: Gid, resource_type: z.literal("tag"), name: z.string(), color: TagColor.nullable() })
  .meta({ id: "TaskTag", description: "A tag on a task, with its colour." });
export type TaskTag = z.infer<typeof TaskTag>;

export const Task = z
  .object({
    gid: Gid,
    resource_type: z.literal("task"),
    name: z.string(),
    resource_subtype: z.string().describe("default_task, milestone or approval."),
    notes: z.string(),
    html_notes: z.string(),
    assignee: UserCompact.nullable(),
    assignee_status: z.string().describe("Always inbox: Takt has no My Tasks sections."),
    completed: z.boolean(),
    completed_at: DateTime.nullable(),
    completed_by: UserCompact.nullable(),
    due_on: Day.nullable(),
    due_at: DateTime.nullable(),
    start_on: Day.nullable(),
    created_at: DateTime,
    modified_at: DateTime,
    created_by: z.object({ gid: Gid, resource_type: z.literal("user") }).nullable(),
    followers: z.array(UserCompact),
    memberships: z.array(TaskMembership).describe("Only the projects the caller may see."),
    projects: z.array(ProjectCompact).describe("Only the projects the caller may see."),
    parent: z
      .object({
        gid: Gid,
        resource_type: z.literal("task"),
        name: z.string(),
        resource_subtype: z.string(),
        permissions: TaskPermissions.optional().describe(OPT_IN_PERMISSIONS),
      })
      .nullable(),
    num_subtasks: z.number().int(),
    num_likes: z.number().int(),
    liked: z.boolean(),
    hearted: z.boolean(),
    tags: z.array(TaskTag),
    workspace: WorkspaceCompact,
    permalink_url: z.string().describe("The task's page in the web app, as a path."),
    dependencies: z.array(TaskRef).describe("Tasks this one waits on (those the caller may see)."),
    dependents: z.array(TaskRef).describe("Tasks waiting on this one (those the caller may see)."),
    custom_fields: z.array(CustomFieldValue),
    story_points: z.number().nullable().describe("Takt (Scrum): the estimate in points."),
    sprint: SprintCompact.nullable().describe("Takt (Scrum): the sprint the task is in; null in the backlog."),
    recurrence: Recurrence.nullable(),
    approval_status: ApprovalStatus.optional().describe("Approval tasks only."),
    actual_time_minutes: z.number().int().describe("Minutes logged on the task."),
    estimated_minutes: z.number().int().nullable().describe("The planned effort; null when not set."),
    num_comments: z.number().int().optional().describe("Takt, opt-in: ask with opt_fields=num_comments."),
    external: z
      .object({ gid: z.string().nullable(), data: z.string().nullable() })
      .nullable()
      .describe("A foreign system's id and data, as a sync stored them."),
    start_at: z.string().nullable(),
    assigned_by: UserCompact.nullable(),
    assignee_section: z.null().describe("Takt's My Tasks has no sections of its own."),
    likes: z.array(z.unknown()).describe("Takt has no likes on tasks: always empty."),
    permissions: TaskPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "Task" });
export type Task = z.infer<typeof Task>;

// The answer to a duplication (Asana answers a job that is already done).
export const DuplicateTaskJob = z
  .object({
    gid: Gid,
    resource_type: z.literal("job"),
    resource_subtype: z.literal("duplicate_task"),
    status: z.literal("succeeded"),
    new_project: z.null(),
    new_project_template: z.null(),
    new_portfolio: z.null(),
    new_graph_export: z.null(),
    new_resource_export: z.null(),
    new_task: z.object({
      gid: Gid,
      resource_type: z.literal("task"),
      name: z.string(),
      resource_subtype: z.string().optional(),
    }),
    error: z.null().describe("A finished duplication has no error."),
  })
  .meta({ id: "DuplicateTaskJob" });
export type DuplicateTaskJob = z.infer<typeof DuplicateTaskJob>;
