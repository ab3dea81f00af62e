import { z } from "zod";
import { StageChange } from "../admin.ts";
import { Gid } from "../common.ts";
import { ProjectPermissions, SectionPermissions } from "../permissions.ts";
import { ProjectColor } from "../projects.ts";
import { StatusType } from "../status-updates.ts";
import {
  DateTime,
  Day,
  OPT_IN_PERMISSIONS,
  ProjectCompact,
  TeamCompact,
  UserCompact,
  WorkspaceCompact,
} from "./shared.ts";

const AccessLevel = z.enum(["admin", "editor", "commenter", "viewer"]);

export const StatusUpdateCompact = z
  .object({
    gid: Gid,
    resource_type: z.literal("status_update"),
    resource_subtype: z.literal("project_status_update"),
    title: z.string(),
    status_type: StatusType,
    created_at: DateTime.optional().describe("In lists of status updates."),
  })
  .meta({ id: "StatusUpdateCompact" });
export type StatusUpdateCompact = z.infer<typeof StatusUpdateCompact>;

export const StatusUpdate = z
  .object({
    gid: Gid,
    resource_type: z.literal("status_update"),
    resource_subtype: z.literal("project_status_update"),
    title: z.string(),
    text: z.string(),
    html_text: z.string(),
    status_type: StatusType,
    author: UserCompact.nullable(),
    created_by: UserCompact.nullable(),
    created_at: DateTime,
    modified_at: DateTime,
    parent: ProjectCompact,
    liked: z.boolean(),
    likes: z.array(z.object({ gid: Gid, resource_type: z.literal("like"), user: UserCompact })),
    num_likes: z.number().int(),
  })
  .meta({ id: "StatusUpdate" });
export type StatusUpdate = z.infer<typeof StatusUpdate>;

export const Project = z
  .object({
    gid: Gid,
    resource_type: z.literal("project"),
    name: z.string(),
    archived: z.boolean(),
    color: ProjectColor.nullable(),
    created_at: DateTime,
    modified_at: DateTime,
    current_status: z.null().describe("Asana's deprecated status; see current_status_update."),
    current_status_update: StatusUpdateCompact.nullable(),
    default_view: z.enum(["list", "board", "calendar", "timeline"]),
    due_on: Day.nullable(),
    due_date: Day.nullable().describe("Asana's older name of due_on."),
    start_on: Day.nullable(),
    notes: z.string(),
    html_notes: z.string(),
    owner: UserCompact.nullable(),
    team: TeamCompact.nullable(),
    workspace: WorkspaceCompact,
    members: z.array(UserCompact),
    followers: z.array(UserCompact).describe("The same as members: following a project is being its member."),
    privacy_setting: z.enum(["public_to_workspace", "private"]),
    scrum_enabled: z.boolean().describe("Takt: backlog and sprints are on."),
    public: z.boolean(),
    permalink_url: z.string(),
    completed: z.boolean(),
    completed_at: DateTime.nullable(),
    completed_by: UserCompact.nullable(),
    icon: z.string().nullable(),
    default_access_level: z.enum(["admin", "editor", "commenter", "viewer"]),
    minimum_access_level_for_customization: z.string(),
    minimum_access_level_for_sharing: z.string(),
    custom_fields: z.array(z.unknown()).describe("Always empty: Takt keeps no project-level custom field values."),
    created_from_template: z.null(),
    project_brief: z.object({ gid: Gid, resource_type: z.literal("project_brief") }).nullable(),
    permissions: ProjectPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "Project" });
export type Project = z.infer<typeof Project>;

export const ProjectMembership = z
  .object({
    gid: Gid,
    resource_type: z.literal("project_membership"),
    resource_subtype: z.literal("project_membership"),
    parent: ProjectCompact,
    project: ProjectCompact,
    member: UserCompact,
    user: UserCompact,
    access_level: AccessLevel,
    write_access: z.enum(["full_write", "comment_only"]),
  })
  .meta({ id: "ProjectMembership" });
export type ProjectMembership = z.infer<typeof ProjectMembership>;

export const ProjectMembershipCompact = ProjectMembership.pick({
  gid: true,
  resource_type: true,
  parent: true,
  member: true,
  user: true,
  access_level: true,
}).meta({ id: "ProjectMembershipCompact" });
export type ProjectMembershipCompact = z.infer<typeof ProjectMembershipCompact>;

// Every count is opt-in: Asana answers only the fields asked for with opt_fields.
export const TaskCounts = z
  .object({
    num_tasks: z.number().int(),
    num_completed_tasks: z.number().int(),
    num_incomplete_tasks: z.number().int(),
    num_milestones: z.number().int(),
    num_completed_milestones: z.number().int(),
    num_incomplete_milestones: z.number().int(),
  })
  .partial()
  .meta({ id: "TaskCounts" });
export type TaskCounts = z.infer<typeof TaskCounts>;

// Takt: POST /projects/{project_gid}/scrum answers the project's switch alone.
export const ProjectScrum = z
  .object({ gid: Gid, resource_type: z.literal("project"), scrum_enabled: z.boolean() })
  .meta({ id: "ProjectScrum" });
export type ProjectScrum = z.infer<typeof ProjectScrum>;

export const Section = z
  .object({
    gid: Gid,
    resource_type: z.literal("section"),
    name: z.string(),
    marks_complete: z
      .boolean()
      .describe("Takt: tasks moved into this section are marked complete, and incomplete when moved out of it."),
    created_at: DateTime,
    project: ProjectCompact,
    projects: z.array(ProjectCompact),
    permissions: SectionPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "Section" });
export type Section = z.infer<typeof Section>;

// Takt: the answer to setting a section's default task template.
export const SectionDefaultTemplate = z
  .object({
    gid: Gid,
    resource_type: z.literal("section"),
    name: z.string(),
    default_task_template: z
      .object({ gid: Gid, resource_type: z.literal("task_template"), name: z.string() })
      .nullable(),
  })
  .meta({ id: "SectionDefaultTemplate" });
export type SectionDefaultTemplate = z.infer<typeof SectionDefaultTemplate>;

const Stage = z.object({
  gid: Gid,
  resource_type: z.literal("section"),
  name: z.string(),
  num_tasks: z.number().int(),
  num_incomplete_tasks: z.number().int(),
});

// Takt: the client portal's home, one entry per project shared with the caller.
export const GuestHomeProject = z
  .object({
    gid: Gid,
    resource_type: z.literal("project"),
    name: z.string(),
    color: ProjectColor.nullable(),
    due_on: Day.nullable(),
    access_level: AccessLevel,
    sections: z.array(Stage).describe("The project's stages (sections) in order, with task counts."),
    current_section: Stage.nullable().describe(
      "The stage the team set, or else the furthest stage with open work (POST /projects/{gid}/setStage).",
    ),
    stage_history: z.array(StageChange).describe("The stages the team set, oldest first."),
    current_status_update: StatusUpdateCompact.extend({ text: z.string(), created_at: DateTime }).nullable(),
  })
  .meta({ id: "GuestHomeProject" });
export type GuestHomeProject = z.infer<typeof GuestHomeProject>;
