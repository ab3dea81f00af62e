import type { InvitationsTable } from "../../db/schema.ts";
import { invitationEmail } from "../../email/invitation-email.ts";
import { sendMail } from "../../email/mailer.ts";
import type { Actor, Ctx } from "../context.ts";
import { recordDelivery } from "./invitation.commands.ts";
import { invitationContext } from "./invitation.queries.ts";

// How invitation links leave the server: the mail settings, a logger, and the address links point to.
export interface InvitationMailer {
  config: Parameters<typeof sendMail>[0];
  log: Parameters<typeof sendMail>[1];
  baseUrl: string;
}

// Emails the link, after the invitation is committed; when no mail goes out, the link is handed back for the
// inviter to pass on themselves.
export async function deliverInvitation(
  ctx: Ctx & { actor: Actor },
  mailer: InvitationMailer,
  invitation: InvitationsTable,
  token: string,
) {
  const context = await invitationContext(ctx.db, invitation);
  const link = `${mailer.baseUrl}/invite/${token}`;
  const message = invitationEmail({
    to: invitation.email,
    language: ctx.actor.language,
    inviterName: ctx.actor.name,
    workspaceName: context.workspace.name,
    targetName: context.project?.name ?? context.team?.name ?? null,
    link,
    expiresAt: invitation.expires_at,
  });
  const delivery = await sendMail(mailer.config, mailer.log, message);
  const recorded = await recordDelivery(ctx, invitation, delivery);
  return { invitation: recorded, context, inviteUrl: delivery === "sent" ? null : link };
}
