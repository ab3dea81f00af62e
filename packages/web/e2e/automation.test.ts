import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../../server/src/jobs/worker.ts";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

let app: TestApp;
let worker: Worker;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let workspaceGid = "";
let meGid = "";
let curator = { gid: "", name: "" };
let labGid = "";

function column(target: Page, name: string) {
  return target.locator(`[data-testid="column"][data-section-name="${name}"]`);
}

async function pickOption(target: Page, input: ReturnType<Page["locator"]>, label: string) {
  await input.click();
  await target.getByRole("option", { name: label, exact: true }).click();
}

describe("templates, rules and recurrence in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    // Template jobs and rules run in the background worker, as in `takt serve`.
    worker = startWorker(app.app.takt, { pollMs: 25 });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on("pageerror", (error) => console.log("PAGEERROR", error.message));
    await page.goto(`${app.url}/setup`);
    await page.getByTestId("setup-demo").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 120_000 });
    const me = await apiCall<{ gid: string; workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    meGid = me.gid;
    workspaceGid = me.workspaces[0].gid;
    const users = await apiCall<{ gid: string; name: string }[]>(
      page,
      "GET",
      `/workspaces/${workspaceGid}/users?limit=100`,
    );
    const other = users.find((user) => user.gid !== meGid);
    if (!other) throw new Error("the demo has one person only");
    curator = other;
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await app?.close();
  });

  it("instantiates “Client onboarding” from the gallery with a Curator and shows its tasks assigned", async () => {
    await page.getByTestId("nav-templates").click();
    await page.locator('[data-testid="template-card"][data-template-name="Scrum team"]').waitFor();
    const card = page.locator('[data-testid="template-card"][data-template-name="Client onboarding"]');
    await card.waitFor();
    await shot(page, "templates");
    await card.getByTestId("template-use").click();
    await page.getByTestId("instantiate-name").fill("Acme onboarding");
    await pickOption(page, page.locator('[data-testid="instantiate-role"][data-role-name="Curator"]'), curator.name);
    await shot(page, "templates-instantiate");
    await page.getByTestId("instantiate-submit").click();
    await page.waitForURL(/\/projects\/\d+$/, { timeout: 30_000 });
    await page.getByTestId("project-title").waitFor();
    expect(await page.getByTestId("project-title").inputValue()).toBe("Acme onboarding");
    const projectGid = page.url().split("/").at(-1) ?? "";
    await page.getByTestId("tab-board").click();
    await page.locator('[data-testid="column"][data-section-name="Onboarding"]').waitFor();
    await shot(page, "template-project");

    await page.getByTestId("tab-list").click();
    const kickoff = page.getByText("Kick-off call with the client", { exact: true }).first();
    await kickoff.waitFor();
    await kickoff.click();
    await page.getByTestId("pane-assignee").getByText(curator.name).waitFor();
    await page.getByTestId("pane-close").click();

    const tasks = await apiCall<{ name: string; assignee: { gid: string } | null }[]>(
      page,
      "GET",
      `/projects/${projectGid}/tasks?opt_fields=name,assignee&limit=100`,
    );
    const assigned = Object.fromEntries(tasks.map((task) => [task.name, task.assignee?.gid ?? null]));
    expect(assigned["Kick-off call with the client"]).toBe(curator.gid);
    expect(assigned["Client review of the concept"]).toBe(curator.gid);
    // The designer role was left empty: its task stays unassigned.
    expect(assigned["Design concept"]).toBeNull();
  });

  it("builds the rule “completed → move to Done” and watches it move a completed card by itself", async () => {
    const project = await apiCall<{ gid: string }>(page, "POST", "/projects", {
      workspace: workspaceGid,
      name: "Rules lab",
      default_view: "board",
    });
    labGid = project.gid;
    const sections: Record<string, string> = {};
    for (const name of ["To do", "Doing", "Done"]) {
      sections[name] = (await apiCall<{ gid: string }>(page, "POST", `/projects/${labGid}/sections`, { name })).gid;
    }
    for (const name of ["Write the brief", "Book the studio"]) {
      await apiCall(page, "POST", "/tasks", { name, memberships: [{ project: labGid, section: sections["To do"] }] });
    }
    await page.goto(`${app.url}/projects/${labGid}`);
    await page.getByTestId("project-title").waitFor({ timeout: 20_000 });
    await page.getByTestId("tab-board").click();
    await column(page, "To do").locator('[data-task-name="Write the brief"]').waitFor();
    await page.waitForFunction(() => (window as { __taktLive?: boolean }).__taktLive === true);

    await page.getByTestId("rules-button").click();
    await page.getByTestId("rules-drawer").getByTestId("empty-state").waitFor();
    await page.getByTestId("rule-new").click();
    await page.getByTestId("rule-builder").waitFor();
    expect(await page.getByTestId("rule-trigger").inputValue()).toBe("Task is completed");
    await page.getByTestId("rule-add-action").click();
    await pickOption(page, page.getByTestId("rule-action-section"), "Done");
    expect(await page.getByTestId("rule-name").getAttribute("placeholder")).toBe("Task is completed → Move to Done");
    await shot(page, "rule-builder");
    await page.getByTestId("rule-save").click();
    const ruleCard = page.locator('[data-testid="rule-card"][data-rule-name="Task is completed → Move to Done"]');
    await ruleCard.waitFor();
    await shot(page, "rule-list");
    await page.keyboard.press("Escape");
    await page.getByTestId("rules-drawer").waitFor({ state: "hidden" });

    await column(page, "To do").locator('[data-task-name="Write the brief"]').click();
    await page.getByTestId("pane-complete").click();
    await page.getByTestId("pane-close").click();
    // Nobody drags it: the rule runs on the server and the board hears about it.
    await column(page, "Done").locator('[data-task-name="Write the brief"]').waitFor({ timeout: 15_000 });
    expect(await column(page, "To do").locator('[data-task-name="Write the brief"]').count()).toBe(0);

    await page.getByTestId("rules-button").click();
    await ruleCard.getByTestId("rule-runs-toggle").click();
    await ruleCard.getByTestId("rule-runs").waitFor({ timeout: 15_000 });
    const rules = await apiCall<{ gid: string }[]>(page, "GET", `/rules?project=${labGid}`);
    const runs = await apiCall<{ status: string; message: string | null }[]>(
      page,
      "GET",
      `/rules/${rules[0].gid}/runs`,
    );
    expect(runs.some((run) => run.status === "succeeded")).toBe(true);
    await ruleCard.getByTestId("rule-runs").getByText("Done", { exact: true }).first().waitFor({ timeout: 15_000 });
    // The run log says what the run did, from its steps.
    await ruleCard.getByTestId("rule-runs").getByText("Moved this task to Done").first().waitFor();
    await page.keyboard.press("Escape");
  });

  it("sets a weekly recurrence in the pane and shows it in words, in English and Russian", async () => {
    await page.goto(`${app.url}/projects/${labGid}`);
    await column(page, "To do").locator('[data-task-name="Book the studio"]').click();
    const pane = page.getByTestId("task-pane");
    await expect.poll(() => pane.getByTestId("recurrence-text").textContent()).toBe("Does not repeat");
    await pane.getByTestId("pane-recurrence").click();
    const picker = page.getByTestId("recurrence-picker");
    await picker.waitFor();
    expect(await page.getByTestId("recurrence-frequency").inputValue()).toBe("Weekly");
    for (const day of ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]) {
      const chip = picker.locator(`input[data-testid="recurrence-day-${day}"]`);
      const wanted = day === "MO" || day === "TH";
      if ((await chip.isChecked()) !== wanted)
        await picker.locator(`label[for="${await chip.getAttribute("id")}"]`).click();
      await expect.poll(() => chip.isChecked()).toBe(wanted);
    }
    await page.getByTestId("recurrence-save").click();
    await expect
      .poll(() => pane.getByTestId("recurrence-text").textContent())
      .toBe("Every week on Monday and Thursday");
    const task = await apiCall<{ recurrence: { rule: { rrule: string } } }>(
      page,
      "GET",
      `/tasks/${page.url().split("/").at(-1)}?opt_fields=recurrence`,
    );
    expect(task.recurrence.rule.rrule).toBe("FREQ=WEEKLY;BYDAY=MO,TH");

    await page.getByTestId("user-menu").click();
    await page.getByTestId("language-ru").click();
    await expect
      .poll(() => pane.getByTestId("recurrence-text").textContent(), { timeout: 10_000 })
      .toBe("Каждую неделю по понедельникам и четвергам");
    await page.getByTestId("pane-close").click();

    await page.getByTestId("rules-button").click();
    await page.getByTestId("rule-new").click();
    await page.getByTestId("rule-add-action").click();
    await page.getByTestId("rule-add-condition").click();
    await shot(page, "rule-builder-ru");
    await page.keyboard.press("Escape");
    await page.getByTestId("nav-templates").click();
    await page.locator('[data-testid="template-card"]').first().waitFor();
    await page.getByText("Шаблоны", { exact: true }).first().waitFor();
    await shot(page, "templates-ru");
  });

  it("shows the webhooks section of the workspace settings with an empty state", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("nav-webhooks").click();
    await page.getByTestId("webhooks-page").getByTestId("empty-state").waitFor();
    await page.getByTestId("user-menu").click();
    await page.getByTestId("language-en").click();
    await page.getByText("No webhooks", { exact: true }).waitFor();
  });
});
