import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMailTransports } from "../src/email/mailer.ts";
import {
  type Answer,
  client,
  makeProject,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { bodiesOf, type ReceivedMail, startSmtp } from "./helpers/mail.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let smtp: SMTPServer;
let smtpUrl: string;
let inbox: ReceivedMail[] = [];
let workspace: { gid: string; name: string };
let admin: TestUser;
let member: TestUser;
let projectAdmin: TestUser;
let editor: TestUser;
let guest: TestUser;
let outsider: TestUser;
let clientProject: { gid: string; name: string };
let secretProject: { gid: string; name: string };
let team: { gid: string; name: string };
let counter = 0;

async function mailTo(email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const found = inbox.filter((mail) => mail.to.includes(email)).at(-1);
    if (found) return bodiesOf(found.raw);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail reached ${email}`);
}

const tokenIn = (text: string) => {
  const match = /\/invite\/(takt_inv_[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1];
};

const freshEmail = (label: string) => {
  counter += 1;
  return `${label}${counter}.${Date.now()}@client.test`;
};

async function accept(token: string, data: unknown): Promise<Omit<Answer, "headers"> & { cookie?: string }> {
  const response = await fetch(`${t.api}/invitations/accept/${token}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  const cookie = /takt_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0];
  return { status: response.status, body: await response.json(), cookie };
}

async function getWithCookie(path: string, cookie: string): Promise<Omit<Answer, "headers">> {
  const response = await fetch(`${t.api}${path}`, { headers: { cookie } });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  t = await startTestApp();
  ({ server: smtp, url: smtpUrl, inbox } = await startSmtp());
  t.app.takt.config.smtpUrl = smtpUrl;
  t.app.takt.config.publicUrl = "https://takt.example.test";
  workspace = await makeWorkspace(t, "Acme Agency");
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  projectAdmin = await makeUser(t, workspace.gid, "member", "Pavel Lead");
  editor = await makeUser(t, workspace.gid, "member", "Eva Editor");
  guest = await makeUser(t, workspace.gid, "guest", "Gleb Guest");
  const other = await makeWorkspace(t, "Other Co");
  outsider = await makeUser(t, other.gid, "admin", "Olga Outsider");
  clientProject = await makeProject(t, workspace.gid, {
    name: "Bakery website",
    privacy: "private",
    members: [
      { user: admin, access: "admin" },
      { user: projectAdmin, access: "admin" },
      { user: editor, access: "editor" },
      { user: guest, access: "commenter" },
    ],
  });
  secretProject = await makeProject(t, workspace.gid, { name: "Other client", privacy: "private", members: [] });
  team = await makeTeam(t, workspace.gid, "Design");
});
afterAll(async () => {
  closeMailTransports();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await t?.close();
});

describe("invitations", () => {
  it("invites a guest by email; the link from the email signs them in to see only that project", async () => {
    const email = freshEmail("client");
    const invited = await client(t, admin.token).post("/invitations", {
      workspace: workspace.gid,
      email: email.toUpperCase(),
      role: "guest",
      project: clientProject.gid,
      access_level: "commenter",
    });
    expect(invited.status).toBe(201);
    expect(invited.headers.get("location")).toBe(`/api/1.0/invitations/${invited.body.data.gid}`);
    expect(invited.body.data).toMatchObject({
      resource_type: "invitation",
      email,
      role: "guest",
      access_level: "commenter",
      status: "pending",
      delivery: "sent",
      project: { gid: clientProject.gid, resource_type: "project", name: "Bakery website" },
      inviter: { gid: admin.gid, name: "Anna Admin" },
    });
    expect(invited.body.data.invite_url).toBeUndefined();

    const mail = await mailTo(email);
    expect(mail).toContain("Anna Admin invited you");
    expect(mail).toContain("Bakery website");
    expect(mail).toContain("https://takt.example.test/invite/takt_inv_");
    const token = tokenIn(mail);

    const pending = await client(t, admin.token).get(`/invitations?workspace=${workspace.gid}`);
    expect(pending.body.data.map((row: { email: string }) => row.email)).toContain(email);

    const preview = await client(t).get(`/invitations/accept/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({
      email,
      workspace: { name: "Acme Agency" },
      project: { name: "Bakery website" },
      inviter: { name: "Anna Admin" },
      has_account: false,
    });

    const accepted = await accept(token, { name: "Kira Client", password: "a long password" });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data).toMatchObject({ name: "Kira Client", email });
    expect(accepted.cookie).toBeDefined();
    const cookie = accepted.cookie as string;

    expect((await getWithCookie("/users/me", cookie)).body.data.email).toBe(email);
    const own = await getWithCookie(`/projects/${clientProject.gid}`, cookie);
    expect(own.status).toBe(200);
    expect(own.body.data.name).toBe("Bakery website");
    expect((await getWithCookie(`/projects/${secretProject.gid}`, cookie)).status).toBe(404);
    const role = await t.handle.db
      .selectFrom("workspace_memberships")
      .innerJoin("users", "users.gid", "workspace_memberships.user_gid")
      .select("workspace_memberships.role")
      .where("users.email", "=", email)
      .executeTakeFirstOrThrow();
    expect(role.role).toBe("guest");

    // Single use: the same link is refused afterwards, whoever tries it.
    const again = await accept(token, { name: "Mallory", password: "another password" });
    expect(again.status).toBe(404);
    expect(again.body.errors[0].message).toMatch(/already been used/);
    expect((await client(t).get(`/invitations/accept/${token}`)).status).toBe(404);
    const after = await client(t, admin.token).get(`/invitations?workspace=${workspace.gid}`);
    expect(after.body.data.map((row: { email: string }) => row.email)).not.toContain(email);
  });

  it("refuses revoked and expired links with a clear message", async () => {
    const revokedEmail = freshEmail("revoked");
    const revoked = await client(t, admin.token).post("/invitations", {
      workspace: workspace.gid,
      email: revokedEmail,
      role: "guest",
      project: clientProject.gid,
    });
    const revokedToken = tokenIn(await mailTo(revokedEmail));
    expect((await client(t, member.token).delete(`/invitations/${revoked.body.data.gid}`)).status).toBe(403);
    expect((await client(t, outsider.token).delete(`/invitations/${revoked.body.data.gid}`)).status).toBe(404);
    expect((await client(t, admin.token).delete(`/invitations/${revoked.body.data.gid}`)).status).toBe(200);
    const refused = await accept(revokedToken, { name: "Late", password: "a long password" });
    expect(refused.status).toBe(404);
    expect(refused.body.errors[0].message).toMatch(/withdrawn/);
    expect(
      await t.handle.db.selectFrom("users").select("gid").where("email", "=", revokedEmail).executeTakeFirst(),
    ).toBeUndefined();

    const expiredEmail = freshEmail("expired");
    const expiring = await client(t, admin.token).post("/invitations", {
      workspace: workspace.gid,
      email: expiredEmail,
      role: "guest",
      project: clientProject.gid,
    });
    const expiredToken = tokenIn(await mailTo(expiredEmail));
    await t.handle.db
      .updateTable("invitations")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("gid", "=", Number(expiring.body.data.gid))
      .execute();
    const late = await accept(expiredToken, { name: "Late", password: "a long password" });
    expect(late.status).toBe(404);
    expect(late.body.errors[0].message).toMatch(/expired/);
    expect((await client(t).get(`/invitations/accept/${expiredToken}`)).body.errors[0].message).toMatch(/expired/);

    // Resending issues a new link and the old one stays dead.
    inbox.length = 0;
    const resent = await client(t, admin.token).post(`/invitations/${expiring.body.data.gid}/resend`);
    expect(resent.status).toBe(200);
    const newToken = tokenIn(await mailTo(expiredEmail));
    expect(newToken).not.toBe(expiredToken);
    expect((await client(t).get(`/invitations/accept/${newToken}`)).status).toBe(200);
    expect((await client(t).get(`/invitations/accept/${expiredToken}`)).status).toBe(404);
    expect((await client(t).get("/invitations/accept/takt_inv_made-up")).body.errors[0].message).toMatch(/not valid/);
  });

  it("lets only workspace admins and project admins invite", async () => {
    const toWorkspace = { workspace: workspace.gid, email: freshEmail("x"), role: "member" };
    const toProject = { workspace: workspace.gid, email: freshEmail("y"), role: "guest", project: clientProject.gid };
    expect((await client(t, member.token).post("/invitations", toWorkspace)).status).toBe(403);
    expect((await client(t, guest.token).post("/invitations", toProject)).status).toBe(403);
    expect((await client(t, editor.token).post("/invitations", toProject)).status).toBe(403);
    expect((await client(t, outsider.token).post("/invitations", toProject)).status).toBe(404);
    expect((await client(t).post("/invitations", toProject)).status).toBe(401);
    // A member who is not in the private project cannot even name it.
    const hidden = await client(t, member.token).post("/invitations", toProject);
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors[0].message).toMatch(/^project: Not a recognized ID/);
    // A project admin invites guests into their project, not members.
    expect((await client(t, projectAdmin.token).post("/invitations", toProject)).status).toBe(201);
    const asMember = await client(t, projectAdmin.token).post("/invitations", { ...toProject, role: "member" });
    expect(asMember.status).toBe(403);
    expect((await client(t, projectAdmin.token).post("/invitations", toWorkspace)).status).toBe(403);
    // Pending invitations are listed for those who manage them only.
    const mine = await client(t, projectAdmin.token).get(`/invitations?workspace=${workspace.gid}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.every((row: { email: string }) => row.email !== toWorkspace.email)).toBe(true);
    expect(mine.body.data.some((row: { email: string }) => row.email === toProject.email)).toBe(true);
    expect((await client(t, member.token).get(`/invitations?workspace=${workspace.gid}`)).body.data).toEqual([]);
    expect((await client(t, guest.token).get(`/invitations?workspace=${workspace.gid}`)).status).toBe(403);
    expect((await client(t, outsider.token).get(`/invitations?workspace=${workspace.gid}`)).status).toBe(404);
    expect((await client(t).get(`/invitations?workspace=${workspace.gid}`)).status).toBe(401);
  });

  it("names the field for bad input and writes nothing", async () => {
    const api = client(t, admin.token);
    const base = { workspace: workspace.gid, email: freshEmail("bad"), role: "guest", project: clientProject.gid };
    const before = await t.handle.db.selectFrom("invitations").select("gid").execute();
    const cases: [unknown, RegExp][] = [
      [{ ...base, email: "not-an-email" }, /^email:/],
      [{ ...base, role: "owner" }, /^role:/],
      [{ ...base, project: "123456789" }, /^project: Not a recognized ID/],
      [{ ...base, project: "abc" }, /^project:/],
      [{ ...base, project: undefined }, /^project: guests are invited into one project/],
      [{ ...base, access_level: "admin" }, /^access_level:/],
      [{ ...base, access_level: "boss" }, /^access_level:/],
      [{ ...base, role: "member", project: undefined, team: "999" }, /^team: Not a recognized ID/],
      [{ ...base, team: team.gid }, /^project: an invitation names a team or a project, not both/],
      [{ ...base, surprise: 1 }, /^surprise: Unknown field/],
      [{ email: base.email, role: "guest" }, /^workspace: Missing input/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post("/invitations", data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await api.post("/invitations", { ...base, workspace: "987654321" })).status).toBe(404);
    const already = await api.post("/invitations", { ...base, email: guest.email });
    expect(already.body.errors[0].message).toMatch(/^email: .* already a member of this project/);
    expect(await t.handle.db.selectFrom("invitations").select("gid").execute()).toHaveLength(before.length);

    const token = tokenIn(await mailToAfterInvite(base.email));
    const noName = await accept(token, { password: "a long password" });
    expect(noName.body.errors[0].message).toBe("name: Missing input");
    const short = await accept(token, { name: "Short", password: "short" });
    expect(short.body.errors[0].message).toMatch(/^password:/);
    expect((await accept(token, { name: "Ok" })).body.errors[0].message).toBe("password: Missing input");
    expect((await client(t).get(`/invitations/accept/${token}`)).status).toBe(200);
  });

  it("adds an existing account after checking its password, and a member into a team", async () => {
    const api = client(t, admin.token);
    const invited = await api.post("/invitations", {
      workspace: workspace.gid,
      email: outsider.email,
      role: "member",
      team: team.gid,
    });
    expect(invited.status).toBe(201);
    const token = tokenIn(await mailTo(outsider.email));
    expect((await client(t).get(`/invitations/accept/${token}`)).body.data.has_account).toBe(true);
    const wrong = await accept(token, { password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0].message).toMatch(/^password:/);
    const right = await accept(token, { password: "correct horse battery" });
    expect(right.status).toBe(200);
    expect(right.body.data.workspaces.map((w: { gid: string }) => w.gid)).toContain(workspace.gid);
    const teamMembers = await client(t, outsider.token).get(`/teams/${team.gid}/users`);
    expect(teamMembers.status).toBe(200);
    expect(teamMembers.body.data.map((u: { gid: string }) => u.gid)).toContain(outsider.gid);
    const events = await t.handle.db
      .selectFrom("events")
      .selectAll()
      .where("resource_gid", "=", Number(team.gid))
      .where("actor_gid", "=", Number(outsider.gid))
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].change ?? "{}")).toMatchObject({ field: "members", action: "added" });
  });

  it("writes in the inviter's language, and without SMTP hands the link back instead", async () => {
    await t.handle.db
      .updateTable("users")
      .set({ language: "ru" })
      .where("gid", "=", Number(projectAdmin.gid))
      .execute();
    const email = freshEmail("ru");
    await client(t, projectAdmin.token).post("/invitations", {
      workspace: workspace.gid,
      email,
      role: "guest",
      project: clientProject.gid,
    });
    const mail = await mailTo(email);
    expect(mail).toContain("Pavel Lead приглашает вас");
    expect(mail).toContain("Принять приглашение");

    t.app.takt.config.smtpUrl = undefined;
    try {
      const offline = freshEmail("offline");
      const logged = await client(t, admin.token).post("/invitations", {
        workspace: workspace.gid,
        email: offline,
        role: "guest",
        project: clientProject.gid,
      });
      expect(logged.status).toBe(201);
      expect(logged.body.data.delivery).toBe("logged");
      expect(logged.body.data.invite_url).toMatch(/^https:\/\/takt\.example\.test\/invite\/takt_inv_/);
      const token = logged.body.data.invite_url.split("/invite/")[1];
      expect((await client(t).get(`/invitations/accept/${token}`)).body.data.email).toBe(offline);
      expect(inbox.some((mail) => mail.to.includes(offline))).toBe(false);
      const listed = await client(t, admin.token).get(`/invitations/${logged.body.data.gid}`);
      expect(listed.body.data.delivery).toBe("logged");
      expect(listed.body.data.invite_url).toBeUndefined();
    } finally {
      t.app.takt.config.smtpUrl = smtpUrl;
    }
  });
});

async function mailToAfterInvite(email: string) {
  const invited = await client(t, admin.token).post("/invitations", {
    workspace: workspace.gid,
    email,
    role: "guest",
    project: clientProject.gid,
  });
  expect(invited.status).toBe(201);
  return mailTo(email);
}
