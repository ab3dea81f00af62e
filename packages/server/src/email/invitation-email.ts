import { escapeHtml, oneLine } from "./escape-html.ts";
import type { MailMessage } from "./mailer.ts";

export interface InvitationEmailInput {
  to: string;
  language: string;
  inviterName: string;
  workspaceName: string;
  targetName: string | null;
  link: string;
  expiresAt: string;
}

interface Texts {
  subject(inviter: string, place: string): string;
  intro(inviter: string, place: string): string;
  button: string;
  expiry(date: string): string;
  ignore: string;
}

const TEXTS: Record<"en" | "ru", Texts> = {
  en: {
    subject: (inviter, place) => `${inviter} invited you to ${place} on Takt`,
    intro: (inviter, place) => `${inviter} invited you to join ${place} on Takt.`,
    button: "Accept the invitation",
    expiry: (date) => `The link works once and expires on ${date}.`,
    ignore: "If you did not expect this invitation, you can ignore this email.",
  },
  ru: {
    subject: (inviter, place) => `${inviter} приглашает вас в ${place} в Takt`,
    intro: (inviter, place) => `${inviter} приглашает вас присоединиться к ${place} в Takt.`,
    button: "Принять приглашение",
    expiry: (date) => `Ссылка одноразовая и действует до ${date}.`,
    ignore: "Если вы не ждали этого приглашения, просто проигнорируйте письмо.",
  },
};

function formatDate(iso: string, language: "en" | "ru"): string {
  return new Intl.DateTimeFormat(language === "ru" ? "ru-RU" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(iso),
  );
}

// The email speaks the inviter's language: they know their client.
export function invitationEmail(input: InvitationEmailInput): MailMessage {
  const language = input.language === "ru" ? "ru" : "en";
  const texts = TEXTS[language];
  const inviter = oneLine(input.inviterName);
  const place = oneLine(
    input.targetName ? `“${input.targetName}” (${input.workspaceName})` : `“${input.workspaceName}”`,
  );
  const expiry = texts.expiry(formatDate(input.expiresAt, language));
  const text = [texts.intro(inviter, place), "", `${texts.button}: ${input.link}`, "", expiry, texts.ignore, ""].join(
    "\n",
  );
  const link = escapeHtml(input.link);
  const html = [
    `<p>${escapeHtml(texts.intro(inviter, place))}</p>`,
    `<p><a href="${link}">${escapeHtml(texts.button)}</a></p>`,
    `<p>${link}</p>`,
    `<p>${escapeHtml(expiry)}<br>${escapeHtml(texts.ignore)}</p>`,
  ].join("\n");
  return { to: input.to, subject: texts.subject(inviter, place), text, html, kind: "invitation" };
}
