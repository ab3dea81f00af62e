import type { FastifyBaseLogger } from "fastify";
import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "../config.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  // What kind of message it is (invitation, password_reset, notification…): the only part of it that is logged.
  kind?: string;
}

// sent: handed to the SMTP server; logged: no SMTP configured, only a summary went to the log; failed: SMTP refused.
export type Delivery = "sent" | "logged" | "failed";

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // Short timeouts: a request waiting on a dead mail server should fail in seconds, not minutes.
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

// What the log may say about a message: who it was for and what kind it was. Never the subject or the body,
// which carry one-time links (invitations, password resets) and the names and text of tasks and comments.
export function mailSummary(message: MailMessage) {
  return { to: message.to, kind: message.kind ?? "message", chars: message.text.length };
}

// Without SMTP every notification would add a warning to the log: the first one says so, the rest are debug lines.
let warnedUnconfigured = false;

// Settings are read at send time, so a changed configuration applies to the next message.
export async function sendMail(
  config: Pick<Config, "smtpUrl" | "mailFrom">,
  log: FastifyBaseLogger,
  message: MailMessage,
): Promise<Delivery> {
  if (!config.smtpUrl) {
    if (warnedUnconfigured) log.debug({ mail: mailSummary(message) }, "SMTP is not configured: email not sent");
    else log.warn({ mail: mailSummary(message) }, "SMTP is not configured: emails are not sent (said once)");
    warnedUnconfigured = true;
    return "logged";
  }
  try {
    const { to, subject, text, html } = message;
    await transportFor(config.smtpUrl).sendMail({ from: config.mailFrom, to, subject, text, html });
    return "sent";
  } catch (error) {
    // Why it failed (connection refused, login rejected, recipient refused), without the message itself.
    const { code, responseCode } = error as { code?: string; responseCode?: number };
    log.error(
      { mail: mailSummary(message), code, responseCode, reason: (error as Error).message },
      "email could not be sent",
    );
    return "failed";
  }
}

export function closeMailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

// A message whose outcome the caller shows (the admin's test email): the mail server's refusal is thrown, not
// only logged.
export async function sendMailOrThrow(config: Pick<Config, "smtpUrl" | "mailFrom">, message: MailMessage) {
  if (!config.smtpUrl) throw new Error("SMTP is not configured");
  const { to, subject, text, html } = message;
  await transportFor(config.smtpUrl).sendMail({ from: config.mailFrom, to, subject, text, html });
}

// Where mail goes, for admins: the host and port of TAKT_SMTP_URL, never its user or password.
export function smtpHostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
