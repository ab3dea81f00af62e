import { z } from "zod";

// What the caller may do with a resource, decided by the server's policies and sent with the resource when
// asked for (`opt_fields=permissions`). The web app shows a control only when its ability is true; it never
// derives an ability from a role, an access level or an error.

export const WorkspacePermissions = z
  .object({
    role: z.enum(["admin", "member", "guest"]).describe("The caller's role in the workspace."),
    create_projects: z.boolean().describe("May create projects (and private to-do projects)."),
    create_teams: z.boolean(),
    manage_members: z.boolean().describe("May invite people, change roles and deactivate members."),
    view_reports: z.boolean().describe("May open the reports page and the workload report (full members)."),
    view_people_report: z
      .boolean()
      .describe("May open the people report: workspace admins and admins of at least one project."),
    manage_templates: z.boolean().describe("May browse, save and use project templates."),
    manage_webhooks: z.boolean().describe("May subscribe webhooks to the whole workspace."),
    import_data: z.boolean().describe("May import from Trello, Asana or CSV (each import makes a project)."),
    export_workspace: z.boolean().describe("May export the whole workspace."),
    view_audit_log: z.boolean(),
    manage_server: z
      .boolean()
      .describe("Server admin (an admin of the first workspace): email status and test message, the job queue."),
    use_crm: z.boolean().describe("May set up CRM intakes."),
    search: z.boolean(),
    browse_directory: z
      .boolean()
      .describe("May list the workspace's people and tags (pickers and filters); guests see only their projects'."),
    view_billing: z
      .boolean()
      .optional()
      .describe("May open billing: rates, timesheet approvals and the monthly invoice CSV (workspace admins)."),
    view_portfolios: z.boolean().optional().describe("May list portfolios and goals (full members)."),
  })
  .meta({ id: "WorkspacePermissions" });
export type WorkspacePermissions = z.infer<typeof WorkspacePermissions>;

export const ProjectPermissions = z
  .object({
    edit: z.boolean().describe("May rename the project and change its details, status and default view."),
    add_tasks: z.boolean(),
    move_tasks: z.boolean().describe("May reorder tasks and move them between sections (drag and drop)."),
    add_sections: z.boolean().describe("May add, rename, reorder and delete sections."),
    manage_fields: z.boolean().describe("May add custom fields to the project and change their settings."),
    manage_rules: z.boolean(),
    manage_forms: z.boolean(),
    manage_sprints: z.boolean(),
    comment: z.boolean().describe("May comment on the project's tasks and post files."),
    submit_forms: z.boolean().describe("May fill in the project's forms (everyone who sees the project)."),
    share: z.boolean().describe("May invite guests into the project by email and manage those invitations."),
    add_members: z.boolean().describe("May add people of the workspace to the project, up to their own access."),
    manage_members: z.boolean().describe("May change other members' access and remove them."),
    delete: z.boolean(),
    view_billing: z.boolean().optional().describe("May see the project's budget and its burn (editors and admins)."),
    manage_billing: z.boolean().optional().describe("May set the project's budget (project admins)."),
  })
  .meta({ id: "ProjectPermissions" });
export type ProjectPermissions = z.infer<typeof ProjectPermissions>;

export const TaskPermissions = z
  .object({
    edit: z.boolean().describe("May change name, description, assignee, dates, fields and tags."),
    complete: z.boolean(),
    comment: z.boolean(),
    attach: z.boolean(),
    approve: z
      .boolean()
      .describe("May approve, request changes or reject (approval tasks only: the assignee or an editor)."),
    add_subtasks: z.boolean(),
    move: z
      .boolean()
      .describe("May move the task between the sections of its projects: edit on the task and on one of its projects."),
    delete: z.boolean(),
    log_time: z.boolean(),
  })
  .meta({ id: "TaskPermissions" });
export type TaskPermissions = z.infer<typeof TaskPermissions>;

export const SectionPermissions = z
  .object({
    edit: z.boolean(),
    delete: z.boolean(),
    add_tasks: z.boolean(),
  })
  .meta({ id: "SectionPermissions" });
export type SectionPermissions = z.infer<typeof SectionPermissions>;

export const CustomFieldPermissions = z
  .object({
    edit: z.boolean(),
    delete: z.boolean(),
    set_value: z
      .boolean()
      .describe(
        "On a task (in its custom_fields): may set this field's value there. Elsewhere: may set it on the tasks of " +
          "at least one project that carries the field.",
      ),
  })
  .meta({ id: "CustomFieldPermissions" });
export type CustomFieldPermissions = z.infer<typeof CustomFieldPermissions>;

export const TeamPermissions = z
  .object({
    edit: z.boolean().describe("May rename the team and change its description (team admins and workspace admins)."),
    add_members: z.boolean().describe("May add people of the workspace to the team."),
    remove_members: z.boolean().describe("May remove other members from the team."),
    edit_visibility: z
      .boolean()
      .describe("May change the team's visibility and who in it may do what (edit_team_visibility_or_trash_team)."),
    join: z.boolean().describe("May join the team at once (not in it; the team is public, or a workspace admin)."),
    request_to_join: z
      .boolean()
      .describe("May ask to join (not in it, the team admits members by request, no request of theirs is pending)."),
    manage_join_requests: z.boolean().describe("May see, approve and decline the team's join requests."),
    leave: z.boolean().describe("May leave the team (a member of it)."),
  })
  .meta({ id: "TeamPermissions" });
export type TeamPermissions = z.infer<typeof TeamPermissions>;
