import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, centerOf, drag, launch, shot } from "./browser.ts";

const EMAIL = "anna@northwind.test";
const PASSWORD = "correct-horse-42";

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let projectUrl = "";

async function signIn(target: Page) {
  await target.goto(`${app.url}/login`);
  await target.getByTestId("signin-email").fill(EMAIL);
  await target.getByTestId("signin-password").fill(PASSWORD);
  await target.getByTestId("signin-submit").click();
  await target.getByTestId("nav-my-tasks").waitFor();
}

function column(target: Page, name: string) {
  return target.locator(`[data-testid="column"][data-section-name="${name}"]`);
}

describe("the web app in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(8000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("opens the setup page on an empty database and creates the first admin", async () => {
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/setup$/);
    await page.getByText("Welcome to Takt").waitFor();
    await shot(page, "setup");
    await page.getByTestId("setup-workspace").fill("Northwind Studio");
    await page.getByTestId("setup-name").fill("Anna Petrova");
    await page.getByTestId("setup-email").fill(EMAIL);
    await page.getByTestId("setup-password").fill(PASSWORD);
    await page.getByTestId("setup-submit").click();
    await page.getByText(/Good (morning|afternoon|evening), Anna/).waitFor();
  });

  it("signs out and signs back in, refusing a wrong password with a readable message", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/login/);
    await page.getByTestId("signin-email").fill(EMAIL);
    await page.getByTestId("signin-password").fill("wrong-password");
    await page.getByTestId("signin-submit").click();
    const error = await page.getByTestId("signin-error").textContent();
    expect(error).toMatch(/incorrect/i);
    await signIn(page);
    expect(new URL(page.url()).pathname).toBe("/");
  });

  it("creates a team and a client project with the four board stages", async () => {
    await page.getByTestId("new-team").click();
    await page.getByLabel("Team name").fill("Production");
    await page.getByRole("button", { name: "Create team" }).click();
    await page.getByText("Production", { exact: true }).first().waitFor();
    await page.getByTestId("new-project").click();
    await page.getByTestId("project-name").fill("Kolos bakery — website");
    await page.getByTestId("create-project").click();
    await page.waitForURL(/\/projects\/\d+$/);
    projectUrl = page.url();
    for (const stage of ["Onboarding", "In work", "QA", "Done"]) await column(page, stage).waitFor();
    const sidebar = await page.locator("nav").textContent();
    expect(sidebar).toContain("Kolos bakery — website");
  });

  it("adds sections and tasks inline in the List view, and they survive a reload", async () => {
    await page.getByTestId("tab-list").click();
    await page.getByTestId("add-section").click();
    await page.getByTestId("section-composer").fill("Regular meetings");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="section-row"][data-section-name="Regular meetings"]').waitFor();

    await page.getByTestId("add-task-inline").first().click();
    await page.getByTestId("task-composer").fill("Kickoff call with the client");
    await page.keyboard.press("Enter");
    await page.getByTestId("task-composer").fill("Collect brand assets");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await page.locator('[data-task-name="Collect brand assets"]').waitFor();

    // Rename inline.
    const row = page.locator('[data-testid="task-row"][data-task-name="Collect brand assets"]');
    await row.hover();
    await row.getByTestId("task-rename").click();
    await page.getByTestId("task-name-input").fill("Collect logo and brand colours");
    await page.keyboard.press("Enter");
    await page.locator('[data-task-name="Collect logo and brand colours"]').waitFor();

    await page.reload();
    await page.locator('[data-task-name="Kickoff call with the client"]').waitFor();
    await page.locator('[data-task-name="Collect logo and brand colours"]').waitFor();
    const names = await page
      .getByTestId("task-row")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-task-name")));
    expect(names).toEqual(["Kickoff call with the client", "Collect logo and brand colours"]);
    const sections = await page
      .getByTestId("section-row")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-section-name")));
    expect(sections).toEqual(["Onboarding", "In work", "QA", "Done", "Regular meetings"]);
  });

  it("drags a card to another Board column and the move persists after reload", async () => {
    await page.getByTestId("tab-board").click();
    const card = column(page, "Onboarding").locator('[data-task-name="Kickoff call with the client"]');
    await card.waitFor();
    const target = column(page, "In work").getByTestId("column-body");
    await drag(page, await centerOf(page, card), await centerOf(page, target));
    await column(page, "In work").locator('[data-task-name="Kickoff call with the client"]').waitFor();
    await page.waitForTimeout(500);
    await page.reload();
    await column(page, "In work").locator('[data-task-name="Kickoff call with the client"]').waitFor();
    expect(await column(page, "Onboarding").locator('[data-task-name="Kickoff call with the client"]').count()).toBe(0);
  });

  it("opens the task pane with its own URL, adds a subtask and a comment, and assigns the task", async () => {
    await column(page, "In work").locator('[data-task-name="Kickoff call with the client"]').click();
    await page.waitForURL(/\/projects\/\d+\/tasks\/\d+$/);
    const pane = page.getByTestId("task-pane");
    await pane.getByTestId("add-subtask").click();
    await page.getByTestId("task-composer").fill("Send the agenda");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await pane.getByTestId("subtask").filter({ hasText: "Send the agenda" }).waitFor();

    await pane.getByTestId("comment-input").fill("Agenda sent, call on Thursday at 11:00");
    await pane.getByTestId("comment-send").click();
    await pane.getByTestId("comment").filter({ hasText: "Agenda sent, call on Thursday" }).waitFor();

    await pane.getByTestId("pane-assignee").click();
    await page.getByTestId("assignee-option").filter({ hasText: "Anna Petrova" }).click();
    await pane.getByTestId("pane-assignee").filter({ hasText: "Anna Petrova" }).waitFor();

    // Survives a reload: the pane's URL opens the same task.
    await page.reload();
    await pane.getByTestId("subtask").filter({ hasText: "Send the agenda" }).waitFor();
    await pane.getByTestId("comment").filter({ hasText: "Agenda sent, call on Thursday" }).waitFor();
    await column(page, "In work").getByTestId("card-subtasks").waitFor();
    await shot(page, "task-pane");
    await page.keyboard.press("Escape");
    await page.waitForURL(/\/projects\/\d+$/);
    await shot(page, "board");
  });

  it("multi-homes a task: adds it to a second project from the pane", async () => {
    const workspace = (await apiCall<{ workspaces: { gid: string }[] }>(page, "GET", "/users/me")).workspaces[0].gid;
    const curator = await apiCall<{ gid: string }>(page, "POST", "/projects", {
      workspace,
      name: "Anna's curator board",
      privacy_setting: "private",
    });
    await apiCall(page, "POST", `/projects/${curator.gid}/sections`, { name: "Watching" });
    await page.reload();
    await column(page, "In work").locator('[data-task-name="Kickoff call with the client"]').click();
    const pane = page.getByTestId("task-pane");
    await pane.getByTestId("add-to-project").click();
    await page.getByTestId("add-project-select").click();
    await page.getByRole("option", { name: "Anna's curator board" }).click();
    await page.getByTestId("add-section-select").click();
    await page.getByRole("option", { name: "Watching" }).click();
    await page.getByTestId("add-project-confirm").click();
    await pane.getByTestId("task-project").filter({ hasText: "Anna's curator board" }).waitFor();
    expect(await pane.getByTestId("task-project").count()).toBe(2);

    await page.goto(`${app.url}/projects/${curator.gid}`);
    await page.getByTestId("tab-list").click();
    await page.locator('[data-testid="task-row"][data-task-name="Kickoff call with the client"]').waitFor();
  });

  it("shows My Tasks grouped by due date", async () => {
    await page.getByTestId("nav-my-tasks").click();
    await page.getByTestId("bucket-recent").getByText("Kickoff call with the client").waitFor();
    for (const bucket of ["Recently assigned", "Today", "Upcoming", "Later"]) {
      await page.getByText(bucket, { exact: true }).first().waitFor();
    }
    await page.getByTestId("my-task").first().click();
    await page.waitForURL(/\/my-tasks\/tasks\/\d+$/);
    await page.getByTestId("task-pane").getByTestId("task-name").waitFor();
    await page.keyboard.press("Escape");
    await page.waitForURL(/\/my-tasks$/);
    await shot(page, "my-tasks");
  });

  it("shows a second browser's create, move, complete, rename and comment live", async () => {
    const otherContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await otherContext.newPage();
    await signIn(other);
    await other.goto(projectUrl);
    await page.goto(projectUrl);
    await column(other, "Onboarding").waitFor();
    await column(page, "Onboarding").waitFor();
    await other.waitForFunction(() => (window as { __taktLive?: boolean }).__taktLive === true);

    // Create in the first browser, seen in the second.
    await column(page, "QA").getByTestId("column-add").click();
    await page.getByTestId("task-composer").fill("Check the contact form");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await column(other, "QA").locator('[data-task-name="Check the contact form"]').waitFor({ timeout: 3000 });

    // Move in the first browser.
    const card = column(page, "QA").locator('[data-task-name="Check the contact form"]');
    await page.waitForTimeout(300);
    await drag(
      page,
      await centerOf(page, card),
      await centerOf(page, column(page, "In work").getByTestId("column-body")),
    );
    await column(page, "In work").locator('[data-task-name="Check the contact form"]').waitFor({ timeout: 3000 });
    await column(other, "In work").locator('[data-task-name="Check the contact form"]').waitFor({ timeout: 3000 });

    // Rename, comment and complete in the second browser, seen in the first.
    await column(other, "In work").locator('[data-task-name="Check the contact form"]').click();
    const pane = other.getByTestId("task-pane");
    await pane.getByTestId("task-name").fill("Check the contact form on mobile");
    await pane.getByTestId("task-name").press("Enter");
    await column(page, "In work")
      .locator('[data-task-name="Check the contact form on mobile"]')
      .waitFor({ timeout: 3000 });
    await pane.getByTestId("comment-input").fill("Works on iOS");
    await pane.getByTestId("comment-send").click();
    await column(page, "In work")
      .locator('[data-task-name="Check the contact form on mobile"]')
      .getByTestId("card-comments")
      .waitFor({ timeout: 3000 });
    await pane.getByTestId("pane-complete").click();
    await page.waitForFunction(
      () => document.querySelector('[data-task-name="Check the contact form on mobile"] .takt-completed') !== null,
      undefined,
      { timeout: 3000 },
    );
    await otherContext.close();
  });

  it("rolls an optimistic change back with a visible message when the server refuses", async () => {
    await page.goto(projectUrl);
    await page.getByTestId("tab-list").click();
    await page.route("**/api/1.0/tasks/*", (route) =>
      route.request().method() === "PUT"
        ? route.fulfill({
            status: 403,
            contentType: "application/json",
            body: '{"errors":[{"message":"You may not change this task."}]}',
          })
        : route.continue(),
    );
    const row = page.locator('[data-testid="task-row"][data-task-name="Collect logo and brand colours"]');
    await row.getByTestId("task-complete").click();
    await page.getByText("You may not change this task.").waitFor();
    await page.waitForTimeout(200);
    expect(await row.locator("input[type=checkbox]").isChecked()).toBe(false);
    await page.unroute("**/api/1.0/tasks/*");
  });

  it("switches to Russian and shows Russian labels", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("language-ru").click();
    await page.getByTestId("nav-my-tasks").getByText("Мои задачи").waitFor();
    await page.getByTestId("tab-board").getByText("Доска").waitFor();
    await page.getByTestId("tab-board").click();
    await page.getByText("Добавить задачу").first().waitFor();
    // The choice is saved on the account: a fresh sign-in comes back in Russian.
    const me = await apiCall<{ language: string }>(page, "GET", "/users/me");
    expect(me.language).toBe("ru");
    await page.reload();
    await page.getByTestId("tab-board").getByText("Доска").waitFor();
    await shot(page, "board-ru");
  });
});
