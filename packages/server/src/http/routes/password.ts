import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { changePassword } from "../../domain/auth/auth.commands.ts";
import { confirmPasswordReset, RESET_LINK_MINUTES, requestPasswordReset } from "../../domain/auth/password-reset.ts";
import { sendMail } from "../../email/mailer.ts";
import { passwordResetEmail } from "../../email/password-reset-email.ts";
import { badRequest, RATE_LIMITED_MESSAGE, RateLimitedError } from "../../errors.ts";
import { originOf } from "../origin.ts";
import { TokenBuckets } from "../rate-limit.ts";
import { actorOf, baseUrl } from "../request.ts";
import { startSession } from "../session.ts";
import { parseData } from "../validation.ts";

const NewPassword = z.string().min(8, "must be at least 8 characters").max(200);
const ResetRequest = z.strictObject({ email: z.string().trim().min(1).max(320) });
const ResetConfirm = z.strictObject({ token: z.string().min(1).max(200), password: NewPassword });
const ChangePassword = z.strictObject({ current_password: z.string().min(1).max(200), new_password: NewPassword });

const INVALID_LINK =
  "token: This password reset link is not valid: it was already used, replaced by a newer one, or has expired. Ask for a new one.";

// Password reset by email and password change. Every path ends all the person's sessions and opens a fresh one
// on the browser that did it.
export async function passwordRoutes(app: FastifyInstance) {
  const { db, config } = app.takt;
  // Per client address: the reset form sends email, so it must not become a way to flood inboxes.
  const resetRequests = new TokenBuckets(20, 15 * 60_000);

  // The same answer whether or not the email has an account, and whether or not a link was sent.
  app.post("/auth/password_reset", async (request) => {
    const wait = resetRequests.take(request.ip);
    if (wait > 0) throw new RateLimitedError(RATE_LIMITED_MESSAGE, wait);
    const input = parseData(ResetRequest, request.body);
    const result = await requestPasswordReset(db, input.email, originOf(request));
    if (result.outcome === "issued") {
      if (!config.smtpUrl) {
        // The link is a password: it is never written to the log, unlike an invitation without SMTP.
        request.log.warn(
          { user: result.user.gid },
          "password reset requested, but SMTP is not configured: no email sent",
        );
      } else {
        // Sent after answering: how long the mail server takes must not tell whether the account exists.
        const message = passwordResetEmail({
          to: result.user.email,
          language: result.user.language,
          link: `${baseUrl(request)}/reset-password/${result.token}`,
          minutes: RESET_LINK_MINUTES,
        });
        void sendMail(config, request.log, message);
      }
    }
    return { data: {} };
  });

  app.post("/auth/password_reset/confirm", async (request, reply) => {
    const input = parseData(ResetConfirm, request.body);
    const user = await confirmPasswordReset(app.takt, input.token, input.password, originOf(request));
    if (!user) throw badRequest(INVALID_LINK);
    return startSession(db, reply, user.gid);
  });

  app.put("/users/me/password", async (request, reply) => {
    const actor = actorOf(request);
    const input = parseData(ChangePassword, request.body);
    const outcome = await changePassword(
      app.takt,
      { actor, origin: originOf(request) },
      input.current_password,
      input.new_password,
    );
    if (outcome === "wrong_password") throw badRequest("current_password: the current password is incorrect");
    // A script with a token keeps its token; a browser gets a new session in place of the one just ended.
    if (request.headers.authorization) return { data: {} };
    return startSession(db, reply, actor.gid);
  });
}
