import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../src/domain/auth/auth.commands.ts";
import { requestPasswordReset } from "../src/domain/auth/password-reset.ts";
import { createInvitation } from "../src/domain/invitations/invitation.commands.ts";
import { makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string };

const PASSWORD = "correct horse battery";

async function call(method: string, path: string, data?: unknown, cookie?: string, token?: string) {
  const headers: Record<string, string> = {};
  if (data !== undefined) headers["content-type"] = "application/json";
  if (cookie) Object.assign(headers, { cookie, "x-requested-with": "XMLHttpRequest" });
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${t.api}${path}`, {
    method,
    headers,
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  const cookieOut = /takt_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0];
  return { status: response.status, body: (await response.json()) as any, cookie: cookieOut };
}

const login = (user: TestUser, password = PASSWORD, cookie?: string) =>
  call("POST", "/auth/login", { email: user.email, password }, cookie);
const whoIs = async (cookie: string) => {
  const answer = await call("GET", "/users/me", undefined, cookie);
  return answer.status === 200 ? (answer.body.data.email as string) : answer.status;
};

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t, "Session Studio");
});
afterAll(() => t?.close());

describe("session rotation", () => {
  it("gives a new session id at sign-in; a cookie set before sign-in never becomes authenticated", async () => {
    const victim = await makeUser(t, workspace.gid, "member");
    // A session id the attacker planted in the victim's browser: made up, or the attacker's own.
    const planted = `takt_session=${randomBytes(32).toString("base64url")}`;
    const signedIn = await login(victim, PASSWORD, planted);
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookie).toBeTruthy();
    expect(signedIn.cookie).not.toBe(planted);
    expect(await whoIs(planted)).toBe(401);
    expect(await whoIs(signedIn.cookie ?? "")).toBe(victim.email);

    const attacker = await makeUser(t, workspace.gid, "member");
    const attackerSession = await login(attacker);
    const victimAgain = await login(victim, PASSWORD, attackerSession.cookie);
    expect(victimAgain.cookie).not.toBe(attackerSession.cookie);
    // The id the browser held is ended, not promoted to the victim's account.
    expect(await whoIs(attackerSession.cookie ?? "")).toBe(401);
    expect(await whoIs(victimAgain.cookie ?? "")).toBe(victim.email);
  });

  it("ends the session on the server at sign-out: a copied cookie stops working", async () => {
    const user = await makeUser(t, workspace.gid, "member");
    const session = await login(user);
    const copy = session.cookie ?? "";
    expect(await whoIs(copy)).toBe(user.email);
    expect((await call("POST", "/auth/logout", {}, session.cookie)).status).toBe(200);
    expect(await whoIs(copy)).toBe(401);
  });
});

describe("password change", () => {
  it("needs the current password, ends every other session and the old cookie, and gives this browser a new one", async () => {
    const user = await makeUser(t, workspace.gid, "member");
    const here = await login(user);
    const laptop = await login(user);
    const phone = await login(user);

    const wrong = await call(
      "PUT",
      "/users/me/password",
      { current_password: "not my password", new_password: "a new password" },
      here.cookie,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toMatch(/^current_password:/);
    expect(await whoIs(laptop.cookie ?? "")).toBe(user.email);

    const changed = await call(
      "PUT",
      "/users/me/password",
      { current_password: PASSWORD, new_password: "a new password" },
      here.cookie,
    );
    expect(changed.status).toBe(200);
    expect(changed.body.data.email).toBe(user.email);
    expect(changed.cookie).toBeTruthy();
    expect(changed.cookie).not.toBe(here.cookie);
    expect(await whoIs(changed.cookie ?? "")).toBe(user.email);
    for (const old of [here, laptop, phone]) expect(await whoIs(old.cookie ?? "")).toBe(401);
    expect((await login(user)).status).toBe(401);
    expect((await login(user, "a new password")).status).toBe(200);
  });

  it("works with an access token, which keeps working; refuses bad input and anonymous callers", async () => {
    const user = await makeUser(t, workspace.gid, "member");
    const session = await login(user);
    const short = await call(
      "PUT",
      "/users/me/password",
      { current_password: PASSWORD, new_password: "short" },
      undefined,
      user.token,
    );
    expect(short.status).toBe(400);
    expect(short.body.errors[0].message).toMatch(/^new_password: must be at least 8 characters/);
    const missing = await call("PUT", "/users/me/password", { new_password: "long enough" }, undefined, user.token);
    expect(missing.body.errors[0].message).toBe("current_password: Missing input");
    const anonymous = await call("PUT", "/users/me/password", {
      current_password: PASSWORD,
      new_password: "x".repeat(9),
    });
    expect(anonymous.status).toBe(401);

    const changed = await call(
      "PUT",
      "/users/me/password",
      { current_password: PASSWORD, new_password: "token changed it" },
      undefined,
      user.token,
    );
    expect(changed.status).toBe(200);
    expect(changed.cookie).toBeUndefined();
    expect(await whoIs(session.cookie ?? "")).toBe(401);
    expect((await call("GET", "/users/me", undefined, undefined, user.token)).status).toBe(200);
  });
});

describe("secrets at rest", () => {
  it("stores sessions, access tokens, invitation links, reset links and CRM intake tokens only as hashes", async () => {
    const admin = await makeUser(t, workspace.gid, "admin");
    const raw: string[] = [admin.token];
    raw.push((await login(admin)).cookie?.replace("takt_session=", "") ?? "");
    raw.push((await createSession(t.handle.db, Number(admin.gid))).token);
    const made = await call("POST", "/personal_access_tokens", { name: "CLI" }, undefined, admin.token);
    raw.push(made.body.data.token);
    const actor = { gid: Number(admin.gid), name: admin.name, email: admin.email, language: "en" };
    const invited = await createInvitation(
      { ...t.ctx, actor },
      {
        workspace_gid: Number(workspace.gid),
        email: "invitee@client.test",
        role: "member",
        team_gid: null,
        project_gid: null,
        access_level: null,
      },
    );
    raw.push(invited.token);
    const reset = await requestPasswordReset(t.handle.db, admin.email, undefined);
    if (reset.outcome !== "issued") throw new Error("no reset issued");
    raw.push(reset.token);
    // A CRM intake's secret URL: the one from its creation and the one from a rotation.
    const intake = await call(
      "POST",
      `/workspaces/${workspace.gid}/crm_intakes`,
      { name: "CRM" },
      undefined,
      admin.token,
    );
    const rotated = await call(
      "POST",
      `/crm_intakes/${intake.body.data.gid}/rotate`,
      undefined,
      undefined,
      admin.token,
    );
    for (const answer of [intake, rotated]) raw.push(String(answer.body.data.url).split("/").pop() ?? "");
    for (const token of raw) expect(token.length).toBeGreaterThan(20);

    // Every table that holds credentials, read whole.
    const dump = JSON.stringify([
      await t.handle.db.selectFrom("sessions").selectAll().execute(),
      await t.handle.db.selectFrom("personal_access_tokens").selectAll().execute(),
      await t.handle.db.selectFrom("invitations").selectAll().execute(),
      await t.handle.db.selectFrom("password_resets").selectAll().execute(),
      await t.handle.db.selectFrom("crm_intakes").selectAll().execute(),
      await t.handle.db.selectFrom("jobs").selectAll().execute(),
      await t.handle.db.selectFrom("audit_log_events").selectAll().execute(),
      await t.handle.db.selectFrom("events").selectAll().execute(),
    ]);
    for (const token of raw) expect(dump).not.toContain(token);
    const users = JSON.stringify(await t.handle.db.selectFrom("users").selectAll().execute());
    expect(users).not.toContain(PASSWORD);
    expect(users).toMatch(/scrypt\$/);
  });
});
