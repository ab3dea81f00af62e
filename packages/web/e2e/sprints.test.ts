import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, centerOf, drag, launch, SCREENSHOTS, shot } from "./browser.ts";

const EMAIL = "lena@scrum.test";
const PASSWORD = "correct-horse-42";

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let projectGid = "";

function backlogTask(target: Page, name: string) {
  return target.locator(`[data-testid="backlog-task"][data-task-name="${name}"]`);
}
function sprintBlock(target: Page, name: string) {
  return target.locator(`[data-testid="sprint-block"][data-sprint-name="${name}"]`);
}
function column(target: Page, name: string) {
  return target.locator(`[data-testid="sprint-column"][data-section-name="${name}"]`);
}

// Each write refetches the lists; let that finish before the next gesture so rows don't move under the pointer.
async function settle(target: Page) {
  await target.waitForLoadState("networkidle");
  await target.waitForTimeout(400);
}

describe("Scrum in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(8000);
    page = await context.newPage();
    await page.goto(`${app.url}/setup`);
    await page.getByTestId("setup-workspace").fill("Scrum Studio");
    await page.getByTestId("setup-name").fill("Lena Orlova");
    await page.getByTestId("setup-email").fill(EMAIL);
    await page.getByTestId("setup-password").fill(PASSWORD);
    await page.getByTestId("setup-submit").click();
    await page.getByTestId("nav-my-tasks").waitFor();
    const me = await apiCall<{ gid: string; workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    const project = await apiCall<{ gid: string }>(page, "POST", "/projects", {
      workspace: me.workspaces[0].gid,
      name: "Mobile app",
    });
    projectGid = project.gid;
    const sections: Record<string, string> = {};
    for (const name of ["To do", "In progress", "Review", "Done"]) {
      sections[name] = (await apiCall<{ gid: string }>(page, "POST", `/projects/${projectGid}/sections`, { name })).gid;
    }
    for (const name of ["Sign-in screen", "Push notifications", "Offline mode", "Dark theme"]) {
      await apiCall(page, "POST", "/tasks", {
        name,
        assignee: me.gid,
        memberships: [{ project: projectGid, section: sections["To do"] }],
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("turns Scrum on in the project settings and shows an empty Backlog with a call to plan", async () => {
    await page.goto(`${app.url}/projects/${projectGid}`);
    expect(await page.getByTestId("tab-backlog").count()).toBe(0);
    await page.getByTestId("project-settings").click();
    await page.getByTestId("scrum-toggle").click();
    await page.getByTestId("tab-backlog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("tab-backlog").click();
    await page.getByText("No sprints yet — plan the first one").waitFor();
    const names = await page
      .getByTestId("backlog-task")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-task-name")));
    expect(names).toEqual(["Sign-in screen", "Push notifications", "Offline mode", "Dark theme"]);
  });

  it("estimates with the Fibonacci quick entry and a free number", async () => {
    const pick = async (task: string, points: string) => {
      await backlogTask(page, task).getByTestId("estimate").click();
      await page
        .getByTestId("estimate-option")
        .filter({ hasText: new RegExp(`^${points}$`) })
        .click();
      await backlogTask(page, task).locator(`[data-points="${points}"]`).waitFor();
    };
    await pick("Sign-in screen", "5");
    await pick("Push notifications", "8");
    await pick("Offline mode", "13");
    await backlogTask(page, "Dark theme").getByTestId("estimate").click();
    await page.getByTestId("estimate-custom").fill("4");
    await page.keyboard.press("Enter");
    await backlogTask(page, "Dark theme").locator('[data-points="4"]').waitFor();
    await page.waitForTimeout(300);
    const tasks = await apiCall<{ name: string; story_points: number | null }[]>(
      page,
      "GET",
      `/projects/${projectGid}/backlog?opt_fields=name,story_points`,
    );
    expect(Object.fromEntries(tasks.map((task) => [task.name, task.story_points]))).toEqual({
      "Sign-in screen": 5,
      "Push notifications": 8,
      "Offline mode": 13,
      "Dark theme": 4,
    });
  });

  it("ranks the backlog by dragging", async () => {
    await settle(page);
    await drag(
      page,
      await centerOf(page, backlogTask(page, "Dark theme")),
      await centerOf(page, backlogTask(page, "Sign-in screen")),
    );
    await page.waitForFunction(
      () => document.querySelector('[data-testid="backlog-task"]')?.getAttribute("data-task-name") === "Dark theme",
    );
    await page.waitForTimeout(500);
    await page.reload();
    await backlogTask(page, "Dark theme").waitFor();
    const names = await page
      .getByTestId("backlog-task")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-task-name")));
    expect(names[0]).toBe("Dark theme");
  });

  it("creates a sprint and plans it by dragging tasks from the backlog, warning over capacity", async () => {
    await page.getByTestId("plan-first-sprint").click();
    await page.getByTestId("sprint-name").fill("Sprint 1");
    await page.getByTestId("sprint-goal").fill("Users can sign in and get notified");
    await page.getByTestId("sprint-capacity").fill("15");
    await page.getByTestId("sprint-submit").click();
    await sprintBlock(page, "Sprint 1").waitFor();
    await settle(page);
    for (const task of ["Sign-in screen", "Push notifications", "Dark theme"]) {
      await drag(
        page,
        await centerOf(page, backlogTask(page, task)),
        await centerOf(page, sprintBlock(page, "Sprint 1").getByTestId("drop-zone")),
      );
      await sprintBlock(page, "Sprint 1").locator(`[data-task-name="${task}"]`).waitFor();
      await settle(page);
    }
    // 5 + 8 + 4 = 17 points against a capacity of 15.
    await sprintBlock(page, "Sprint 1").getByTestId("over-capacity").waitFor();
    expect(await sprintBlock(page, "Sprint 1").getByTestId("sprint-committed").textContent()).toContain("17 of 15");
    await page.waitForTimeout(500);
    await page.reload();
    await sprintBlock(page, "Sprint 1").locator('[data-task-name="Push notifications"]').waitFor();
    expect(await page.getByTestId("backlog-block").getByTestId("backlog-task").count()).toBe(1);
    await shot(page, "backlog-planning");
  });

  it("starts the sprint and moves cards on the sprint board, with a WIP limit warning", async () => {
    await sprintBlock(page, "Sprint 1").getByTestId("start-sprint").click();
    await sprintBlock(page, "Sprint 1")
      .locator('[data-state="active"], [data-testid="complete-sprint"]')
      .first()
      .waitFor();
    await page.getByTestId("tab-sprint").click();
    await page.getByTestId("active-sprint-name").filter({ hasText: "Sprint 1" }).waitFor();
    await column(page, "To do").locator('[data-task-name="Sign-in screen"]').waitFor();
    await settle(page);

    // A WIP limit of 1 on In progress.
    await column(page, "In progress").getByTestId("wip-button").click();
    await page.getByTestId("wip-input").fill("1");
    await page.getByTestId("wip-save").click();
    await page.keyboard.press("Escape");
    expect(await column(page, "In progress").getAttribute("data-over-limit")).toBe("false");
    await settle(page);

    for (const task of ["Sign-in screen", "Push notifications"]) {
      await drag(
        page,
        await centerOf(page, column(page, "To do").locator(`[data-task-name="${task}"]`)),
        await centerOf(page, column(page, "In progress").getByTestId("sprint-column-body")),
      );
      await column(page, "In progress").locator(`[data-task-name="${task}"]`).waitFor();
      await settle(page);
    }
    await page
      .locator('[data-testid="sprint-column"][data-section-name="In progress"][data-over-limit="true"]')
      .waitFor();
    expect(await column(page, "In progress").getByTestId("column-count").textContent()).toBe("2 / 1");

    // Done is past the right edge of the screen: bring it into view first, as a person would.
    await column(page, "Done").scrollIntoViewIfNeeded();
    await drag(
      page,
      await centerOf(page, column(page, "In progress").locator('[data-task-name="Sign-in screen"]')),
      await centerOf(page, column(page, "Done").getByTestId("sprint-column-body")),
    );
    await column(page, "Done").locator('[data-task-name="Sign-in screen"]').waitFor();
    await page.waitForTimeout(500);
    await page.reload();
    await column(page, "Done").locator('[data-task-name="Sign-in screen"]').waitFor();
    await column(page, "In progress").locator('[data-task-name="Push notifications"]').waitFor();
    // Finish the first task in its pane.
    await column(page, "Done").locator('[data-task-name="Sign-in screen"]').click();
    await page.locator('[data-testid="pane-points"][data-points="5"]').waitFor();
    await page.getByTestId("pane-complete").click();
    await page.waitForTimeout(300);
    await page.keyboard.press("Escape");
    await shot(page, "sprint-board");
  });

  it("completes the sprint, sends the unfinished tasks to the backlog and shows the report", async () => {
    await page.getByTestId("complete-sprint").click();
    const dialog = page.getByTestId("complete-dialog");
    await dialog.waitFor();
    expect(await dialog.getByTestId("complete-done").textContent()).toBe("1");
    expect(await dialog.getByTestId("complete-open").textContent()).toBe("2");
    await dialog.getByTestId("move-to-backlog").check();
    await page.getByTestId("confirm-complete").click();
    const report = page.getByTestId("sprint-report");
    await report.waitFor();
    await report.getByTestId("report-task").filter({ hasText: "Sign-in screen" }).waitFor();
    expect(await report.getByTestId("report-completed").textContent()).toContain("1");
    expect(await report.getByTestId("report-not_completed").textContent()).toContain("2");
    await shot(page, "sprint-report");
    await page.keyboard.press("Escape");
    await page.getByTestId("tab-backlog").click();
    await backlogTask(page, "Push notifications").waitFor();
    await page.getByTestId("completed-sprint").filter({ hasText: "Sprint 1" }).getByTestId("open-report").click();
    await page.getByTestId("sprint-report").getByTestId("report-task").first().waitFor();
    await page.keyboard.press("Escape");
  });

  it("shows the burndown and velocity charts with PNG and CSV downloads", async () => {
    await page.getByTestId("tab-charts").click();
    await page.getByTestId("burndown-chart").locator("svg.recharts-surface").waitFor();
    await page.getByTestId("velocity-chart").locator("svg.recharts-surface").waitFor();
    await page.getByTestId("velocity-chart").getByTestId("chart-download").click();
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-csv").click()]);
    expect(csv.suggestedFilename()).toBe("velocity.csv");
    await page.waitForTimeout(400);
    await page.getByTestId("burndown-chart").getByTestId("chart-download").click();
    const [png] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="download-png"]:visible').click(),
    ]);
    const file = await png.path();
    expect(fs.statSync(file).size).toBeGreaterThan(5000);
    await png.saveAs(`${SCREENSHOTS}burndown-export.png`);
    expect(png.suggestedFilename()).toMatch(/^burndown-.*\.png$/);
  });

  it("shows the people report and workload, and lets a person set their capacity", async () => {
    await page.getByTestId("nav-reports").click();
    await page.locator('[data-testid="people-row"][data-person="Lena Orlova"]').waitFor();
    await page.getByTestId("reports-workload").click();
    const row = page.locator('[data-testid="workload-row"][data-person="Lena Orlova"]');
    await row.waitFor();
    await row.getByTestId("edit-capacity").click();
    await page.getByTestId("capacity-input").fill("12");
    await page.getByTestId("capacity-save").click();
    await row.getByTestId("capacity-value").filter({ hasText: "12 pts" }).waitFor();
  });

  it("screenshots the demo's Scrum project: backlog, burndown and velocity", async () => {
    const demo = await startTestApp();
    const demoContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    demoContext.setDefaultTimeout(20_000);
    const demoPage = await demoContext.newPage();
    try {
      await demoPage.goto(`${demo.url}/setup`);
      await demoPage.getByTestId("setup-demo").click();
      await demoPage.getByTestId("nav-my-tasks").waitFor({ timeout: 90_000 });
      const projects = await apiCall<{ gid: string; name: string }[]>(demoPage, "GET", "/projects?limit=100");
      const product = projects.find((project) => project.name === "Product team");
      if (!product) return; // the demo has no Scrum project yet
      await demoPage.goto(`${demo.url}/projects/${product.gid}`);
      await demoPage.getByTestId("tab-backlog").click();
      await demoPage.getByTestId("sprint-block").first().waitFor();
      await demoPage.getByTestId("backlog-task").first().waitFor();
      await shot(demoPage, "backlog");
      await demoPage.getByTestId("tab-charts").click();
      await demoPage.getByTestId("burndown-chart").locator("svg.recharts-surface").waitFor();
      await demoPage.getByTestId("velocity-chart").locator("svg.recharts-surface").waitFor();
      await demoPage.waitForTimeout(800);
      await demoPage.getByTestId("burndown-chart").screenshot({ path: `${SCREENSHOTS}burndown.png` });
      await demoPage.getByTestId("velocity-chart").screenshot({ path: `${SCREENSHOTS}velocity.png` });
      await demoPage.getByTestId("tab-sprint").click();
      await demoPage.getByTestId("sprint-card").first().waitFor();
      await shot(demoPage, "sprint-board-demo");
    } finally {
      await demoContext.close();
      await demo.close();
    }
  });
});
