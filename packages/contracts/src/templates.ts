import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";

// Project templates (Asana's) and task templates: saving a project as a template, making a project from one,
// and the task templates of a project.

const TemplateName = z.string().trim().min(1, "must not be empty").max(1024);

export const SaveAsTemplateBody = z.strictObject({
  name: TemplateName,
  team: Gid.optional(),
  workspace: Gid.optional(),
  public: z.boolean(),
});
export type SaveAsTemplateBody = z.infer<typeof SaveAsTemplateBody>;

export const InstantiateProjectBody = z.strictObject({
  name: TemplateName,
  team: Gid.optional(),
  workspace: Gid.optional(),
  public: z.boolean().optional(),
  is_strict: z.boolean().optional(),
  requested_dates: z
    .array(z.strictObject({ gid: z.string().max(40), value: DateOnly }))
    .max(20)
    .optional(),
  requested_roles: z
    .array(z.strictObject({ gid: z.string().max(40), value: z.string().min(1).max(320).nullable() }))
    .max(100)
    .optional(),
});
export type InstantiateProjectBody = z.infer<typeof InstantiateProjectBody>;

// A task template's task, with its subtasks; assignee is a gid, an email or "me".
export interface TaskTemplateNode {
  name: string;
  notes?: string;
  html_notes?: string;
  assignee?: string | null;
  subtasks?: TaskTemplateNode[];
  custom_fields?: Record<string, unknown>;
}
export const TaskTemplateNode: z.ZodType<TaskTemplateNode> = z
  .lazy(() =>
    z.strictObject({
      name: TemplateName,
      notes: z.string().max(65_535).optional(),
      html_notes: z.string().max(262_144).optional(),
      assignee: z.string().min(1).max(320).nullable().optional(),
      subtasks: z.array(TaskTemplateNode).max(100).optional(),
      custom_fields: z.record(z.string(), z.unknown()).optional(),
    }),
  )
  .meta({ id: "TaskTemplateNode" });

// A task template is written out (template) or copied from a task with its subtasks (task): one of the two.
export const CreateTaskTemplateBody = z.strictObject({
  project: Gid,
  name: TemplateName.optional(),
  template: TaskTemplateNode.optional(),
  task: Gid.optional(),
});
export type CreateTaskTemplateBody = z.infer<typeof CreateTaskTemplateBody>;

export const InstantiateTaskBody = z.strictObject({ name: TemplateName.optional() });
export type InstantiateTaskBody = z.infer<typeof InstantiateTaskBody>;

export const SectionDefaultTemplateBody = z.strictObject({ task_template: Gid.nullable() });
export type SectionDefaultTemplateBody = z.infer<typeof SectionDefaultTemplateBody>;

export const TemplatesQuery = z
  .object({ workspace: Gid.optional(), team: Gid.optional(), project: Gid.optional() })
  .loose();
export type TemplatesQuery = z.infer<typeof TemplatesQuery>;

export const ProjectTemplateParams = z.object({ gid: Gid });
export const TaskTemplateParams = z.object({ gid: Gid });
export const ApiJobParams = z.object({ gid: Gid });
export const TemplateTeamParams = z.object({ team_gid: Gid });
export const TemplateProjectParams = z.object({ project_gid: Gid });
export const TemplateSectionParams = z.object({ section_gid: Gid });
