import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

// axe-core's rules for WCAG 2.1 A and AA, run in the page through the DevTools protocol (page.evaluate), which the
// app's Content-Security-Policy does not govern: an injected <script> would be refused, as it should be.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let workspaceGid = "";
let clientProject = "";
let scrumProject = "";
let taskGid = "";
let publicForm = "";
const found: string[] = [];

async function settle(target: Page) {
  await target.waitForLoadState("networkidle");
  // Lazy chunks, skeletons and Mantine's transitions finish after the last request.
  await target.waitForTimeout(500);
}

// Runs axe on what the page shows now and records each serious or critical violation under the page's label.
async function audit(target: Page, label: string) {
  await settle(target);
  const loaded = await target.evaluate("typeof window.axe === 'object'");
  if (!loaded) await target.evaluate(AXE);
  const violations = (await target.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(TAGS)} }, resultTypes: ["violations"] })
       .then((result) => result.violations)`,
  )) as Violation[];
  for (const violation of violations) {
    if (violation.impact !== "serious" && violation.impact !== "critical") continue;
    const nodes = violation.nodes
      .slice(0, 6)
      .map(
        (node) =>
          `      ${node.target.join(" ")}\n        ${(node.failureSummary ?? "").split("\n").slice(1, 3).join(" ")}`,
      )
      .join("\n");
    found.push(
      `${label}: ${violation.id} (${violation.impact}, ${violation.nodes.length}) ${violation.help}\n${nodes}`,
    );
  }
  return violations.length;
}

async function open(target: Page, path: string) {
  await target.goto(`${app.url}${path}`);
  await settle(target);
}

async function view(target: Page, projectGid: string, tab: string) {
  await open(target, `/projects/${projectGid}`);
  await target.getByTestId(`tab-${tab}`).click();
  await settle(target);
}

async function auditTeamPages(target: Page, language: string) {
  const at = (name: string) => `${name} [${language}]`;
  await open(target, "/");
  await audit(target, at("Home"));
  await open(target, "/my-tasks");
  await audit(target, at("My Tasks"));
  await open(target, "/inbox");
  await audit(target, at("Inbox"));
  for (const tab of ["list", "board", "calendar", "timeline", "charts"]) {
    await view(target, clientProject, tab);
    await audit(target, at(`Project ${tab}`));
  }
  for (const tab of ["backlog", "sprint"]) {
    await view(target, scrumProject, tab);
    await audit(target, at(`Scrum ${tab}`));
  }
  await open(target, `/projects/${clientProject}/tasks/${taskGid}`);
  await target.getByTestId("task-pane").waitFor();
  await audit(target, at("Task pane"));
  await open(target, "/search?q=a");
  await audit(target, at("Search"));
  await target.keyboard.press("Control+k");
  await target.getByRole("dialog").waitFor();
  await audit(target, at("Command palette"));
  await target.keyboard.press("Escape");
  for (const [name, path] of [
    ["Templates", "/templates"],
    ["Reports", "/reports"],
    ["Timesheet", "/timesheet"],
    ["Profile", "/profile"],
    ["API tokens", "/profile/tokens"],
    ["Webhooks", "/settings/webhooks"],
    ["Import", "/settings/import"],
    ["CRM", "/settings/crm"],
    ["Audit log", "/settings/audit-log"],
    ["Not found", "/no-such-page"],
  ]) {
    await open(target, path);
    await audit(target, at(name));
  }
}

describe("accessibility (axe-core, WCAG 2.1 A/AA) in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("sign-in, setup and every signed-in page of an admin and a guest, in English and Russian", async () => {
    await open(page, "/setup");
    await audit(page, "Setup [en]");
    await page.getByTestId("setup-demo").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 120_000 });
    const me = await apiCall<{ gid: string; workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
    const projects = await apiCall<{ gid: string; name: string }[]>(
      page,
      "GET",
      `/projects?workspace=${workspaceGid}&opt_fields=name,scrum_enabled`,
    );
    scrumProject = projects.find((project) => project.name === "Product team")?.gid ?? "";
    for (const project of projects) {
      const forms = await apiCall<{ gid: string; access: string }[]>(
        page,
        "GET",
        `/projects/${project.gid}/forms?opt_fields=access`,
      );
      const form = forms.find((candidate) => candidate.access === "public_link");
      if (form) {
        clientProject = project.gid;
        publicForm = form.gid;
        break;
      }
    }
    expect(scrumProject && clientProject && publicForm).toBeTruthy();
    const tasks = await apiCall<{ gid: string }[]>(page, "GET", `/projects/${clientProject}/tasks?limit=1`);
    taskGid = tasks[0].gid;

    await auditTeamPages(page, "en");
    await open(page, `/forms/${publicForm}`);
    await audit(page, "Public form [en]");

    await page.evaluate(() => localStorage.setItem("takt.language", "ru"));
    await auditTeamPages(page, "ru");
    await open(page, `/forms/${publicForm}`);
    await audit(page, "Public form [ru]");

    // Signed out: sign-in and forgot-password, then the guest's pages.
    const guest = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    guest.setDefaultTimeout(15_000);
    const guestPage = await guest.newPage();
    for (const language of ["en", "ru"]) {
      await open(guestPage, "/login");
      await guestPage.evaluate((value) => localStorage.setItem("takt.language", value), language);
      await open(guestPage, "/login");
      await audit(guestPage, `Sign-in [${language}]`);
      await open(guestPage, "/forgot-password");
      await audit(guestPage, `Forgot password [${language}]`);
    }
    await open(guestPage, "/login");
    await guestPage.getByTestId("signin-email").fill("client@demo.takt");
    await guestPage.getByTestId("signin-password").fill("takt-demo");
    await guestPage.getByTestId("signin-submit").click();
    await guestPage.getByTestId("guest-home").waitFor();
    await audit(guestPage, "Guest home [ru]");
    await open(guestPage, `/projects/${clientProject}`);
    await audit(guestPage, "Guest project [ru]");
    await guestPage.evaluate(() => localStorage.setItem("takt.language", "en"));
    await open(guestPage, "/");
    await audit(guestPage, "Guest home [en]");
    await open(guestPage, `/projects/${clientProject}`);
    await audit(guestPage, "Guest project [en]");
    await shot(guestPage, "accessibility-guest");
    await guest.close();

    if (found.length) console.log(`Serious and critical axe violations:\n${found.join("\n")}`);
    expect(found).toEqual([]);
  });
});
