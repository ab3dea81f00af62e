import { z } from "zod";
import { Gid } from "../common.ts";
import { DateTime, ProjectCompact, TeamCompact, UserCompact, WorkspaceCompact } from "./shared.ts";

export const Invitation = z
  .object({
    gid: Gid,
    resource_type: z.literal("invitation"),
    email: z.string(),
    role: z.enum(["member", "guest"]),
    access_level: z.enum(["admin", "editor", "commenter", "viewer"]).nullable().describe("Project invitations only."),
    status: z.enum(["pending", "accepted", "revoked", "expired"]),
    delivery: z.enum(["sent", "logged", "failed"]).describe("Whether the email went out."),
    workspace: WorkspaceCompact.nullable(),
    team: TeamCompact.nullable(),
    project: ProjectCompact.nullable(),
    inviter: UserCompact.nullable(),
    created_at: DateTime,
    expires_at: DateTime,
    accepted_at: DateTime.nullable(),
    invite_url: z
      .string()
      .optional()
      .describe("The link to pass on yourself: in create and resend answers when no email went out."),
  })
  .meta({ id: "Invitation", description: "Takt: an invitation into a workspace, team or project." });
export type Invitation = z.infer<typeof Invitation>;

export const InvitationCompact = Invitation.pick({
  gid: true,
  resource_type: true,
  email: true,
  role: true,
  status: true,
}).meta({ id: "InvitationCompact" });
export type InvitationCompact = z.infer<typeof InvitationCompact>;

// What the invitee sees before accepting: who invites them where, nothing about anyone else.
export const InvitationPreview = z
  .object({
    email: z.string(),
    role: z.enum(["member", "guest"]),
    workspace: z.object({ name: z.string() }),
    team: z.object({ name: z.string() }).optional(),
    project: z.object({ name: z.string() }).optional(),
    inviter: z.object({ name: z.string() }),
    expires_at: DateTime,
    has_account: z.boolean().describe("The email already has an account: accepting asks for its password."),
  })
  .meta({ id: "InvitationPreview" });
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const AuditLogEvent = z
  .object({
    gid: Gid,
    resource_type: z.literal("audit_log_event"),
    created_at: DateTime,
    event_type: z.string(),
    event_category: z.string(),
    actor: z.object({
      actor_type: z.enum(["user", "asana", "anonymous"]),
      gid: Gid.optional(),
      name: z.string().nullable().optional(),
      email: z.string().nullable().optional(),
    }),
    resource: z.object({
      resource_type: z.string(),
      resource_subtype: z.string().optional(),
      gid: Gid.optional(),
      name: z.string().optional(),
      email: z.string().optional(),
    }),
    details: z.record(z.string(), z.unknown()),
    context: z.object({
      context_type: z.enum(["web", "api", "email", "asana"]),
      api_authentication_method: z.enum(["cookie", "personal_access_token"]).optional(),
      client_ip_address: z.string().optional(),
      user_agent: z.string().optional(),
    }),
  })
  .meta({ id: "AuditLogEvent", description: "Asana's audit log event; absent parts are left out." });
export type AuditLogEvent = z.infer<typeof AuditLogEvent>;

export const Notification = z
  .object({
    gid: Gid,
    resource_type: z.literal("notification"),
    kind: z
      .string()
      .describe(
        "assigned, comment, mention, completed, approval, due_date_changed, form_submission, unblocked, " +
          "team_join_request (someone asks to join a team you manage) or team_join_decided (your request was answered).",
      ),
    text: z.string(),
    created_at: DateTime,
    read: z.boolean(),
    read_at: DateTime.nullable(),
    archived: z.boolean(),
    actor: UserCompact.nullable(),
    task: z.object({ gid: Gid, resource_type: z.literal("task"), name: z.string() }).nullable(),
    project: ProjectCompact.nullable(),
    story: z.object({ gid: Gid, resource_type: z.literal("story") }).nullable(),
    team: z.object({ gid: Gid, resource_type: z.literal("team"), name: z.string() }).nullable(),
    workspace: z.object({ gid: Gid, resource_type: z.literal("workspace") }),
  })
  .meta({ id: "Notification", description: "Takt: an entry of the caller's inbox." });
export type Notification = z.infer<typeof Notification>;

export const UnreadCount = z.object({ unread_count: z.number().int() }).meta({ id: "UnreadCount" });
export type UnreadCount = z.infer<typeof UnreadCount>;

// Typeahead: a compact record of the asked resource_type; tasks add completed and resource_subtype, projects
// and tags their colour, custom fields their resource_subtype.
export const TypeaheadResult = z
  .object({
    gid: Gid,
    resource_type: z.string(),
    name: z.string(),
    completed: z.boolean().optional(),
    resource_subtype: z.string().optional(),
    color: z.string().nullable().optional(),
  })
  .meta({ id: "TypeaheadResult" });
export type TypeaheadResult = z.infer<typeof TypeaheadResult>;
