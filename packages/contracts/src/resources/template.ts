import { z } from "zod";
import { Gid } from "../common.ts";
import { ProjectColor } from "../projects.ts";
import { DateTime, ProjectCompact, TeamCompact, UserCompact } from "./shared.ts";

export const ProjectTemplate = z
  .object({
    gid: Gid,
    resource_type: z.literal("project_template"),
    name: z.string(),
    description: z.string(),
    html_description: z.string(),
    owner: UserCompact.nullable(),
    team: TeamCompact.nullable(),
    public: z.boolean(),
    color: ProjectColor.nullable(),
    requested_dates: z
      .array(z.object({ gid: z.string(), name: z.string(), description: z.string() }))
      .describe("The dates to give when instantiating (the start date)."),
    requested_roles: z
      .array(z.object({ gid: z.string(), resource_type: z.literal("template_role"), name: z.string() }))
      .describe("The roles to fill with people when instantiating."),
    skip_weekends: z.boolean().describe("Takt: due dates count working days."),
    sections: z.array(z.string()).describe("Takt: the names of the sections the project will have."),
    num_tasks: z.number().int(),
    num_rules: z.number().int(),
    created_at: DateTime,
  })
  .meta({ id: "ProjectTemplate" });
export type ProjectTemplate = z.infer<typeof ProjectTemplate>;

export const ProjectTemplateCompact = ProjectTemplate.pick({ gid: true, resource_type: true, name: true }).meta({
  id: "ProjectTemplateCompact",
});
export type ProjectTemplateCompact = z.infer<typeof ProjectTemplateCompact>;

export interface TaskTemplateTree {
  name: string;
  description: string;
  html_description: string;
  resource_subtype: string;
  assignee: UserCompact | null;
  subtasks: TaskTemplateTree[];
  custom_fields: unknown[];
}

export const TaskTemplateTree: z.ZodType<TaskTemplateTree> = z
  .object({
    name: z.string(),
    description: z.string(),
    html_description: z.string(),
    resource_subtype: z.string(),
    assignee: UserCompact.nullable(),
    get subtasks() {
      return z.array(TaskTemplateTree);
    },
    custom_fields: z.array(z.unknown()),
  })
  .meta({ id: "TaskTemplateTree" });

export const TaskTemplate = z
  .object({
    gid: Gid,
    resource_type: z.literal("task_template"),
    name: z.string(),
    project: ProjectCompact,
    template: TaskTemplateTree,
    created_by: UserCompact.nullable(),
    created_at: DateTime,
  })
  .meta({ id: "TaskTemplate" });
export type TaskTemplate = z.infer<typeof TaskTemplate>;

export const TaskTemplateCompact = TaskTemplate.pick({ gid: true, resource_type: true, name: true }).meta({
  id: "TaskTemplateCompact",
});
export type TaskTemplateCompact = z.infer<typeof TaskTemplateCompact>;

const JobTarget = <T extends string>(type: T) =>
  z.object({ gid: Gid, resource_type: z.literal(type), name: z.string().optional() }).nullable();

const ExportTarget = <T extends string>(type: T) =>
  z
    .object({
      gid: Gid,
      resource_type: z.literal(type),
      created_at: DateTime,
      completed_at: DateTime.nullable(),
      download_url: z.string().nullable().describe("The gzip file, once written (for its creator)."),
    })
    .nullable();

// Asana's job: the background work of instantiating or saving a template.
export const Job = z
  .object({
    gid: Gid,
    resource_type: z.literal("job"),
    resource_subtype: z.string().describe("instantiate_project_template, export_project_template, …"),
    status: z.enum(["queued", "in_progress", "succeeded", "failed"]),
    new_project: JobTarget("project"),
    new_task: JobTarget("task"),
    new_project_template: JobTarget("project_template"),
    new_portfolio: JobTarget("portfolio").optional(),
    new_graph_export: ExportTarget("graph_export").optional(),
    new_resource_export: ExportTarget("resource_export").optional(),
    error: z.string().nullable().describe("Takt: why a failed job failed."),
  })
  .meta({ id: "Job" });
export type Job = z.infer<typeof Job>;

// Takt: an entry of the server's durable job queue, for server admins.
export const QueuedJob = z
  .object({
    gid: Gid,
    resource_type: z.literal("job"),
    kind: z.string(),
    state: z.enum(["queued", "running", "succeeded", "dead"]),
    payload: z.record(z.string(), z.unknown()),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    run_at: DateTime,
    last_error: z.string().nullable(),
    locked_by: z.string().nullable(),
    request_id: z.string().nullable(),
    created_at: DateTime,
    updated_at: DateTime,
    finished_at: DateTime.nullable(),
  })
  .meta({ id: "QueuedJob" });
export type QueuedJob = z.infer<typeof QueuedJob>;
