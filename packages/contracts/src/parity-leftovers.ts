import { z } from "zod";
import { Gid } from "./common.ts";
import { GoalCompact } from "./goals.ts";
import { PortfolioCompact } from "./portfolios.ts";
import { DateTime, OPT_IN_PERMISSIONS, UserCompact } from "./resources/shared.ts";
import { MAX_COMMENT_LENGTH } from "./stories.ts";

// Asana's goal stories: comments on a goal, newest last.
export const CreateGoalStoryBody = z.strictObject({
  text: z.string().max(MAX_COMMENT_LENGTH).optional(),
  html_text: z
    .string()
    .max(MAX_COMMENT_LENGTH * 4)
    .optional(),
});
// A reference a goal story names: a person or team the reader cannot see keeps its gid and has no name.
const GoalStoryRef = z.object({ gid: Gid, resource_type: z.string(), name: z.string().nullable().optional() });
export const GOAL_STORY_SUBTYPES = [
  "comment_added",
  "name_changed",
  "goal_status_changed",
  "due_date_changed",
  "owner_changed",
  "team_changed",
  "current_value_changed",
] as const;
export const GoalStory = z
  .object({
    gid: Gid,
    resource_type: z.literal("story"),
    type: z.enum(["comment", "system"]),
    resource_subtype: z.enum(GOAL_STORY_SUBTYPES),
    text: z.string().describe("For a system story: its English words for this reader; clients may render the fields."),
    html_text: z.string(),
    created_at: DateTime,
    created_by: UserCompact.nullable(),
    target: GoalCompact,
    old_name: z.string().nullable().optional(),
    new_name: z.string().optional(),
    old_status: z.string().nullable().optional(),
    new_status: z.string().nullable().optional(),
    old_dates: z.object({ due_on: z.string().nullable() }).nullable().optional(),
    new_dates: z.object({ due_on: z.string().nullable() }).nullable().optional(),
    owner: GoalStoryRef.nullable().optional(),
    team: GoalStoryRef.nullable().optional(),
    old_number_value: z.number().nullable().optional(),
    new_number_value: z.number().nullable().optional(),
    new_display_value: z.string().nullable().optional(),
  })
  .meta({ id: "GoalStory" });
export type GoalStory = z.infer<typeof GoalStory>;

// Custom fields on goals (Asana's goal addCustomFieldSetting / removeCustomFieldSetting).
export const GoalCustomFieldSettingBody = z.strictObject({
  custom_field: Gid,
  is_important: z.boolean().optional(),
  insert_before: Gid.optional(),
  insert_after: Gid.optional(),
});
export const GoalRemoveCustomFieldSettingBody = z.strictObject({ custom_field: Gid });
export const GoalCustomFieldSetting = z
  .object({
    gid: Gid,
    resource_type: z.literal("custom_field_setting"),
    is_important: z.boolean(),
    parent: GoalCompact,
    custom_field: z.object({
      gid: Gid,
      resource_type: z.literal("custom_field"),
      name: z.string(),
      resource_subtype: z.string(),
    }),
  })
  .meta({ id: "GoalCustomFieldSetting" });

// POST /portfolios/{gid}/duplicate: custom field settings always; `include` adds description (Takt has none),
// members, permissions, templates, rules (Takt has none on portfolios), child_projects, child_portfolios.
export const PORTFOLIO_DUPLICATE_INCLUDES = [
  "description",
  "members",
  "permissions",
  "templates",
  "rules",
  "child_projects",
  "child_portfolios",
] as const;
export const DuplicatePortfolioBody = z.strictObject({
  name: z.string().trim().min(1).max(1024),
  include: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe(`A comma-separated list of ${PORTFOLIO_DUPLICATE_INCLUDES.join(", ")}`),
});

export const ProjectPortfolioSettingPermissions = z
  .object({
    edit: z
      .boolean()
      .describe("May turn is_access_control_inherited on or off: a portfolio admin with edit access to the project."),
  })
  .meta({ id: "ProjectPortfolioSettingPermissions" });
export type ProjectPortfolioSettingPermissions = z.infer<typeof ProjectPortfolioSettingPermissions>;

// A project's place in a portfolio (Asana's project_portfolio_setting). With is_access_control_inherited the
// portfolio's members gain access to the project (viewers read, editors and admins edit).
export const ProjectPortfolioSetting = z
  .object({
    gid: Gid,
    resource_type: z.literal("project_portfolio_setting"),
    project: z.object({ gid: Gid, resource_type: z.literal("project"), name: z.string() }),
    portfolio: PortfolioCompact,
    is_access_control_inherited: z.boolean(),
    created_at: DateTime,
    permissions: ProjectPortfolioSettingPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "ProjectPortfolioSetting" });
export type ProjectPortfolioSetting = z.infer<typeof ProjectPortfolioSetting>;
export const ProjectPortfolioSettingPathParams = z.object({ project_portfolio_setting_gid: Gid });
export const UpdateProjectPortfolioSettingBody = z.strictObject({ is_access_control_inherited: z.boolean() });

// Asana's exports: a graph export from a parent (goal, team, portfolio or project), a resource export of a
// workspace's tasks, teams or messages. Both answer with a job; its export carries the file's download_url.
export const GraphExportBody = z.strictObject({ parent: Gid });
export const RESOURCE_EXPORT_TYPES = ["task", "team", "message"] as const;
export const RESOURCE_EXPORT_FILTERS = [
  "assignee.any",
  "assigned_by.any",
  "created_by.any",
  "followers.any",
  "projects.any",
  "teams.any",
  "completed",
  "created_at.after",
  "created_at.before",
  "modified_at.after",
  "modified_at.before",
] as const;
export const ResourceExportBody = z.strictObject({
  workspace: Gid,
  export_request_parameters: z
    .array(
      z.strictObject({
        resource_type: z.enum(RESOURCE_EXPORT_TYPES),
        filters: z.record(z.string(), z.unknown()).optional(),
        fields: z.array(z.string()).optional(),
      }),
    )
    .min(1)
    .max(20),
});
export type ResourceExportBody = z.infer<typeof ResourceExportBody>;
export const ExportPathParams = z.object({ export_gid: Gid });
