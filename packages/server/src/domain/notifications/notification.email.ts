import { escapeHtml, oneLine } from "../../email/escape-html.ts";
import type { MailMessage } from "../../email/mailer.ts";

export interface MailedNotification {
  text: string;
  created_at: string;
}

// One notification as it happens.
export function instantEmail(to: string, notification: MailedNotification, inboxUrl: string): MailMessage {
  const subject = oneLine(notification.text).slice(0, 200);
  return {
    to,
    kind: "notification",
    subject,
    text: `${notification.text}\n\nOpen your inbox: ${inboxUrl}\n`,
    html: `<p>${escapeHtml(notification.text)}</p><p><a href="${escapeHtml(inboxUrl)}">Open your inbox</a></p>`,
  };
}

// The day's unread notifications in one message.
export function digestEmail(to: string, notifications: MailedNotification[], inboxUrl: string): MailMessage {
  const count = notifications.length;
  const subject = `Takt: ${count} unread notification${count === 1 ? "" : "s"}`;
  const lines = notifications.map((notification) => `- ${notification.text}`);
  return {
    to,
    kind: "notification_digest",
    subject,
    text: `Your daily digest:\n\n${lines.join("\n")}\n\nOpen your inbox: ${inboxUrl}\n`,
    html: `<p>Your daily digest:</p><ul>${notifications
      .map((notification) => `<li>${escapeHtml(notification.text)}</li>`)
      .join("")}</ul><p><a href="${escapeHtml(inboxUrl)}">Open your inbox</a></p>`,
  };
}
