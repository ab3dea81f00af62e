import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../src/domain/auth/passwords.ts";
import { closeMailTransports } from "../src/email/mailer.ts";
import { makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { mailsTo, type ReceivedMail, startSmtp } from "./helpers/mail.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let smtp: SMTPServer;
let inbox: ReceivedMail[];
let workspace: { gid: string };

const PUBLIC_URL = "https://takt.example.test";

async function post(path: string, data: unknown, cookie?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cookie) Object.assign(headers, { cookie, "x-requested-with": "XMLHttpRequest" });
  const response = await fetch(`${t.api}${path}`, { method: "POST", headers, body: JSON.stringify({ data }) });
  const cookieOut = /takt_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0];
  return {
    status: response.status,
    body: (await response.json()) as any,
    cookie: cookieOut,
    headers: response.headers,
  };
}

async function me(cookie: string) {
  const response = await fetch(`${t.api}/users/me`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as any };
}

async function login(user: TestUser, password: string) {
  return post("/auth/login", { email: user.email, password });
}

const linkIn = (text: string) => {
  const match = /https:\/\/takt\.example\.test\/reset-password\/(takt_pwr_[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no reset link in: ${text}`);
  return match[1];
};

// Asks for a link and returns the token from the newest email (waiting for it to arrive).
async function resetLinkFor(user: TestUser): Promise<string> {
  const before = inbox.filter((mail) => mail.to.includes(user.email)).length;
  const asked = await post("/auth/password_reset", { email: user.email });
  expect(asked.status).toBe(200);
  const mails = await mailsTo(inbox, user.email, before + 1);
  return linkIn(mails.at(-1) ?? "");
}

// The per-person throttle allows one email a minute: tests that need a second link age the first.
async function ageResets(user: TestUser, minutes: number) {
  const earlier = new Date(Date.now() - minutes * 60_000).toISOString();
  await t.handle.db
    .updateTable("password_resets")
    .set({ created_at: earlier })
    .where("user_gid", "=", Number(user.gid))
    .execute();
}

beforeAll(async () => {
  t = await startTestApp();
  const mail = await startSmtp();
  smtp = mail.server;
  inbox = mail.inbox;
  t.app.takt.config.smtpUrl = mail.url;
  t.app.takt.config.publicUrl = PUBLIC_URL;
  workspace = await makeWorkspace(t, "Reset Studio");
});

afterAll(async () => {
  closeMailTransports();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await t?.close();
});

describe("password reset by email", () => {
  it("emails a single-use link that sets the password, ends every session and signs in", async () => {
    const user = await makeUser(t, workspace.gid, "member", "Rita Reset");
    const elsewhere = await login(user, "correct horse battery");
    expect(elsewhere.status).toBe(200);

    const token = await resetLinkFor(user);
    const stored = await t.handle.db.selectFrom("password_resets").selectAll().execute();
    expect(stored.some((row) => row.token_hash === hashSecret(token))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(token);

    const short = await post("/auth/password_reset/confirm", { token, password: "short" });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].message).toMatch(/^password: must be at least 8 characters/);

    const done = await post("/auth/password_reset/confirm", { token, password: "a brand new password" });
    expect(done.status).toBe(200);
    expect(done.body.data.email).toBe(user.email);
    expect(done.cookie).toBeTruthy();
    expect((await me(done.cookie ?? "")).body.data.email).toBe(user.email);
    // The session that was open before the reset (perhaps the attacker's) is gone.
    expect((await me(elsewhere.cookie ?? "")).status).toBe(401);

    expect((await login(user, "correct horse battery")).status).toBe(401);
    expect((await login(user, "a brand new password")).status).toBe(200);

    const again = await post("/auth/password_reset/confirm", { token, password: "yet another password" });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].message).toMatch(/^token: This password reset link is not valid/);
    expect((await login(user, "yet another password")).status).toBe(401);
  });

  it("answers the same for an unknown email and sends nothing", async () => {
    const before = inbox.length;
    const unknown = await post("/auth/password_reset", { email: "nobody@nowhere.test" });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ data: {} });
    const user = await makeUser(t, workspace.gid, "member");
    const known = await post("/auth/password_reset", { email: user.email });
    expect(known.body).toEqual(unknown.body);
    await mailsTo(inbox, user.email, 1);
    expect(inbox.filter((mail) => mail.to.includes("nobody@nowhere.test"))).toHaveLength(0);
    expect(inbox.length).toBe(before + 1);
  });

  it("refuses a wrong, an expired and a replaced link", async () => {
    const user = await makeUser(t, workspace.gid, "member");
    const wrong = await post("/auth/password_reset/confirm", {
      token: "takt_pwr_not-a-real-token",
      password: "long enough password",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toMatch(/^token:/);

    const expiring = await resetLinkFor(user);
    await t.handle.db
      .updateTable("password_resets")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("token_hash", "=", hashSecret(expiring))
      .execute();
    const expired = await post("/auth/password_reset/confirm", { token: expiring, password: "long enough password" });
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0].message).toMatch(/^token:/);

    await ageResets(user, 2);
    const first = await resetLinkFor(user);
    await ageResets(user, 2);
    const second = await resetLinkFor(user);
    expect(second).not.toBe(first);
    const replaced = await post("/auth/password_reset/confirm", { token: first, password: "long enough password" });
    expect(replaced.status).toBe(400);
    const current = await post("/auth/password_reset/confirm", { token: second, password: "long enough password" });
    expect(current.status).toBe(200);
  });

  it("voids a pending link when the password is changed", async () => {
    const user = await makeUser(t, workspace.gid, "member");
    const token = await resetLinkFor(user);
    const signedIn = await login(user, "correct horse battery");
    const response = await fetch(`${t.api}/users/me/password`, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        cookie: signedIn.cookie ?? "",
        "x-requested-with": "XMLHttpRequest",
      },
      body: JSON.stringify({ data: { current_password: "correct horse battery", new_password: "changed password 1" } }),
    });
    expect(response.status).toBe(200);
    const late = await post("/auth/password_reset/confirm", { token, password: "long enough password" });
    expect(late.status).toBe(400);
  });

  it("sends at most one email a minute per person, silently", async () => {
    const user = await makeUser(t, workspace.gid, "member");
    await resetLinkFor(user);
    const second = await post("/auth/password_reset", { email: user.email });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ data: {} });
    // A later request for someone else still goes out, so the first one's email had time to be sent too.
    const other = await makeUser(t, workspace.gid, "member");
    await resetLinkFor(other);
    expect(inbox.filter((mail) => mail.to.includes(user.email))).toHaveLength(1);
  });

  it("refuses bad input with the field named", async () => {
    const missing = await post("/auth/password_reset", {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toBe("email: Missing input");
    const noToken = await post("/auth/password_reset/confirm", { password: "long enough password" });
    expect(noToken.status).toBe(400);
    expect(noToken.body.errors[0].message).toBe("token: Missing input");
  });

  // Last: it spends this address's allowance for the rest of the file.
  it("limits requests per client address with a 429 and Retry-After", async () => {
    let limited: Awaited<ReturnType<typeof post>> | null = null;
    for (let attempt = 0; attempt < 40 && !limited; attempt++) {
      const answer = await post("/auth/password_reset", { email: `flood${attempt}@nowhere.test` });
      if (answer.status === 429) limited = answer;
      else expect(answer.status).toBe(200);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
