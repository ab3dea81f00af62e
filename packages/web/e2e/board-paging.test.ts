import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

// A long Board in one browser session: the first screen of each column first, the rest as a column is scrolled, and
// a colleague's move shown from the realtime message alone (no request for the task or its section).

const TASKS = 90;
let app: TestApp;
let browser: Browser;
let page: Page;
let colleague: Page;
let project = "";
let url = "";
const sections: { gid: string; name: string }[] = [];
// Task gids by name ("Task 07").
const tasks = new Map<string, string>();
// The task and section requests the first browser made, in order.
const reads: string[] = [];

const pad = (index: number) => String(index).padStart(2, "0");
const column = (target: Page, name: string) => target.locator(`[data-testid="column"][data-section-name="${name}"]`);
// The cards a column draws now (it draws only those near its scroll position).
const cardNames = (target: Page, name: string) =>
  column(target, name)
    .getByTestId("card")
    .evaluateAll((cards) => cards.map((card) => card.getAttribute("data-task-name")));

// Scrolls a column from its top to its end, a screen at a time, waiting at the end while more is on its way; answers
// every card it drew, in order.
const wholeColumn = (target: Page, name: string) =>
  target.evaluate(async (section) => {
    const element = document.querySelector<HTMLElement>(`[data-section-name="${section}"] [data-testid="column-body"]`);
    if (!element) throw new Error(`no column ${section}`);
    const seen: string[] = [];
    const frame = () => new Promise((resolve) => setTimeout(resolve, 50));
    element.scrollTop = 0;
    for (let step = 0; step < 2000; step += 1) {
      await frame();
      for (const card of element.querySelectorAll<HTMLElement>('[data-testid="card"]')) {
        const gid = card.dataset.taskName ?? "";
        if (!seen.includes(gid)) seen.push(gid);
      }
      const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
      if (atEnd && !element.hasAttribute("data-more")) return seen;
      element.scrollTop += element.clientHeight / 2;
    }
    throw new Error("the column never ended");
  }, name);

describe("a long Board in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await page.goto(`${app.url}/setup`);
    await page.getByTestId("setup-demo").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 120_000 });
    const me = await apiCall<{ workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    const made = await apiCall<{ gid: string }>(page, "POST", "/projects", {
      name: "Catalogue migration",
      workspace: me.workspaces[0].gid,
    });
    project = made.gid;
    url = `${app.url}/projects/${project}`;
    const first = await apiCall<{ gid: string; name: string }[]>(page, "GET", `/projects/${project}/sections`);
    await apiCall(page, "PUT", `/sections/${first[0].gid}`, { name: "Backlog" });
    sections.push({ gid: first[0].gid, name: "Backlog" });
    const review = await apiCall<{ gid: string }>(page, "POST", `/projects/${project}/sections`, { name: "Review" });
    sections.push({ gid: review.gid, name: "Review" });
    for (let index = 1; index <= TASKS; index += 1) {
      const task = await apiCall<{ gid: string }>(page, "POST", "/tasks", {
        name: `Task ${pad(index)}`,
        memberships: [{ project, section: sections[index <= 80 ? 0 : 1].gid }],
      });
      tasks.set(`Task ${pad(index)}`, task.gid);
    }
    // The project opens on its Board.
    await page.evaluate((gid) => localStorage.setItem(`takt.view.${gid}`, JSON.stringify("board")), project);
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (/^\/api\/1\.0\/(tasks|sections)\//.test(path)) reads.push(request.url());
    });

    const other = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    other.setDefaultTimeout(15_000);
    colleague = await other.newPage();
    await colleague.goto(`${app.url}/login`);
    await colleague.getByTestId("signin-email").fill("admin@demo.takt");
    await colleague.getByTestId("signin-password").fill("takt-demo");
    await colleague.getByTestId("signin-submit").click();
    await colleague.getByTestId("nav-home").waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows the first screen of a long column first and the rest as it is scrolled", async () => {
    await page.goto(url);
    await column(page, "Backlog").getByTestId("card").first().waitFor();
    // Only the first screen of the long column came; the short one came whole.
    const backlog = column(page, "Backlog");
    const shownCount = await backlog.getByTestId("column-count").textContent();
    expect(shownCount).toMatch(/^\d+\+$/);
    const loaded = Number.parseInt(shownCount ?? "", 10);
    expect(loaded).toBeLessThan(40);
    expect(await column(page, "Review").getByTestId("column-count").textContent()).toBe("10");
    expect(reads.filter((read) => read.includes(`/sections/${sections[0].gid}/tasks`))).toHaveLength(1);
    expect(await backlog.getByRole("list").getAttribute("aria-label")).toBe(
      `Backlog: the first ${loaded} tasks, more load as you scroll`,
    );
    await shot(page, "board-long-column");
    // Resting on its first screen, the board runs no animation (an idle tab does not keep repainting): the column's
    // end shows a spinner only while a page is on its way.
    await page.waitForLoadState("networkidle");
    const running = await page.evaluate(
      () => document.getAnimations().filter((animation) => animation.playState === "running").length,
    );
    expect(running).toBe(0);
    expect(await backlog.getByTestId("column-more").count()).toBe(1);

    // Scrolled to its end, page after page, the whole column is there, in order.
    const names = await wholeColumn(page, "Backlog");
    expect(names).toEqual(Array.from({ length: 80 }, (_, index) => `Task ${pad(index + 1)}`));
    expect(await backlog.getByTestId("column-count").textContent()).toBe("80");
    expect(await backlog.getByTestId("column-more").count()).toBe(0);
  });

  it("shows a colleague's move from the realtime message without asking the server again", async () => {
    await page.goto(url);
    await column(page, "Backlog").getByTestId("card").first().waitFor();
    await page.waitForFunction(() => (window as { __taktLive?: boolean }).__taktLive === true);
    reads.length = 0;

    // Task 02 goes between Task 82 and Task 83 of the Review column.
    await apiCall(colleague, "POST", `/sections/${sections[1].gid}/addTask`, {
      task: tasks.get("Task 02"),
      insert_after: tasks.get("Task 82"),
    });
    await column(page, "Review").locator('[data-task-name="Task 02"]').waitFor();
    expect((await cardNames(page, "Review")).slice(0, 4)).toEqual(["Task 81", "Task 82", "Task 02", "Task 83"]);
    expect(await column(page, "Backlog").locator('[data-task-name="Task 02"]').count()).toBe(0);
    expect(await column(page, "Review").getByTestId("column-count").textContent()).toBe("11");

    // Task 81 goes to the end of the Backlog, past what this board has loaded: it leaves Review and waits there.
    await apiCall(colleague, "POST", `/sections/${sections[0].gid}/addTask`, {
      task: tasks.get("Task 81"),
      insert_after: tasks.get("Task 80"),
    });
    await page.waitForFunction(
      () => !document.querySelector('[data-section-name="Review"] [data-task-name="Task 81"]'),
    );
    expect(await column(page, "Backlog").locator('[data-task-name="Task 81"]').count()).toBe(0);
    // Neither move asked for the task or its section's order (a next page of a scrolled column may come).
    expect(reads.filter((read) => !new URL(read).searchParams.has("offset"))).toEqual([]);

    // Scrolled to its end, the Backlog has every task once: Task 02 gone, Task 81 last.
    const backlog = await wholeColumn(page, "Backlog");
    expect(backlog).toEqual([
      "Task 01",
      ...Array.from({ length: 78 }, (_, index) => `Task ${pad(index + 3)}`),
      "Task 81",
    ]);
    expect(await column(page, "Backlog").getByTestId("column-count").textContent()).toBe("80");
  });

  it("reads the same in Russian", async () => {
    await page.goto(url);
    await page.getByTestId("user-menu").click();
    await page.getByTestId("language-ru").click();
    await page.getByTestId("tab-board").getByText("Доска").waitFor();
    await page.reload();
    await column(page, "Backlog").getByTestId("card").first().waitFor();
    const count = await column(page, "Backlog").getByTestId("column-count").textContent();
    expect(count).toMatch(/^\d+\+$/);
    expect(await column(page, "Backlog").getByRole("list").getAttribute("aria-label")).toMatch(
      /^Backlog: первые задачи \(\d+\), остальные загрузятся при прокрутке$/,
    );
    await shot(page, "board-long-column-ru");
  });
});
