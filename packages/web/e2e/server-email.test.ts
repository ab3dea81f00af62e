import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMailTransports } from "../../server/src/email/mailer.ts";
import { client, makeUser, makeWorkspace, type TestUser } from "../../server/test/helpers/factories.ts";
import { mailsTo, startSmtp } from "../../server/test/helpers/mail.ts";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { launch, shot } from "./browser.ts";

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let browser: Browser;
let page: Page;
let admin: TestUser;

describe("email status on the setup page and in the admin area, in Chromium", () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestApp();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-US" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    closeMailTransports();
    await new Promise<void>((resolve) => (smtp ? smtp.server.close(() => resolve()) : resolve()));
  });

  it("warns on the setup page that email is off, and says so when it is on", async () => {
    await page.goto(`${app.url}/setup`);
    const status = page.getByTestId("setup-email-status");
    await status.waitFor();
    expect(await status.textContent()).toContain("Email is not configured (TAKT_SMTP_URL)");
    await shot(page, "setup-email-off");
    app.app.takt.config.smtpUrl = smtp.url;
    await page.reload();
    await page.getByText("Email is configured: invitations and password resets will be sent.").waitFor();
  });

  it("shows a server admin the mail settings and sends a test email they receive, in English and Russian", async () => {
    app.app.takt.config.mailFrom = "Northwind <takt@northwind.example>";
    const workspace = await makeWorkspace(app, "Northwind Studio");
    admin = await makeUser(app, workspace.gid, "admin", "Anna Admin");
    await page.goto(`${app.url}/login`);
    await page.getByTestId("signin-email").fill(admin.email);
    await page.getByTestId("signin-password").fill("correct horse battery");
    await page.getByTestId("signin-submit").click();
    await page.getByText(/Good (morning|afternoon|evening), Anna/).waitFor();
    await page.getByTestId("user-menu").click();
    await page.getByTestId("nav-server-email").click();
    await page.waitForURL(/\/settings\/email$/);
    expect(await page.getByTestId("server-email-status").textContent()).toBe("Configured");
    await page.getByText("Northwind <takt@northwind.example>").waitFor();
    await page.getByTestId("server-email-send").click();
    const result = page.getByTestId("server-email-result");
    await result.waitFor();
    expect(await result.textContent()).toContain(`Sent to ${admin.email}`);
    const [mail] = await mailsTo(smtp.inbox, admin.email);
    expect(mail).toContain("This is a test message from Takt");
    await shot(page, "server-email");

    // The mail server goes away: the admin reads why nothing was sent.
    app.app.takt.config.smtpUrl = "smtp://127.0.0.1:1";
    await page.getByTestId("server-email-to").fill("ops@northwind.example");
    await page.getByTestId("server-email-send").click();
    await page.getByText(/Not sent to ops@northwind\.example: .*ECONNREFUSED/).waitFor();

    // Email off, in Russian.
    app.app.takt.config.smtpUrl = undefined;
    expect((await client(app, admin.token).put("/users/me", { language: "ru" })).status).toBe(200);
    await page.reload();
    await page.getByText("Не настроена").waitFor();
    expect(await page.getByTestId("server-email-off").textContent()).toContain("TAKT_SMTP_URL не задан");
    expect(await page.getByTestId("server-email-send").isDisabled()).toBe(true);
    await shot(page, "server-email-off-ru");
  });

  it("is not offered to a member, and the page says why if they open it", async () => {
    const member = await makeUser(
      app,
      (await client(app, admin.token).get("/workspaces")).body.data[0].gid,
      "member",
      "Mila Member",
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-US" });
    const other = await context.newPage();
    await other.goto(`${app.url}/login`);
    await other.getByTestId("signin-email").fill(member.email);
    await other.getByTestId("signin-password").fill("correct horse battery");
    await other.getByTestId("signin-submit").click();
    await other.getByText(/Good (morning|afternoon|evening), Mila/).waitFor();
    await other.getByTestId("user-menu").click();
    await other.getByTestId("nav-audit-log").or(other.getByText("Profile")).first().waitFor();
    expect(await other.getByTestId("nav-server-email").count()).toBe(0);
    await other.goto(`${app.url}/settings/email`);
    await other.getByTestId("server-email-forbidden").waitFor();
    await context.close();
  });
});
