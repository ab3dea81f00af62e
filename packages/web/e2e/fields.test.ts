import dayjs from "dayjs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, centerOf, drag, launch, shot } from "./browser.ts";

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let workspace = "";
let project = "";
const tasks: Record<string, string> = {};
const month = dayjs().startOf("month");
const FROM = month.add(9, "day").format("YYYY-MM-DD");
const TO = month.add(16, "day").format("YYYY-MM-DD");

type Gid = { gid: string };

function row(name: string) {
  return page.locator(`[data-testid="task-row"][data-task-name="${name}"]`);
}

describe("custom fields, search, calendar and timeline in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(8000);
    page = await context.newPage();
    await page.goto(`${app.url}/setup`);
    const me = await apiCall<{ workspaces: Gid[] }>(page, "POST", "/setup", {
      workspace_name: "Northwind Studio",
      name: "Anna Petrova",
      email: "anna@northwind.test",
      password: "correct-horse-42",
      language: "en",
    });
    workspace = me.workspaces[0].gid;
    const team = await apiCall<Gid>(page, "POST", "/teams", { organization: workspace, name: "Production" });
    project = (
      await apiCall<Gid>(page, "POST", "/projects", { workspace, team: team.gid, name: "Kolos bakery — website" })
    ).gid;
    const sections = await apiCall<Gid[]>(page, "GET", `/projects/${project}/sections`);
    const planning = sections[0].gid;
    await apiCall(page, "PUT", `/sections/${planning}`, { name: "Planning" });
    const build = (await apiCall<Gid>(page, "POST", `/projects/${project}/sections`, { name: "Build" })).gid;
    const make = async (name: string, section: string, extra: Record<string, unknown> = {}) => {
      const task = await apiCall<Gid>(page, "POST", "/tasks", { name, projects: [project], ...extra });
      await apiCall(page, "POST", `/sections/${section}/addTask`, { task: task.gid });
      tasks[name] = task.gid;
    };
    await make("Design homepage", planning, { start_on: month.add(5, "day").format("YYYY-MM-DD"), due_on: FROM });
    await make("Write copy", planning, { due_on: month.add(12, "day").format("YYYY-MM-DD") });
    await make("Build the CMS", build, {
      start_on: month.add(11, "day").format("YYYY-MM-DD"),
      due_on: month.add(20, "day").format("YYYY-MM-DD"),
    });
    await make("Launch", build, { resource_subtype: "milestone", due_on: month.add(23, "day").format("YYYY-MM-DD") });
    await make("Hosting access", build);
    await apiCall(page, "POST", `/tasks/${tasks["Build the CMS"]}/addDependencies`, {
      dependencies: [tasks["Design homepage"]],
    });
    await apiCall(page, "POST", `/tasks/${tasks.Launch}/addDependencies`, { dependencies: [tasks["Build the CMS"]] });
    await apiCall(page, "POST", `/tasks/${tasks["Write copy"]}/stories`, {
      text: "The client prefers turquoise accents everywhere",
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("adds a Priority field from the List header and sets it from the task pane", async () => {
    await page.goto(`${app.url}/projects/${project}`);
    await page.getByTestId("tab-list").click();
    await row("Design homepage").waitFor();
    await page.getByTestId("list-add-field").click();
    await page.getByTestId("field-name").fill("Priority");
    const options = page.getByTestId("option-name");
    await options.nth(0).fill("High");
    await options.nth(1).fill("Medium");
    await options.nth(2).fill("Low");
    await page.getByTestId("create-field").click();
    await page.locator('[data-testid="field-column"]', { hasText: "Priority" }).waitFor();

    await row("Design homepage").click();
    await page.getByTestId("fields-section").waitFor();
    await page.getByTestId("field-Priority").click();
    await page.getByRole("option", { name: "High" }).click();
    await row("Design homepage").getByTestId("option-chip").getByText("High").waitFor();
    await row("Build the CMS").getByTestId("blocked-mark").waitFor();

    await page.reload();
    await row("Design homepage").getByTestId("option-chip").getByText("High").waitFor();
    const task = await apiCall<{ custom_fields: { name: string; display_value: string | null }[] }>(
      page,
      "GET",
      `/tasks/${tasks["Design homepage"]}?opt_fields=custom_fields`,
    );
    expect(task.custom_fields.find((field) => field.name === "Priority")?.display_value).toBe("High");
    await shot(page, "fields");
  });

  it("filters the Board by the Priority field, and the filter is remembered", async () => {
    await page.goto(`${app.url}/projects/${project}`);
    await page.getByTestId("tab-board").click();
    await page.locator('[data-testid="card"][data-task-name="Write copy"]').waitFor();
    await page.getByTestId("filter-button").click();
    await page.getByTestId("filter-field-Priority").click({ force: true });
    await page.getByRole("option", { name: "High" }).click();
    await page.keyboard.press("Escape");
    await page.locator('[data-testid="card"][data-task-name="Write copy"]').waitFor({ state: "detached" });
    const cards = await page
      .getByTestId("card")
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-task-name")));
    expect(cards).toEqual(["Design homepage"]);
    await page.reload();
    await page.locator('[data-testid="card"][data-task-name="Design homepage"]').waitFor();
    expect(await page.getByTestId("card").count()).toBe(1);
    await page.getByTestId("filter-button").click();
    await page.getByTestId("filter-clear").click();
    await page.keyboard.press("Escape");
    await page.locator('[data-testid="card"][data-task-name="Write copy"]').waitFor();
  });

  it("finds a task by a word in its comment through Ctrl+K", async () => {
    await page.keyboard.press("Control+k");
    await page.getByTestId("palette-input").fill("turquoise");
    await page.locator('[data-testid="palette-item"][data-label="Write copy"]').waitFor();
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/tasks/${tasks["Write copy"]}$`));
    await page.getByTestId("fields-section").waitFor();

    await page.goto(`${app.url}/search?q=turquoise`);
    await page.locator('[data-testid="search-result"][data-task-name="Write copy"]').waitFor();
    await shot(page, "search");
  });

  it("drags a task on the Calendar to another day, and it stays there after reload", async () => {
    await page.goto(`${app.url}/projects/${project}`);
    await page.getByTestId("tab-calendar").click();
    const chip = page.locator(`[data-testid="calendar-day"][data-date="${FROM}"] [data-task-name="Design homepage"]`);
    await chip.waitFor();
    const target = page.locator(`[data-testid="calendar-day"][data-date="${TO}"]`);
    await drag(page, await centerOf(page, chip), await centerOf(page, target));
    await page.locator(`[data-testid="calendar-day"][data-date="${TO}"] [data-task-name="Design homepage"]`).waitFor();
    await expect
      .poll(async () => (await apiCall<{ due_on: string }>(page, "GET", `/tasks/${tasks["Design homepage"]}`)).due_on)
      .toBe(TO);
    await page.reload();
    await page.locator(`[data-testid="calendar-day"][data-date="${TO}"] [data-task-name="Design homepage"]`).waitFor();
    await shot(page, "calendar");
  });

  it("draws the Timeline with bars, a milestone and dependency arrows", async () => {
    await page.getByTestId("tab-timeline").click();
    await page.locator('[data-testid="timeline-bar"][data-task-name="Build the CMS"]').waitFor();
    expect(await page.getByTestId("timeline-arrow").count()).toBeGreaterThanOrEqual(1);
    await page.locator('[data-task-name="Launch"] [data-testid="milestone-mark"]').waitFor();
    await shot(page, "timeline");
  });

  it("reveals a secret field only on a click, and the reveal is recorded", async () => {
    const field = await apiCall<Gid>(page, "POST", "/custom_fields", {
      workspace,
      name: "Hosting password",
      resource_subtype: "secret",
    });
    await apiCall(page, "POST", `/projects/${project}/addCustomFieldSetting`, { custom_field: field.gid });
    await apiCall(page, "PUT", `/tasks/${tasks["Hosting access"]}`, {
      custom_fields: { [field.gid]: "kolos-Str0ng!" },
    });

    await page.goto(`${app.url}/projects/${project}/tasks/${tasks["Hosting access"]}`);
    await page.getByTestId("field-Hosting password-masked").waitFor();
    expect(
      await page
        .getByTestId("task-pane")
        .textContent()
        .catch(() => ""),
    ).not.toContain("kolos-Str0ng!");
    await page.getByTestId("field-Hosting password-reveal").click();
    const input = page.getByTestId("field-Hosting password-value");
    await input.waitFor();
    expect(await input.inputValue()).toBe("kolos-Str0ng!");
    const stories = await apiCall<{ resource_subtype: string }[]>(
      page,
      "GET",
      `/tasks/${tasks["Hosting access"]}/stories?opt_fields=resource_subtype,text`,
    );
    expect(stories.some((story) => story.resource_subtype === "secret_revealed")).toBe(true);
  });

  it("creates a secret field only workspace admins may reveal, chosen in the field dialog", async () => {
    await page.goto(`${app.url}/projects/${project}`);
    await page.getByTestId("tab-list").click();
    await row("Design homepage").waitFor();
    await page.getByTestId("list-add-field").click();
    await page.getByTestId("field-name").fill("Server root");
    await page.getByTestId("field-type").click();
    await page.getByRole("option", { name: "Secret" }).click();
    await page.getByTestId("field-reveal-access").click();
    await page.getByRole("option", { name: "Workspace admins only" }).click();
    await page.getByTestId("create-field").click();
    await page.locator('[data-testid="field-column"]', { hasText: "Server root" }).waitFor();
    const fields = await apiCall<{ name: string; reveal_access?: string }[]>(
      page,
      "GET",
      `/workspaces/${workspace}/custom_fields?opt_fields=name,reveal_access`,
    );
    expect(fields.find((field) => field.name === "Server root")?.reveal_access).toBe("admins");
  });
});
