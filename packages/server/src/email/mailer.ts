import type { FastifyBaseLogger } from "fastify";
import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "../config.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

// sent: handed to the SMTP server; logged: no SMTP configured, the message went to the log; failed: SMTP refused.
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

// Settings are read at send time, so a changed configuration applies to the next message.
export async function sendMail(
  config: Pick<Config, "smtpUrl" | "mailFrom">,
  log: FastifyBaseLogger,
  message: MailMessage,
): Promise<Delivery> {
  if (!config.smtpUrl) {
    log.info(
      { mail: { to: message.to, subject: message.subject, text: message.text } },
      "SMTP is not configured: email logged, not sent",
    );
    return "logged";
  }
  try {
    await transportFor(config.smtpUrl).sendMail({ from: config.mailFrom, ...message });
    return "sent";
  } catch (error) {
    log.error({ err: error, to: message.to, subject: message.subject }, "email could not be sent");
    return "failed";
  }
}

export function closeMailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
