import type { Browser, Page } from "playwright-core";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMailTransports } from "../../server/src/email/mailer.ts";
import { makeUser, makeWorkspace, type TestUser } from "../../server/test/helpers/factories.ts";
import { mailsTo, type ReceivedMail, startSmtp } from "../../server/test/helpers/mail.ts";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { launch, shot } from "./browser.ts";

let app: TestApp;
let smtp: SMTPServer;
let inbox: ReceivedMail[];
let browser: Browser;
let page: Page;
let user: TestUser;

const NEW_PASSWORD = "a fresh password 42";

describe("forgot password → email → reset → signed in, in Chromium", () => {
  beforeAll(async () => {
    const mail = await startSmtp();
    smtp = mail.server;
    inbox = mail.inbox;
    app = await startTestApp();
    app.app.takt.config.smtpUrl = mail.url;
    app.app.takt.config.publicUrl = app.url;
    const workspace = await makeWorkspace(app, "Reset Studio");
    user = await makeUser(app, workspace.gid, "admin", "Irina Admin");
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-US" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    closeMailTransports();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it("asks for a link from the sign-in page, sets a new password from the email and lands signed in", async () => {
    await page.goto(`${app.url}/login`);
    await page.getByTestId("forgot-password").click();
    await page.waitForURL(/\/forgot-password$/);
    await page.getByTestId("forgot-email").fill(user.email);
    await page.getByTestId("forgot-submit").click();
    await page.getByTestId("forgot-sent").waitFor();
    expect(await page.getByTestId("forgot-sent").textContent()).toContain(user.email);
    await shot(page, "password-reset-requested");

    const [mail] = await mailsTo(inbox, user.email);
    const link = /https?:\/\/[^\s"<>]+\/reset-password\/takt_pwr_[A-Za-z0-9_-]+/.exec(mail)?.[0];
    expect(link).toBeTruthy();
    await page.goto(link ?? "");
    await page.getByTestId("reset-password").fill(NEW_PASSWORD);
    await page.getByTestId("reset-repeat").fill("something else");
    await page.getByTestId("reset-submit").click();
    expect(await page.getByTestId("reset-error").textContent()).toBe("The passwords do not match.");
    await page.getByTestId("reset-repeat").fill(NEW_PASSWORD);
    await shot(page, "password-reset-form");
    await page.getByTestId("reset-submit").click();
    await page.getByText(/Good (morning|afternoon|evening), Irina/).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");

    // The link is spent: opening it again explains and offers a new one.
    await page.goto(link ?? "");
    await page.getByTestId("reset-password").fill("another password 1");
    await page.getByTestId("reset-repeat").fill("another password 1");
    await page.getByTestId("reset-submit").click();
    await page.getByTestId("reset-invalid").waitFor();

    // The new password signs in; the audit log shows what happened.
    await page.goto(`${app.url}/login`);
    await page.getByTestId("signin-email").fill(user.email);
    await page.getByTestId("signin-password").fill(NEW_PASSWORD);
    await page.getByTestId("signin-submit").click();
    await page.getByText(/Good (morning|afternoon|evening), Irina/).waitFor();
    await page.getByTestId("user-menu").click();
    await page.getByTestId("nav-audit-log").click();
    await page.waitForURL(/\/settings\/audit-log$/);
    await page.locator('[data-testid="audit-row"][data-event-type="user_password_reset"]').first().waitFor();
    expect(await page.locator('[data-testid="audit-row"][data-event-type="user_login_succeeded"]').count()).toBe(1);
    await shot(page, "audit-log");
  });

  it("shows the Russian pages in Russian", async () => {
    await page.goto(`${app.url}/forgot-password`);
    await page.getByTestId("auth-language").getByText("Русский").click();
    await page.getByText("Сброс пароля").first().waitFor();
    expect(await page.getByTestId("forgot-submit").textContent()).toBe("Отправить ссылку");
  });
});
