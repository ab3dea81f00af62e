import type { InvitationsTable } from "../../db/schema.ts";
import { userRef } from "../users/user.presenter.ts";
import { type InvitationContext, invitationStatus } from "./invitation.queries.ts";

export const INVITATION_COMPACT = ["email", "role", "status"] as const;

const ref = (resourceType: string, row: { gid: number; name: string } | null) =>
  row ? { gid: String(row.gid), resource_type: resourceType, name: row.name } : null;

export function presentInvitation(invitation: InvitationsTable, context: InvitationContext) {
  return {
    gid: String(invitation.gid),
    resource_type: "invitation",
    email: invitation.email,
    role: invitation.role,
    access_level: invitation.access_level,
    status: invitationStatus(invitation),
    delivery: invitation.delivery,
    workspace: ref("workspace", context.workspace),
    team: ref("team", context.team),
    project: ref("project", context.project),
    inviter: userRef(context.inviter),
    created_at: invitation.created_at,
    expires_at: invitation.expires_at,
    accepted_at: invitation.accepted_at,
  };
}

// What the invitee sees before accepting: enough to know who invites them where, nothing about anyone else.
export function presentInvitationPreview(
  invitation: InvitationsTable,
  context: InvitationContext,
  hasAccount: boolean,
) {
  return {
    email: invitation.email,
    role: invitation.role,
    workspace: { name: context.workspace.name },
    ...(context.team ? { team: { name: context.team.name } } : {}),
    ...(context.project ? { project: { name: context.project.name } } : {}),
    inviter: { name: context.inviter?.name ?? "" },
    expires_at: invitation.expires_at,
    has_account: hasAccount,
  };
}
