import type { ServerEmail, ServerEmailTest } from "@takt/contracts";
import type { FastifyBaseLogger } from "fastify";
import { type Config, DEFAULT_MAIL_FROM } from "../../config.ts";
import { escapeHtml } from "../../email/escape-html.ts";
import { mailSummary, sendMailOrThrow, smtpHostOf } from "../../email/mailer.ts";
import { badRequest } from "../../errors.ts";
import { requireServerAdmin } from "../../jobs/job.policy.ts";
import type { Actor, Ctx } from "../context.ts";

type AdminCtx = Ctx & { actor: Actor };
type MailConfig = Pick<Config, "smtpUrl" | "mailFrom" | "publicUrl">;

export function presentServerEmail(config: MailConfig): ServerEmail {
  return {
    configured: Boolean(config.smtpUrl),
    smtp_host: smtpHostOf(config.smtpUrl),
    from: config.mailFrom,
    from_configured: config.mailFrom !== DEFAULT_MAIL_FROM,
  };
}

export async function serverEmailStatus(ctx: AdminCtx, config: MailConfig): Promise<ServerEmail> {
  await requireServerAdmin(ctx.db, ctx.actor);
  return presentServerEmail(config);
}

const TEXT = {
  en: {
    subject: "Takt test email",
    body: (from: string) =>
      `This is a test message from Takt. Email works: invitations, password resets and notifications will reach people.\n\nSent from ${from}.`,
  },
  ru: {
    subject: "Тестовое письмо Takt",
    body: (from: string) =>
      `Это тестовое письмо от Takt. Почта работает: приглашения, сброс пароля и уведомления дойдут до людей.\n\nОтправитель: ${from}.`,
  },
};

// A server admin proves the mail settings work: one message through the configured server, to themselves by
// default. The mail server's answer is shown, not only logged.
export async function sendTestEmail(
  ctx: AdminCtx,
  config: MailConfig,
  log: FastifyBaseLogger,
  to: string | undefined,
): Promise<ServerEmailTest> {
  await requireServerAdmin(ctx.db, ctx.actor);
  if (!config.smtpUrl) {
    throw badRequest(
      "email: TAKT_SMTP_URL is not set, so this server cannot send email",
      "Set TAKT_SMTP_URL (and TAKT_MAIL_FROM) and restart Takt; see docs/settings.md.",
    );
  }
  const recipient = to ?? ctx.actor.email;
  const words = ctx.actor.language === "ru" ? TEXT.ru : TEXT.en;
  const text = words.body(config.mailFrom);
  const message = { to: recipient, subject: words.subject, text, html: `<p>${escapeHtml(text)}</p>`, kind: "test" };
  try {
    await sendMailOrThrow(config, message);
    log.info({ mail: mailSummary(message) }, "test email sent");
    return { status: "sent", to: recipient, error: null };
  } catch (error) {
    const reason = (error as Error).message.slice(0, 500);
    log.warn({ mail: mailSummary(message), reason }, "test email could not be sent");
    return { status: "failed", to: recipient, error: reason };
  }
}
