import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  raw: string;
}

// A real SMTP server on a free port: the app sends through nodemailer exactly as in production.
export async function startSmtp(): Promise<{ server: SMTPServer; url: string; inbox: ReceivedMail[] }> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        inbox.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("latin1"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return { server, url, inbox };
}

// The text and HTML parts of a received message, decoded from quoted-printable or base64.
export function bodiesOf(raw: string): string {
  const parts: string[] = [];
  const pattern = /Content-Transfer-Encoding: ([\w-]+)\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)(?=\r?\n--|$)/gi;
  for (const [, encoding, body] of raw.matchAll(pattern)) {
    if (/base64/i.test(encoding)) parts.push(Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8"));
    else if (/quoted-printable/i.test(encoding)) {
      const soft = body.replace(/=\r?\n/g, "");
      const bytes = Buffer.from(
        soft.replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
        "latin1",
      );
      parts.push(bytes.toString("utf8"));
    } else parts.push(Buffer.from(body, "latin1").toString("utf8"));
  }
  return parts.join("\n");
}

// All messages to the address so far, decoded; waits (up to ~10 s) until there are at least `count`.
export async function mailsTo(inbox: ReceivedMail[], email: string, count = 1): Promise<string[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = inbox.filter((mail) => mail.to.includes(email));
    if (found.length >= count) return found.map((mail) => bodiesOf(mail.raw));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${count} mails reached ${email}`);
}
