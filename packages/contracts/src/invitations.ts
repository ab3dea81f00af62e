import { z } from "zod";
import { Gid, Language } from "./common.ts";

export const InvitationRole = z.enum(["member", "guest"], "must be member or guest");

export const CreateInvitationBody = z.strictObject({
  workspace: Gid,
  email: z.string().trim().toLowerCase().email("must be an email address").max(320),
  role: InvitationRole,
  team: Gid.nullish(),
  project: Gid.nullish(),
  access_level: z
    .enum(["admin", "editor", "commenter", "viewer"], "must be admin, editor, commenter or viewer")
    .nullish(),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

export const InvitationsQuery = z.object({ workspace: Gid, project: Gid.optional() });

export const AcceptInvitationBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(1).max(200),
  language: Language.optional(),
});
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;

export const InvitationPathParams = z.object({ invitation_gid: Gid });
// The token from the invitation link: the invitee's only credential.
export const InvitationTokenPathParams = z.object({ token: z.string() });
