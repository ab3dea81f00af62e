import { escapeHtml } from "./escape-html.ts";
import type { MailMessage } from "./mailer.ts";

export interface PasswordResetEmailInput {
  to: string;
  language: string;
  link: string;
  minutes: number;
}

const TEXTS = {
  en: {
    subject: "Reset your Takt password",
    intro: "Someone (hopefully you) asked to reset the password of your Takt account.",
    button: "Choose a new password",
    expiry: (minutes: number) => `The link works once and expires in ${minutes} minutes.`,
    ignore: "If you did not ask for this, ignore this email: your password stays as it is.",
  },
  ru: {
    subject: "Сброс пароля Takt",
    intro: "Кто-то (надеемся, вы) запросил сброс пароля вашей учётной записи Takt.",
    button: "Задать новый пароль",
    expiry: (minutes: number) => `Ссылка одноразовая и действует ${minutes} минут.`,
    ignore: "Если вы этого не запрашивали, просто проигнорируйте письмо: пароль не изменится.",
  },
};

// The email speaks the account owner's language.
export function passwordResetEmail(input: PasswordResetEmailInput): MailMessage {
  const texts = TEXTS[input.language === "ru" ? "ru" : "en"];
  const expiry = texts.expiry(input.minutes);
  const text = [texts.intro, "", `${texts.button}: ${input.link}`, "", expiry, texts.ignore, ""].join("\n");
  const link = escapeHtml(input.link);
  const html = [
    `<p>${escapeHtml(texts.intro)}</p>`,
    `<p><a href="${link}">${escapeHtml(texts.button)}</a></p>`,
    `<p>${link}</p>`,
    `<p>${escapeHtml(expiry)}<br>${escapeHtml(texts.ignore)}</p>`,
  ].join("\n");
  return { to: input.to, subject: texts.subject, text, html, kind: "password_reset" };
}
