import { z } from "zod";
import { Language } from "./common.ts";

// How a person's notifications reach them by email.
export const EmailNotifications = z.enum(["instant", "daily_digest", "off"]).meta({ id: "EmailNotifications" });
export type EmailNotifications = z.infer<typeof EmailNotifications>;

export const UpdateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  language: Language.optional(),
  email_notifications: EmailNotifications.optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const UsersListQuery = z.object({ workspace: z.string().optional(), team: z.string().optional() }).loose();

// A person by gid, email or "me".
export const UserPathParams = z.object({
  user_gid: z.string().describe('A user gid, their email, or "me".'),
});
