import { z } from "zod";
import { Gid } from "../common.ts";
import { TeamPermissions, WorkspacePermissions } from "../permissions.ts";
import { EmailNotifications } from "../users.ts";
import { DateTime, OPT_IN_PERMISSIONS, TeamCompact, UserCompact, WorkspaceCompact } from "./shared.ts";

export const Workspace = z
  .object({
    gid: Gid,
    resource_type: z.literal("workspace"),
    name: z.string(),
    is_organization: z.boolean(),
    email_domains: z.array(z.string()),
    permissions: WorkspacePermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "Workspace" });
export type Workspace = z.infer<typeof Workspace>;

export const User = z
  .object({
    gid: Gid,
    resource_type: z.literal("user"),
    name: z.string(),
    email: z.string(),
    language: z.enum(["en", "ru"]),
    photo: z.null().describe("Takt keeps no profile photos."),
    workspaces: z.array(WorkspaceCompact).describe("The workspaces the caller shares with this person."),
    email_notifications: EmailNotifications.optional().describe("Only in the answer about oneself."),
  })
  .meta({ id: "User" });
export type User = z.infer<typeof User>;

export const Team = z
  .object({
    gid: Gid,
    resource_type: z.literal("team"),
    name: z.string(),
    description: z.string(),
    html_description: z.string(),
    organization: WorkspaceCompact,
    permalink_url: z.string(),
    visibility: z
      .enum(["secret", "request_to_join", "public"])
      .describe("secret: only its members (and workspace admins) see it; request_to_join: others ask to join; public."),
    edit_team_name_or_description_access_level: z.enum(["all_team_members", "only_team_admins"]),
    edit_team_visibility_or_trash_team_access_level: z.enum(["all_team_members", "only_team_admins"]),
    member_invite_management_access_level: z.enum(["all_team_members", "only_team_admins"]),
    join_request_management_access_level: z.enum(["all_team_members", "only_team_admins"]),
    team_member_removal_access_level: z.enum(["all_team_members", "only_team_admins"]),
    permissions: TeamPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "Team" });
export type Team = z.infer<typeof Team>;

export const TeamMembership = z
  .object({
    gid: Gid,
    resource_type: z.literal("team_membership"),
    user: UserCompact,
    team: TeamCompact,
    is_guest: z.boolean(),
    is_limited_access: z.boolean(),
    is_admin: z.boolean(),
  })
  .meta({ id: "TeamMembership" });
export type TeamMembership = z.infer<typeof TeamMembership>;

export const UserTaskList = z
  .object({
    gid: Gid,
    resource_type: z.literal("user_task_list"),
    name: z.literal("My Tasks"),
    owner: UserCompact,
    workspace: WorkspaceCompact,
  })
  .meta({ id: "UserTaskList" });
export type UserTaskList = z.infer<typeof UserTaskList>;

export const PersonalAccessToken = z
  .object({
    gid: Gid,
    resource_type: z.literal("personal_access_token"),
    name: z.string(),
    hint: z.string().describe("The token's last characters, to tell tokens apart."),
    created_at: DateTime,
    last_used_at: DateTime.nullable(),
    token: z.string().optional().describe("The token itself: only in the answer that creates it."),
  })
  .meta({ id: "PersonalAccessToken" });
export type PersonalAccessToken = z.infer<typeof PersonalAccessToken>;

export const SetupStatus = z
  .object({
    needs_setup: z.boolean().describe("True until the first account exists."),
    email_configured: z
      .boolean()
      .optional()
      .describe("While setup is needed: whether this server can send email (TAKT_SMTP_URL)."),
  })
  .meta({ id: "SetupStatus" });
export type SetupStatus = z.infer<typeof SetupStatus>;
