import { z } from "zod";

// Takt extension: whether this server can send email (invitations, password resets, notifications), for
// server admins, and a test message to prove it.

export const ServerEmail = z
  .object({
    configured: z.boolean().describe("TAKT_SMTP_URL is set: email is sent; otherwise it is only logged."),
    smtp_host: z.string().nullable().describe("The mail server's host and port (never its credentials)."),
    from: z.string().describe("The sender address (TAKT_MAIL_FROM)."),
    from_configured: z.boolean().describe("TAKT_MAIL_FROM is set; the default, takt@localhost, is often refused."),
  })
  .meta({ id: "ServerEmail" });
export type ServerEmail = z.infer<typeof ServerEmail>;

export const ServerEmailTestBody = z.strictObject({
  to: z.string().trim().toLowerCase().email().max(320).optional().describe("Defaults to the caller's own address."),
});
export type ServerEmailTestBody = z.infer<typeof ServerEmailTestBody>;

export const ServerEmailTest = z
  .object({
    status: z.enum(["sent", "failed"]).describe("sent: the mail server accepted the message."),
    to: z.string(),
    error: z.string().nullable().describe("Why the mail server did not take it (connection refused, login …)."),
  })
  .meta({ id: "ServerEmailTest" });
export type ServerEmailTest = z.infer<typeof ServerEmailTest>;
