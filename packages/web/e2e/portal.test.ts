import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeMailTransports } from "../../server/src/email/mailer.ts";
import { startWorker, type Worker } from "../../server/src/jobs/worker.ts";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

const ADMIN_EMAIL = "anna@northwind.test";
const PASSWORD = "correct-horse-42";
const CLIENT_EMAIL = "kate@kolos.test";
const PROJECT = "Kolos bakery — website";

let app: TestApp;
let smtp: SMTPServer;
let worker: Worker;
let browser: Browser;
let adminContext: BrowserContext;
let clientContext: BrowserContext;
let admin: Page;
let guest: Page;
let projectGid = "";
let workspaceGid = "";
const mails: { to: string[]; raw: string }[] = [];

// A real SMTP server on a free port: the invitation goes out through nodemailer as in production.
async function startSmtp() {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return server;
}

// The invitation link, out of the message as received (quoted-printable soft breaks undone).
async function inviteLinkFor(email: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mail = mails.filter((item) => item.to.includes(email)).at(-1);
    if (mail) {
      const text = mail.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      const match = /https?:\/\/[^\s"<>]+\/invite\/[A-Za-z0-9_-]+/.exec(text);
      if (match) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no invitation reached ${email}`);
}

async function openTask(page: Page, name: string) {
  const row = page.locator(`[data-testid="task-row"][data-task-name="${name}"]`).first();
  const title = page.getByTestId("task-pane").getByText(name).first();
  await row.click();
  // A live update can re-render the list under the pointer as the click lands; a person would click again.
  if (!(await title.isVisible().catch(() => false))) {
    await title.waitFor({ timeout: 4000 }).catch(async () => {
      await row.click();
    });
  }
  await title.waitFor();
}

describe("the client portal in Chromium", () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestApp();
    app.app.takt.config.smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    worker = startWorker(app.app.takt, { pollMs: 25 });
    browser = await launch();
    adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    adminContext.setDefaultTimeout(10_000);
    admin = await adminContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop(1000);
    await app?.close();
    closeMailTransports();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it("sets up an agency with a client project, a second client's project, a form and a status update", async () => {
    await admin.goto(`${app.url}/`);
    await admin.waitForURL(/\/setup$/);
    await admin.getByTestId("setup-workspace").fill("Northwind Studio");
    await admin.getByTestId("setup-name").fill("Anna Petrova");
    await admin.getByTestId("setup-email").fill(ADMIN_EMAIL);
    await admin.getByTestId("setup-password").fill(PASSWORD);
    await admin.getByTestId("setup-submit").click();
    await admin.getByText(/Good (morning|afternoon|evening), Anna/).waitFor();

    await admin.getByTestId("new-team").click();
    await admin.getByLabel("Team name").fill("Production");
    await admin.getByRole("button", { name: "Create team" }).click();
    await admin.getByText("Production", { exact: true }).first().waitFor();
    await admin.getByTestId("new-project").click();
    await admin.getByTestId("project-name").fill(PROJECT);
    await admin.getByTestId("create-project").click();
    await admin.waitForURL(/\/projects\/\d+$/);
    projectGid = /\/projects\/(\d+)/.exec(admin.url())?.[1] ?? "";
    const me = await apiCall<{ workspaces: { gid: string }[] }>(admin, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
    const sections = await apiCall<{ gid: string; name: string }[]>(admin, "GET", `/projects/${projectGid}/sections`);
    const section = (name: string) => sections.find((item) => item.name === name)?.gid;
    const task = (name: string, at: string, extra: object = {}) =>
      apiCall(admin, "POST", "/tasks", {
        name,
        memberships: [{ project: projectGid, section: section(at) }],
        ...extra,
      });
    await task("Brief and moodboard", "Onboarding", { completed: true });
    await task("Homepage copy", "In work");
    await task("Menu page", "In work");
    await apiCall(admin, "POST", "/projects", {
      workspace: workspaceGid,
      name: "Other client — secret",
      privacy_setting: "private",
    });

    // A request form, built in the Forms menu.
    await admin.reload();
    await admin.getByTestId("forms-menu").click();
    await admin.getByTestId("forms-new").click();
    await admin.getByTestId("form-title").fill("Re-order");
    await admin.getByTestId("form-create").click();
    await admin.getByTestId("forms-menu").click();
    await admin.getByTestId("forms-item").filter({ hasText: "Re-order" }).waitFor();
    await admin.keyboard.press("Escape");

    // A status update, shown as a chip in the header.
    await admin.getByTestId("status-new").click();
    await admin.getByTestId("status-type").click();
    await admin.getByRole("option", { name: "At risk" }).click();
    await admin.getByTestId("status-title").fill("Design approved, copy is late");
    await admin.getByTestId("status-text").fill("We wait for the menu prices to finish the Menu page.");
    await admin.getByTestId("status-save").click();
    const chip = admin.getByTestId("status-chip").getByTestId("status-badge");
    await chip.waitFor();
    expect(await chip.getAttribute("data-status")).toBe("at_risk");
  });

  it("invites the client from the Share dialog, and the email reaches the local SMTP server", async () => {
    await admin.getByTestId("share").click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByText(`Share ${PROJECT}`).waitFor();
    await admin.getByTestId("share-email").fill(CLIENT_EMAIL);
    await admin.getByTestId("share-invite").click();
    await admin.getByTestId("invitation-row").filter({ hasText: CLIENT_EMAIL }).waitFor();
    await shot(admin, "share");
    // A second invitation to the same person is refused with a readable reason... once they joined; now it's pending.
    await admin.keyboard.press("Escape");
    const link = await inviteLinkFor(CLIENT_EMAIL);
    expect(link).toContain("/invite/");

    clientContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    clientContext.setDefaultTimeout(10_000);
    guest = await clientContext.newPage();
    await guest.goto(link.replace(/^https?:\/\/[^/]+/, app.url));
    expect(await guest.getByTestId("invite-target").textContent()).toBe(PROJECT);
    await guest.getByText("Anna Petrova invites you to").waitFor();
    await guest.getByTestId("invite-name").fill("Kate Kolos");
    await guest.getByTestId("invite-password").fill("kolos-bakery-2024");
    await guest.getByTestId("invite-accept").click();
    await guest.getByTestId("guest-home").waitFor();
  });

  it("shows the client only their project, with its stages and the latest status update", async () => {
    const cards = guest.getByTestId("guest-project");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(1);
    expect(await cards.first().getAttribute("data-project-name")).toBe(PROJECT);
    const current = guest.locator('[data-testid="stage"][data-current="true"]');
    expect(await current.textContent()).toContain("In work");
    expect(await guest.getByTestId("guest-status").textContent()).toContain("Design approved, copy is late");
    // The sidebar lists the client's projects from its own request, which may answer after the home page's.
    await guest.locator("nav").getByText(PROJECT).waitFor();
    const sidebar = await guest.locator("nav").textContent();
    expect(sidebar).toContain(PROJECT);
    expect(sidebar).not.toContain("secret");
    expect(await guest.getByTestId("nav-reports").count()).toBe(0);
    await shot(guest, "guest-home");
    // Another client's project is not found, whatever id is tried.
    const projects = await apiCall<{ name: string }[]>(guest, "GET", `/projects?workspace=${workspaceGid}`);
    expect(projects.map((project) => project.name)).toEqual([PROJECT]);
  });

  it("lets the client comment with an attachment and an @mention; the team member's bell counts it live", async () => {
    await admin.goto(`${app.url}/inbox`);
    await admin.getByTestId("empty-state").waitFor();
    expect(await admin.getByTestId("bell").getAttribute("data-count")).toBe("0");

    await guest.getByTestId("guest-open-project").click();
    await guest.getByTestId("tab-list").click();
    await openTask(guest, "Homepage copy");
    const pane = guest.getByTestId("task-pane");
    const image = await admin.screenshot({ clip: { x: 0, y: 0, width: 320, height: 200 } });
    await pane.getByTestId("attachment-input").setInputFiles([
      { name: "homepage-mockup.png", mimeType: "image/png", buffer: image },
      { name: "prices.txt", mimeType: "text/plain", buffer: Buffer.from("Bread 3.50\nCake 12.00\n") },
    ]);
    await pane
      .locator('[data-testid="attachment"][data-name="homepage-mockup.png"]')
      .getByTestId("attachment-preview")
      .waitFor();
    const text = pane.locator('[data-testid="attachment"][data-name="prices.txt"]');
    expect(await text.getByTestId("attachment-download").getAttribute("download")).toBe("prices.txt");
    const preview = await pane
      .getByTestId("attachment-preview")
      .evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(preview).toBeGreaterThan(0);
    // Both uploads are done: the button stops saying it is busy.
    await expect.poll(() => pane.getByTestId("attachment-add").getAttribute("aria-busy")).toBe("false");

    const input = pane.getByTestId("comment-input");
    await input.click();
    await input.pressSequentially("The mockup is attached. @An");
    await guest.getByTestId("mention-option").filter({ hasText: "Anna Petrova" }).click();
    await input.pressSequentially("please check the prices.");
    await pane.getByTestId("comment-send").click();
    const comment = pane.getByTestId("comment").filter({ hasText: "please check the prices" });
    await comment.locator("a[data-asana-gid]").filter({ hasText: "@Anna Petrova" }).waitFor();

    await shot(guest, "portal-task");
    // Live: no reload on the admin's side.
    await admin.getByTestId("inbox-item").filter({ hasText: "Homepage copy" }).first().waitFor();
    await admin.waitForFunction(
      () => Number(document.querySelector('[data-testid="bell"]')?.getAttribute("data-count")) >= 1,
    );
    expect(await admin.getByTestId("inbox-item").first().getAttribute("data-kind")).toBe("mention");
  });

  it("lets the client edit their comment (marked edited) and the admin like it", async () => {
    const pane = guest.getByTestId("task-pane");
    const comment = pane.getByTestId("comment").filter({ hasText: "please check the prices" });
    await comment.getByTestId("comment-menu").click();
    await guest.getByTestId("comment-edit").click();
    const editor = pane.getByTestId("comment-edit-input");
    // The editor takes the focus and keeps it once the menu has closed: a person types straight away.
    await editor.waitFor();
    await guest.waitForTimeout(200);
    expect(await editor.evaluate((element) => element === document.activeElement)).toBe(true);
    await guest.keyboard.press("End");
    await guest.keyboard.type(" Thanks!");
    await pane.getByTestId("comment-save").click();
    await pane.getByTestId("comment").filter({ hasText: "Thanks!" }).getByTestId("comment-edited").waitFor();

    await admin.getByTestId("inbox-open").first().click();
    await admin.waitForURL(/\/inbox\/tasks\/\d+$/);
    const adminComment = admin.getByTestId("task-pane").getByTestId("comment").filter({ hasText: "Thanks!" });
    await adminComment.getByTestId("comment-like").click();
    await admin.waitForFunction(() => document.querySelector('[data-testid="comment-like"]')?.textContent === "1");
    // The admin cannot edit someone else's comment.
    expect(await adminComment.getByTestId("comment-menu").count()).toBe(0);
  });

  it("lets the client approve an approval task assigned to them", async () => {
    const members = await apiCall<{ user: { gid: string; name: string } }[]>(
      admin,
      "GET",
      `/projects/${projectGid}/project_memberships`,
    );
    const kate = members.find((member) => member.user.name === "Kate Kolos")?.user.gid;
    expect(kate).toBeTruthy();
    await apiCall(admin, "POST", "/tasks", {
      name: "Approve the homepage design",
      resource_subtype: "approval",
      assignee: kate,
      projects: [projectGid],
    });
    await guest.getByTestId("pane-close").click();
    await openTask(guest, "Approve the homepage design");
    const pane = guest.getByTestId("task-pane");
    await pane.getByTestId("approve").click();
    await pane.getByTestId("task-kind").filter({ hasText: "Approved" }).waitFor();
    await admin.getByTestId("inbox-item").filter({ hasText: "Approve the homepage design" }).first().waitFor();
  });

  it("lets the client submit a re-order through the form, and the admin sees the request in the Inbox live", async () => {
    await guest.getByTestId("nav-home").click();
    await guest.getByTestId("guest-form").filter({ hasText: "Re-order" }).click();
    await guest.getByTestId("request-form").waitFor();
    await guest.getByLabel("What do you need?").fill("200 boxes with the new logo");
    await guest.getByLabel("Details").fill("Same as March, please deliver by Friday.");
    await guest.waitForTimeout(3100); // forms refuse a submission faster than a person can type
    await guest.getByTestId("form-submit").click();
    await guest.getByTestId("form-done").waitFor();

    const request = admin.locator('[data-testid="inbox-item"][data-kind="form_submission"]');
    await request.waitFor();
    expect(await request.textContent()).toContain("200 boxes with the new logo");
    const kinds = await admin
      .getByTestId("inbox-item")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
    expect(kinds).toEqual(expect.arrayContaining(["mention", "approval", "form_submission"]));
    await admin.getByTestId("pane-close").click();
    await admin.waitForURL(/\/inbox$/);
    const unread = Number(await admin.getByTestId("bell").getAttribute("data-count"));
    expect(unread).toBeGreaterThanOrEqual(2);
    expect(await admin.getByTestId("inbox-badge").textContent()).toBe(String(unread));
    await shot(admin, "inbox");
    await admin.getByTestId("inbox-read-all").click();
    await admin.waitForFunction(
      () => document.querySelector('[data-testid="bell"]')?.getAttribute("data-count") === "0",
    );
  });

  it("reads in Russian too", async () => {
    await admin.getByTestId("user-menu").click();
    await admin.getByTestId("language-ru").click();
    await admin.getByText("Прочитать все").waitFor();
    await shot(admin, "inbox-ru");
    await admin.goto(`${app.url}/projects/${projectGid}`);
    await admin.getByTestId("share").click();
    await admin.getByText(`Поделиться проектом «${PROJECT}»`).waitFor();
    await shot(admin, "share-ru");
    await admin.keyboard.press("Escape");
    await guest
      .getByTestId("nav-home")
      .click()
      .catch(() => guest.goto(`${app.url}/`));
    await guest.goto(`${app.url}/`);
    await guest.getByTestId("user-menu").click();
    await guest.getByTestId("language-ru").click();
    await guest.getByText("Ваши проекты:").waitFor();
    await shot(guest, "guest-home-ru");
  });
});
