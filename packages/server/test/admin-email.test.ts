import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMailTransports } from "../src/email/mailer.ts";
import { client, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { bodiesOf, mailsTo, startSmtp } from "./helpers/mail.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Whether the server sends email, shown to whoever sets it up and to server admins, and a test message through
// a real SMTP server.
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let admin: TestUser;
let member: TestUser;
let otherAdmin: TestUser;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  closeMailTransports();
  await new Promise<void>((resolve) => smtp?.server.close(() => resolve()));
});

describe("email settings", () => {
  it("tells whoever sets Takt up whether email is configured, and nobody anything once it is set up", async () => {
    const before = await client(t).get("/setup");
    expect(before.body.data).toEqual({ needs_setup: true, email_configured: false });
    Object.assign(t.app.takt.config, { smtpUrl: smtp.url });
    expect((await client(t).get("/setup")).body.data).toEqual({ needs_setup: true, email_configured: true });
    Object.assign(t.app.takt.config, { smtpUrl: undefined });

    const workspace = await makeWorkspace(t, "Server Co");
    admin = await makeUser(t, workspace.gid, "admin", "Sasha Server");
    member = await makeUser(t, workspace.gid, "member", "Mila Member");
    const second = await makeWorkspace(t, "Second Co");
    otherAdmin = await makeUser(t, second.gid, "admin", "Oleg Other");
    expect((await client(t).get("/setup")).body.data).toEqual({ needs_setup: false });
  });

  it("shows server admins the status, says plainly when mail is off, and sends a test message when it is on", async () => {
    const api = client(t, admin.token);
    const off = await api.get("/admin/email");
    expect(off.status).toBe(200);
    expect(off.body.data).toEqual({
      configured: false,
      smtp_host: null,
      from: "Takt <takt@localhost>",
      from_configured: false,
    });
    const refused = await api.post("/admin/email/test", {});
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/^email: TAKT_SMTP_URL is not set/);
    expect(smtp.inbox).toHaveLength(0);

    Object.assign(t.app.takt.config, {
      smtpUrl: smtp.url.replace("smtp://", "smtp://mailer:s3cret-pass@"),
      mailFrom: "Takt <takt@agency.example>",
    });
    const on = await api.get("/admin/email");
    expect(on.body.data).toEqual({
      configured: true,
      smtp_host: smtp.url,
      from: "Takt <takt@agency.example>",
      from_configured: true,
    });
    expect(JSON.stringify(on.body)).not.toContain("s3cret-pass");

    // To the admin by default, or to the address given.
    const sent = await api.post("/admin/email/test", {});
    expect(sent.body.data).toEqual({ status: "sent", to: admin.email, error: null });
    const [mail] = await mailsTo(smtp.inbox, admin.email);
    expect(mail).toContain("This is a test message from Takt");
    expect(smtp.inbox[0].raw).toContain("From: Takt <takt@agency.example>");
    const other = await api.post("/admin/email/test", { to: "Ops@Agency.Example" });
    expect(other.body.data).toMatchObject({ status: "sent", to: "ops@agency.example" });
    await mailsTo(smtp.inbox, "ops@agency.example");
    expect((await api.post("/admin/email/test", { to: "not an address" })).status).toBe(400);
    expect((await api.post("/admin/email/test", { cc: "x@y.z" })).status).toBe(400);

    // In the admin's language.
    expect((await api.put("/users/me", { language: "ru" })).status).toBe(200);
    await api.post("/admin/email/test", { to: "ru@agency.example" });
    expect((await mailsTo(smtp.inbox, "ru@agency.example"))[0]).toContain("Это тестовое письмо от Takt");
  });

  it("reports the mail server's refusal instead of pretending it was sent", async () => {
    Object.assign(t.app.takt.config, { smtpUrl: "smtp://127.0.0.1:1" });
    const failed = await client(t, admin.token).post("/admin/email/test", {});
    expect(failed.status).toBe(200);
    expect(failed.body.data).toMatchObject({ status: "failed", to: admin.email });
    expect(failed.body.data.error).toMatch(/ECONNREFUSED/);
    Object.assign(t.app.takt.config, { smtpUrl: smtp.url });
  });

  it("is for server admins only, and the workspace abilities say who they are", async () => {
    for (const user of [member, otherAdmin]) {
      expect((await client(t, user.token).get("/admin/email")).status).toBe(403);
      expect((await client(t, user.token).post("/admin/email/test", {})).status).toBe(403);
    }
    const abilities = async (user: TestUser) =>
      (await client(t, user.token).get("/workspaces?opt_fields=permissions")).body.data.map(
        (workspace: { permissions: { manage_server: boolean } }) => workspace.permissions.manage_server,
      );
    expect(await abilities(admin)).toEqual([true]);
    expect(await abilities(member)).toEqual([false]);
    expect(await abilities(otherAdmin)).toEqual([false]);
    expect(bodiesOf(smtp.inbox[0].raw)).toContain("Takt <takt@agency.example>");
  });
});
