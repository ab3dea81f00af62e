import { z } from "zod";
import { Gid } from "./common.ts";

// Asana endpoints that serve resources Takt already has under another path (batch, memberships, workspace
// memberships, project statuses, briefs, access requests, reactions, favorites, custom IDs).

const Ref = z.string().min(1).max(40);

// POST /batch: up to 10 actions, each run as its own request with the caller's credentials.
export const BatchAction = z.strictObject({
  relative_path: z.string().min(1).max(2000).regex(/^\//, "must start with /"),
  method: z.enum(["get", "post", "put", "delete", "patch", "head", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
  data: z.record(z.string(), z.unknown()).optional(),
  options: z
    .object({
      limit: z.number().int().optional(),
      offset: z.string().optional(),
      fields: z.array(z.string()).optional(),
      opt_fields: z.array(z.string()).optional(),
    })
    .loose()
    .optional(),
});
export const BatchBody = z.strictObject({ actions: z.array(BatchAction).min(1).max(10) });
export type BatchBody = z.infer<typeof BatchBody>;
export const BatchResult = z
  .object({
    status_code: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  })
  .meta({ id: "BatchResult" });

// Generic memberships (Asana's /memberships): Takt's are project memberships.
export const MembershipsQuery = z
  .object({ parent: z.string().optional(), member: z.string().optional(), resource_subtype: z.string().optional() })
  .loose();
export const CreateMembershipBody = z.strictObject({
  parent: Ref,
  member: z.string().min(1).max(320),
  access_level: z.enum(["admin", "editor", "commenter", "viewer"]).optional(),
  role: z.string().optional(),
});
export const UpdateMembershipBody = z.strictObject({
  access_level: z.enum(["admin", "editor", "commenter", "viewer"]),
});
export const MembershipParams = z.object({ membership_gid: Gid });

export const WorkspaceMembership = z
  .object({
    gid: Gid,
    resource_type: z.literal("workspace_membership"),
    user: z.object({ gid: Gid, resource_type: z.string(), name: z.string() }).loose(),
    workspace: z.object({ gid: Gid, resource_type: z.string(), name: z.string() }).loose(),
    is_active: z.boolean(),
    is_admin: z.boolean(),
    is_guest: z.boolean(),
    created_at: z.string(),
  })
  .loose()
  .meta({ id: "WorkspaceMembership" });
export const WorkspaceMembershipParams = z.object({ workspace_membership_gid: Gid });
export const WorkspaceMembershipsQuery = z
  .object({ workspace: z.string().optional(), user: z.string().optional() })
  .loose();
export const UserInWorkspaceParams = z.object({ workspace_gid: Gid, user_gid: z.string().min(1).max(320) });
export const UpdateUserInWorkspaceBody = z
  .object({ custom_fields: z.record(z.string(), z.unknown()).optional() })
  .loose();
export const UserMembershipsQuery = z.object({ workspace: z.string().optional() }).loose();
export const UserParams = z.object({ user_gid: z.string().min(1).max(320) });

export const FavoritesQuery = z
  .object({
    resource_type: z.enum(["portfolio", "project", "tag", "task", "user", "project_template"]),
    workspace: z.string().min(1),
  })
  .loose();

export const ProjectSearchQuery = z
  .object({ text: z.string().max(1000).optional(), archived: z.string().optional() })
  .loose();

export const CustomIdParams = z.object({ workspace_gid: Gid, custom_id: z.string().min(1).max(100) });

// Project statuses (deprecated by Asana in favour of status updates, still called by older scripts).
export const ProjectStatusColor = z.enum(["green", "yellow", "red", "blue", "complete"]);
export const CreateProjectStatusBody = z.strictObject({
  title: z.string().trim().min(1).max(1024),
  color: ProjectStatusColor,
  text: z.string().max(65_000).optional(),
  html_text: z.string().max(262_144).optional(),
});
export const ProjectStatus = z
  .object({
    gid: Gid,
    resource_type: z.literal("project_status"),
    title: z.string(),
    color: ProjectStatusColor,
    text: z.string(),
    html_text: z.string(),
    created_at: z.string(),
  })
  .loose()
  .meta({ id: "ProjectStatus" });
export const ProjectStatusParams = z.object({ project_status_gid: Gid });

// Reactions: who reacted to a story or a status update with an emoji (Takt stores the like: 👍 / ❤️).
export const ReactionsQuery = z.object({ target: z.string().min(1), emoji_base: z.string().min(1) }).loose();

// Project briefs.
export const ProjectBriefBody = z.strictObject({
  title: z.string().max(1024).optional(),
  text: z.string().max(65_535).optional(),
  html_text: z.string().max(262_144).optional(),
});
export const ProjectBrief = z
  .object({
    gid: Gid,
    resource_type: z.literal("project_brief"),
    title: z.string(),
    text: z.string(),
    html_text: z.string(),
    project: z.object({ gid: Gid }).loose(),
    permalink_url: z.string(),
  })
  .loose()
  .meta({ id: "ProjectBrief" });
export const ProjectBriefParams = z.object({ project_brief_gid: Gid });

// Access requests to a project.
export const AccessRequestsQuery = z.object({ target: z.string().min(1), user: z.string().optional() }).loose();
export const CreateAccessRequestBody = z.strictObject({ target: Ref, message: z.string().max(10_000).optional() });
export const AccessRequestParams = z.object({ access_request_gid: Gid });
export const AccessRequest = z
  .object({
    gid: Gid,
    resource_type: z.literal("access_request"),
    approval_status: z.enum(["pending", "approved", "rejected"]),
    message: z.string().nullable(),
    requester: z.object({ gid: Gid }).loose(),
    target: z.object({ gid: Gid }).loose(),
  })
  .loose()
  .meta({ id: "AccessRequest" });

export const TimeTrackingEntriesQuery = z
  .object({
    workspace: z.string().optional(),
    task: z.string().optional(),
    project: z.string().optional(),
    portfolio: z.string().optional(),
    user: z.string().optional(),
    attributable_to: z.string().optional(),
    entered_on_start_date: z.string().optional(),
    entered_on_end_date: z.string().optional(),
    timesheet_approval_status: z.string().optional(),
  })
  .loose();

export const DuplicateProjectBody = z.strictObject({
  name: z.string().trim().min(1).max(1024),
  team: Ref.optional(),
  include: z.union([z.string().max(500), z.array(z.string().max(50)).max(20)]).optional(),
  schedule_dates: z
    .object({
      should_skip_weekends: z.boolean().optional(),
      due_on: z.string().optional(),
      start_on: z.string().optional(),
    })
    .loose()
    .optional(),
});
