import { z } from "zod";
import { Gid, WorkspaceRole } from "./common.ts";
import { DateTime, ProjectCompact, TeamCompact, UserCompact } from "./resources/shared.ts";

// Takt's administration of a workspace: its people (active and deactivated) with their teams and, for guests,
// the projects shared with them; a project's stage as the client sees it.

export const PeopleQuery = z
  .object({
    search: z.string().trim().max(200).optional().describe("Part of a name or an email."),
    role: WorkspaceRole.optional(),
    team: Gid.optional().describe("Only members of this team."),
    status: z.enum(["active", "deactivated", "all"], "must be active, deactivated or all").optional(),
  })
  .loose();
export type PeopleQuery = z.infer<typeof PeopleQuery>;

export const PersonPathParams = z.object({ workspace_gid: Gid, user_gid: Gid });

export const WorkspacePerson = z
  .object({
    gid: Gid.describe("The user's gid."),
    resource_type: z.literal("workspace_person"),
    user: UserCompact.extend({ email: z.string() }),
    role: WorkspaceRole,
    status: z.enum(["active", "deactivated"]),
    teams: z.array(TeamCompact),
    projects: z
      .array(ProjectCompact.extend({ access_level: z.enum(["admin", "editor", "commenter", "viewer"]) }))
      .describe("Guests: the projects shared with them that the caller sees. Empty for members."),
    open_tasks: z.number().int().describe("Incomplete tasks assigned to the person in this workspace."),
    deactivated_at: DateTime.nullable(),
  })
  .meta({ id: "WorkspacePerson", description: "Takt: a person of a workspace, as its people page lists them." });
export type WorkspacePerson = z.infer<typeof WorkspacePerson>;

export const ChangeRoleBody = z.strictObject({ role: WorkspaceRole });
export type ChangeRoleBody = z.infer<typeof ChangeRoleBody>;

export const DeactivateBody = z.strictObject({
  reassign_to: Gid.nullish().describe(
    "A full member who takes over the person's open tasks; null leaves them unassigned.",
  ),
});
export type DeactivateBody = z.infer<typeof DeactivateBody>;

export const StagePathParams = z.object({ project_gid: Gid });
export const SetStageBody = z.strictObject({
  section: Gid.nullable().describe("The section that is the project's stage now; null: derive it from the open work."),
});
export type SetStageBody = z.infer<typeof SetStageBody>;

export const StageChange = z
  .object({
    gid: Gid,
    resource_type: z.literal("project_stage_change"),
    section: z.object({ gid: Gid, resource_type: z.literal("section"), name: z.string() }).nullable(),
    name: z.string().describe("The stage's name when it was set."),
    created_at: DateTime,
  })
  .meta({ id: "ProjectStageChange" });
export type StageChange = z.infer<typeof StageChange>;

export const ProjectStage = z
  .object({
    section: z.object({ gid: Gid, resource_type: z.literal("section"), name: z.string() }).nullable(),
    explicit: z.boolean().describe("Set by the team; false when derived from where the open work is."),
    history: z.array(StageChange),
  })
  .meta({ id: "ProjectStage" });
export type ProjectStage = z.infer<typeof ProjectStage>;

export const TrashItem = z
  .object({
    gid: Gid,
    resource_type: z.literal("trash_item"),
    resource: z.object({ gid: Gid, resource_type: z.enum(["task", "project"]), name: z.string() }),
    project: z.object({ gid: Gid, resource_type: z.literal("project"), name: z.string() }).nullable(),
    deleted_at: DateTime,
    expires_at: DateTime.describe("After this the task or project is gone for good."),
  })
  .meta({
    id: "TrashItem",
    description: "Takt: a task or project its reader deleted, which they can restore until it expires.",
  });
export type TrashItem = z.infer<typeof TrashItem>;

export const TrashResourcePathParams = z.object({ resource_gid: Gid });
