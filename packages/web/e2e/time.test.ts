import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let workspaceGid = "";
let projectGid = "";
let taskGid = "";

// Monday of the current week and the days after it, as the timesheet counts them (YYYY-MM-DD).
function weekDays(): string[] {
  const now = new Date();
  const today = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  const monday = today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000;
  return Array.from({ length: 7 }, (_, index) => new Date(monday + index * 86_400_000).toISOString().slice(0, 10));
}

describe("time tracking in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on("pageerror", (error) => console.log("PAGEERROR", error.message));
    await page.goto(`${app.url}/setup`);
    await page.getByTestId("setup-demo").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 120_000 });
    const me = await apiCall<{ gid: string; workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
    const projects = await apiCall<{ gid: string }[]>(page, "GET", `/projects?workspace=${workspaceGid}&limit=1`);
    projectGid = projects[0].gid;
    const task = await apiCall<{ gid: string }>(page, "POST", "/tasks", {
      name: "Prepare the quarterly report",
      projects: [projectGid],
    });
    taskGid = task.gid;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("starts a timer that survives a reload, and stopping it logs an entry", async () => {
    await page.goto(`${app.url}/projects/${projectGid}/tasks/${taskGid}`);
    const toggle = page.getByTestId("timer-toggle");
    await toggle.waitFor();
    await page.getByTestId("task-time").getByText("No time logged yet.").waitFor();
    await toggle.click();
    await page.locator('[data-testid="timer-toggle"][data-running="true"]').waitFor();
    await page.getByTestId("timer-chip").getByText("Prepare the quarterly report").waitFor();

    await page.reload();
    await page.locator('[data-testid="timer-toggle"][data-running="true"]').waitFor();
    await page.getByTestId("timer-chip").waitFor();
    expect(await page.getByTestId("timer-chip").textContent()).toMatch(/0:00:\d\d/);

    await page.getByTestId("timer-toggle").click();
    await page.locator('[data-testid="timer-toggle"][data-running="false"]').waitFor();
    await page.getByTestId("timer-chip").waitFor({ state: "detached" });
    await page.getByTestId("time-entry").first().waitFor();
    expect(await page.getByTestId("time-entry").count()).toBe(1);
    await page.getByTestId("time-logged").getByText("1m logged").waitFor();
  });

  it("logs time by hand and shows it in the feed", async () => {
    await page.getByTestId("time-add").click();
    await page.getByTestId("time-duration").fill("soon");
    await page.getByTestId("time-save").click();
    await page.getByText("Type a duration like 1h 30m or 90").waitFor();
    await page.getByTestId("time-duration").fill("1h 30m");
    await page.getByTestId("time-note").fill("Draft of the numbers");
    await page.getByTestId("time-save").click();
    await page.getByTestId("time-entry").nth(1).waitFor();
    await page.getByTestId("time-entries").getByText("Draft of the numbers", { exact: false }).waitFor();
    await page.getByTestId("time-logged").getByText("1h 31m logged").waitFor();
    await page.locator('[data-testid="system-story"]', { hasText: "logged 1h 30m" }).waitFor();

    // The estimate is editable in the same row.
    await page.getByTestId("time-estimate").click();
    await page.getByTestId("time-estimate-input").fill("4h");
    await page.getByTestId("time-estimate-input").press("Enter");
    await page.getByTestId("time-estimate").getByText("4h").waitFor();
    await page.getByTestId("task-time").scrollIntoViewIfNeeded();
    await shot(page, "task-time");
    const task = await apiCall<{ estimated_minutes: number; actual_time_minutes: number }>(
      page,
      "GET",
      `/tasks/${taskGid}?opt_fields=estimated_minutes,actual_time_minutes`,
    );
    expect(task).toMatchObject({ estimated_minutes: 240, actual_time_minutes: 91 });
  });

  it("shows the week in the timesheet with its totals", async () => {
    // A second task with time on other days of this week fills the grid.
    const days = weekDays();
    const other = await apiCall<{ gid: string }>(page, "POST", "/tasks", {
      name: "Client call: roadmap",
      projects: [projectGid],
    });
    for (const [index, minutes] of [
      [0, 45],
      [2, 120],
      [4, 30],
    ] as const) {
      await apiCall(page, "POST", `/tasks/${other.gid}/time_tracking_entries`, {
        duration_minutes: minutes,
        entered_on: days[index],
      });
    }
    await page.getByTestId("nav-timesheet").click();
    await page.getByTestId("timesheet").waitFor();
    expect(await page.getByTestId("timesheet-row").count()).toBe(2);
    // 91 + 45 + 120 + 30 minutes.
    await page.getByTestId("timesheet-total").getByText("4h 46m").waitFor();
    await shot(page, "timesheet");

    await page.getByTestId("timesheet-prev").click();
    await page.getByText("No time logged this week").waitFor();
    await page.getByTestId("timesheet-next").click();
    await page.getByTestId("timesheet").waitFor();

    // The running-timer chip in the top bar stops the timer from anywhere.
    await apiCall(page, "POST", `/tasks/${taskGid}/timer/start`);
    await page.reload();
    await page.getByTestId("timer-chip").waitFor();
    await page.getByTestId("timer-chip-stop").click();
    await page.getByTestId("timer-chip").waitFor({ state: "detached" });
    await page.getByTestId("timesheet-total").getByText("4h 47m").waitFor();
  });
});
