import type { ChangePasswordBody, Language, LoginBody, PasswordResetConfirmBody } from "@takt/contracts";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../../config.ts";
import { sendMail } from "../../email/mailer.ts";
import { passwordResetEmail } from "../../email/password-reset-email.ts";
import { badRequest, forbidden, invalid, notFound, unauthorized } from "../../errors.ts";
import { recordUserAudit } from "../audit/audit.record.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { loadTemplateGallery } from "../templates/gallery.ts";
import { addUserToWorkspace, createUser } from "../users/user.commands.ts";
import { createWorkspace } from "../workspaces/workspace.commands.ts";
import {
  auditFailedSignIn,
  changePassword,
  checkPassword,
  createAccessToken,
  DEACTIVATED_MESSAGE,
  isDeactivatedEverywhere,
  openSession,
  revokeAccessToken,
  signOut,
} from "./auth.commands.ts";
import { requireSetupOpen } from "./auth.policy.ts";
import { accessTokensOf } from "./auth.queries.ts";
import { assertSignInAllowed, recordFailedSignIn, recordSuccessfulSignIn } from "./login-throttle.ts";
import { confirmPasswordReset, RESET_LINK_MINUTES, requestPasswordReset } from "./password-reset.ts";

type UserCtx = Ctx & { actor: Actor };
// The session cookie the browser sent, if any: signing in always replaces it.
type Browser = { previousToken: string | null };

// The first workspace, its admin and the admin's session: all of it, or (set up already, bad input) none of it.
export async function setUpTakt(
  ctx: Ctx,
  input: { workspace_name: string; name: string; email: string; password: string; language: Language },
  browser: Browser,
) {
  return unitOfWork(ctx, async (uow) => {
    await requireSetupOpen(uow.db);
    const workspace = await createWorkspace(uow, input.workspace_name);
    const user = await createUser(uow, {
      name: input.name,
      email: input.email,
      password: input.password,
      language: input.language,
    });
    await addUserToWorkspace(uow, workspace.gid, user.gid, "admin");
    // Every workspace starts with the template gallery, in its creator's language.
    await loadTemplateGallery({ ...uow, actor: { ...user, language: input.language } }, workspace.gid, input.language);
    return { userGid: user.gid, session: await openSession(uow.db, user.gid, browser.previousToken) };
  });
}

// A failed sign-in is recorded whatever follows (the audit row, the count toward a lockout) and answered 401, or
// 429 once the email or the address is locked out. A successful one is one unit: its audit row, the end of the
// email's run of failures and the new session.
export async function logIn(ctx: Ctx, config: Config, input: LoginBody, client: Browser & { ip: string }) {
  await assertSignInAllowed(ctx.db, config, input.email, client.ip);
  const actor = await checkPassword(ctx.db, input.email, input.password);
  if (!actor) {
    await auditFailedSignIn(ctx.db, input.email, ctx.origin);
    throw (
      (await recordFailedSignIn(ctx.db, config, input.email, client.ip)) ??
      unauthorized("email: the email or password is incorrect")
    );
  }
  if (await isDeactivatedEverywhere(ctx.db, actor.gid)) throw forbidden(DEACTIVATED_MESSAGE);
  return unitOfWork({ ...ctx, actor }, async (uow) => {
    await recordUserAudit(uow.db, ctx.origin, actor, actor, { eventType: "user_login_succeeded", category: "logins" });
    await recordSuccessfulSignIn(uow.db, input.email);
    return { userGid: actor.gid, session: await openSession(uow.db, actor.gid, client.previousToken) };
  });
}

export async function logOut(ctx: Ctx, sessionToken: string | null) {
  if (sessionToken) await unitOfWork(ctx, (uow) => signOut(uow, sessionToken, ctx.origin));
}

export async function listAccessTokens(ctx: UserCtx) {
  return accessTokensOf(ctx.db, ctx.actor.gid);
}

// The token is in this answer only; the database keeps its hash.
export async function addAccessToken(ctx: UserCtx, name: string) {
  return unitOfWork(ctx, (uow) =>
    createAccessToken(uow.db, ctx.actor.gid, name, { actor: ctx.actor, origin: ctx.origin }),
  );
}

// Only one's own live tokens are found.
export async function removeAccessToken(ctx: UserCtx, tokenGid: number) {
  await unitOfWork(ctx, async (uow) => {
    const by = { actor: ctx.actor, origin: ctx.origin };
    if (!(await revokeAccessToken(uow, ctx.actor.gid, tokenGid, by))) throw notFound("personal_access_token");
  });
}

// The same outcome for the caller whether or not the email has an account, and whether or not a link was sent:
// the email goes out after the answer, so how long the mail server takes tells nothing either.
export async function askForPasswordReset(
  ctx: Ctx,
  config: Config,
  log: FastifyBaseLogger,
  input: { email: string; baseUrl: string },
) {
  const result = await unitOfWork(ctx, (uow) => requestPasswordReset(uow.db, input.email, ctx.origin));
  if (result.outcome !== "issued") return;
  if (!config.smtpUrl) {
    // The link is a password: it is never written to the log, unlike an invitation without SMTP.
    log.warn({ user: result.user.gid }, "password reset requested, but SMTP is not configured: no email sent");
    return;
  }
  const message = passwordResetEmail({
    to: result.user.email,
    language: result.user.language,
    link: `${input.baseUrl}/reset-password/${result.token}`,
    minutes: RESET_LINK_MINUTES,
  });
  void sendMail(config, log, message);
}

const INVALID_LINK =
  "token: This password reset link is not valid: it was already used, replaced by a newer one, or has expired. Ask for a new one.";

// The link is spent, the password set, every session of the person ended and this browser's new one opened.
export async function resetPassword(ctx: Ctx, input: PasswordResetConfirmBody, browser: Browser) {
  return unitOfWork(ctx, async (uow) => {
    const user = await confirmPasswordReset(uow, input.token, input.password, ctx.origin);
    if (!user) throw badRequest(INVALID_LINK);
    return { userGid: user.gid, session: await openSession(uow.db, user.gid, browser.previousToken) };
  });
}

// Every session of the person ends with the change; a browser (not a script with a token) gets a new one.
export async function changeOwnPassword(ctx: UserCtx, input: ChangePasswordBody, browser: Browser | null) {
  return unitOfWork(ctx, async (uow) => {
    const by = { actor: ctx.actor, origin: ctx.origin };
    const outcome = await changePassword(uow, by, input.current_password, input.new_password);
    if (outcome === "wrong_password")
      throw invalid("current_password", "wrong_password", "the current password is incorrect");
    return { session: browser ? await openSession(uow.db, ctx.actor.gid, browser.previousToken) : null };
  });
}
