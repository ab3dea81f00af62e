import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

// The agency lead's view above the projects, on the demo workspace: a portfolio of client projects, goals, and
// billing (approved time per client for the month, its CSV, timesheet approvals); the client guest sees none of it.
let app: TestApp;
let browser: Browser;
let page: Page;
let workspaceGid = "";

async function switchLanguage(language: "en" | "ru") {
  await page.getByTestId("user-menu").click();
  await page.getByTestId(`language-${language}`).click();
  await page.keyboard.press("Escape");
}

// The CSV the billing page's button downloads, fetched with the page's own session.
async function csvOf(href: string): Promise<string> {
  return page.evaluate(async (url) => (await fetch(url, { credentials: "same-origin" })).text(), href);
}

describe("portfolios, goals and billing in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on("pageerror", (error) => console.log("PAGEERROR", error.message));
    await page.goto(`${app.url}/setup`);
    await page.getByTestId("setup-demo").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 180_000 });
    const me = await apiCall<{ workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows a portfolio's client projects with status, progress, budget burn and a timeline", async () => {
    await page.getByTestId("nav-portfolios").click();
    await page.getByTestId("portfolio-row").first().waitFor();
    expect(await page.getByTestId("portfolio-row").allTextContents()).toEqual([
      expect.stringContaining("Agency"),
      expect.stringContaining("Client projects"),
    ]);
    await page.getByRole("link", { name: "Client projects" }).click();
    await page.getByTestId("portfolio-title").getByText("Client projects").waitFor();
    await page.getByTestId("portfolio-item").nth(2).waitFor();
    expect(await page.getByTestId("portfolio-item").count()).toBe(3);
    // Each client board has a status update from the demo, its tasks' progress, and the first ones their budgets.
    expect(await page.getByTestId("item-status").count()).toBe(3);
    expect(await page.getByTestId("portfolio-items").textContent()).toMatch(/\d+ of \d+ tasks/);
    const burns = await page.getByTestId("budget-burn").allTextContents();
    expect(burns[0]).toMatch(/h.* \/ 40h/);
    expect(burns[1]).toMatch(/USD \/ 3,000 USD/);
    // The lead may share each project with the portfolio's members; the switch says whether it is.
    const first = page.getByTestId("portfolio-item").first();
    const access = first.getByTestId("item-access");
    await access.getByText("Project members only").waitFor();
    await shot(page, "portfolio");
    const settingsOf = () =>
      apiCall<{ is_access_control_inherited: boolean; project: { name: string } }[]>(
        page,
        "GET",
        `/portfolios/${page.url().split("/").pop()}/project_portfolio_settings?opt_fields=project.name,is_access_control_inherited`,
      );
    const firstName = (await first.getByRole("link").textContent()) ?? "";
    await access.getByRole("switch").check({ force: true });
    await access.getByText("Portfolio members").waitFor();
    expect((await settingsOf()).find((row) => row.project.name === firstName)?.is_access_control_inherited).toBe(true);
    await shot(page, "portfolio-access");
    await access.getByRole("switch").uncheck({ force: true });
    await access.getByText("Project members only").waitFor();
    expect((await settingsOf()).find((row) => row.project.name === firstName)?.is_access_control_inherited).toBe(false);
    await page.getByTestId("portfolio-tab-timeline").click();
    await page.getByTestId("portfolio-timeline").waitFor();
    await shot(page, "portfolio-timeline");

    // The nested portfolio adds up its projects.
    await page.goto(`${app.url}/portfolios`);
    await page.getByRole("link", { name: "Agency" }).click();
    await page.getByTestId("portfolio-item").getByText("Client projects").waitFor();

    // A project's header shows its budget to the lead.
    await page.getByTestId("portfolio-item").getByText("Client projects").click();
    await page.getByTestId("portfolio-item").first().getByRole("link").click();
    await page.getByTestId("project-budget").waitFor();
    expect(await page.getByTestId("project-budget").textContent()).toMatch(/\/ 40h · \d+%/);
  });

  it("tracks goals: progress bars in the list, a metric updated by hand, progress from projects", async () => {
    await page.getByTestId("nav-goals").click();
    await page.getByTestId("goal-row").nth(1).waitFor();
    const rows = await page.getByTestId("goal-row").allTextContents();
    expect(rows.join("|")).toContain("Grow monthly revenue to $50k");
    expect(rows.join("|")).toContain("65%");
    await shot(page, "goals");
    await page.getByRole("link", { name: "Grow monthly revenue to $50k" }).click();
    await page.getByTestId("goal-title").waitFor();
    await page.getByTestId("goal-current").fill("40000");
    await page.getByTestId("goal-current-save").click();
    await page.getByTestId("goal-percent").getByText("80%").waitFor();
    // The percentage is said once (by the bar); the line above says the metric against its target.
    await page
      .getByTestId("goal-metric-value")
      .getByText(/^40000 USD of 50000 USD$/)
      .waitFor();
    expect(await page.getByText("80%", { exact: true }).count()).toBe(1);
    // The feed tells the change, and takes a comment.
    await page.getByTestId("goal-system-story").getByText("updated the current value to 40000 USD").waitFor();
    await page.getByTestId("goal-comment-input").fill("Two more retainers are close");
    await page.getByTestId("goal-comment-send").click();
    await page.getByTestId("goal-comment").getByText("Two more retainers are close").waitFor();
    await page.getByTestId("goal-update").getByText("Two new retainers signed").waitFor();
    await page.getByTestId("goal-update-title").fill("Three retainers now");
    await page.getByTestId("goal-update-post").click();
    await page.getByTestId("goal-update").getByText("Three retainers now").waitFor();
    await shot(page, "goal");

    await page.goto(`${app.url}/goals`);
    await page.getByRole("link", { name: "Deliver every client project on time" }).click();
    await page.getByTestId("goal-supporting").nth(2).waitFor();
    expect(await page.getByTestId("goal-source").inputValue()).toBe("Supporting projects' tasks");
  });

  it("bills approved time per client for the month, as a CSV, after the lead approves the week", async () => {
    await page.getByTestId("nav-billing").click();
    await page.getByTestId("approval-row").first().waitFor();
    // Three people submitted this week; the two weeks before are approved.
    const pending = page.getByTestId("approval-row").filter({ hasText: "Submitted" });
    expect(await pending.count()).toBe(3);
    const month = new Date().toISOString().slice(0, 7);
    const href = (await page.getByTestId("billing-csv").getAttribute("href")) ?? "";
    expect(href).toBe(`/api/1.0/workspaces/${workspaceGid}/billing.csv?month=${month}`);
    const before = await csvOf(href);
    expect(before.replace(/^\ufeff/, "").split("\r\n")[0]).toBe(
      '"Project","Person","Hours","Rate","Currency","Amount","Non-billable hours"',
    );

    await pending.first().getByTestId("approve-week").click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="approval-row"] [data-testid="approve-week"]').length === 2,
    );
    const after = await csvOf(href);
    const lines = after
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines.length).toBeGreaterThan(1);
    // Every line is a client project with hours, the rate that bills it, the amount and the non-billable hours.
    for (const line of lines.slice(1)) expect(line).toMatch(/^".+",".+",[\d.]+,\d+,"USD",[\d.]+,[\d.]+$/);
    if (await page.getByTestId("billing-line").count()) {
      expect(await page.getByTestId("billing-total").textContent()).toMatch(/USD/);
    }
    await page.getByTestId("billing-prev").click();
    await page.getByTestId("billing-line").first().waitFor();
    await shot(page, "billing");
  });

  it("speaks Russian on the same pages", async () => {
    await switchLanguage("ru");
    await page.goto(`${app.url}/billing`);
    await page.getByRole("heading", { name: "Биллинг" }).waitFor();
    await page.getByText("Утверждение табелей").waitFor();
    await page.getByTestId("billing-prev").click();
    await page.getByTestId("billing-line").first().waitFor();
    await shot(page, "billing-ru");
    await page.getByTestId("nav-portfolios").click();
    await page.getByRole("link", { name: "Client projects" }).click();
    await page.getByRole("columnheader", { name: "Прогресс" }).waitFor();
    await page
      .getByText(/\d+ из \d+ задач/)
      .first()
      .waitFor();
    await shot(page, "portfolio-ru");
    await page.getByTestId("nav-goals").click();
    await page.getByRole("heading", { name: "Цели" }).waitFor();
    await page.getByTestId("goal-row").first().waitFor();
    await shot(page, "goals-ru");
    await page.getByRole("link", { name: "Grow monthly revenue to $50k" }).click();
    await page.getByTestId("goal-system-story").getByText("обновил(а) текущее значение: 40000 USD").waitFor();
    await page.getByText("40000 USD из 50000 USD").waitFor();
    await page.getByTestId("goal-comment-input").waitFor();
    await shot(page, "goal-ru");
    await switchLanguage("en");
  });

  it("shows the client guest no portfolios, goals or billing", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    const guest = await context.newPage();
    await guest.goto(`${app.url}/login`);
    await guest.getByTestId("signin-email").fill("client@demo.takt");
    await guest.getByTestId("signin-password").fill("takt-demo");
    await guest.getByTestId("signin-submit").click();
    await guest.getByTestId("nav-home").waitFor();
    expect(await guest.getByTestId("nav-portfolios").count()).toBe(0);
    expect(await guest.getByTestId("nav-goals").count()).toBe(0);
    expect(await guest.getByTestId("nav-billing").count()).toBe(0);
    await guest.goto(`${app.url}/billing`);
    await guest.getByText("Billing is for workspace admins").waitFor();
    await guest.goto(`${app.url}/portfolios`);
    await guest.getByText("No portfolios yet").waitFor();
    await context.close();
  });
});
