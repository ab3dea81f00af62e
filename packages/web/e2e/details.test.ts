import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import en from "../src/i18n/en.json";
import enImports from "../src/i18n/imports.en.json";
import { apiCall, centerOf, drag, launch, shot } from "./browser.ts";

// The details a person trips on, each checked the way they met it: typing into a field, a rebuild under a running
// server, a narrow header, a Done column, a scrolled board, messages, Russian, the timeline and the console.
const EMAIL = "nina@details.test";
const PASSWORD = "correct-horse-42";
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let webDir = "";
let workspace = "";
let me = "";
let projectGid = "";
const sections: Record<string, string> = {};
const tasks: Record<string, string> = {};
const consoleErrors: string[] = [];

type Gid = { gid: string };

async function taskNames() {
  const rows = await apiCall<{ name: string }[]>(page, "GET", `/projects/${projectGid}/tasks?opt_fields=name`);
  return rows.map((row) => row.name);
}

async function settle(target: Page) {
  await target.waitForLoadState("networkidle");
  await target.waitForTimeout(300);
}

async function switchLanguage(language: "en" | "ru") {
  await apiCall(page, "PUT", "/users/me", { language });
  await page.evaluate((value) => localStorage.setItem("takt.language", value), language);
}

// Text on screen that looks like an i18n key of ours ("fields.type", "sprints.pointsShort").
async function rawKeys(target: Page): Promise<string[]> {
  const namespaces = Object.keys({ ...en, ...enImports }).join("|");
  const text = await target.evaluate(() => document.body.innerText);
  return [...text.matchAll(new RegExp(`\\b(?:${namespaces})\\.[a-zA-Z][\\w.]*`, "g"))].map((match) => match[0]);
}

describe("details in Chromium", () => {
  beforeAll(async () => {
    // The server serves a copy of the build, so the test can rebuild it under the running server.
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-web-"));
    fs.cpSync(DIST, webDir, { recursive: true });
    app = await startTestApp({ config: { webDir } });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on("console", (message) => {
      consoleErrors.push(message.text());
    });
    await page.goto(`${app.url}/setup`);
    await page.getByTestId("setup-workspace").fill("Details Studio");
    await page.getByTestId("setup-name").fill("Nina Petrova");
    await page.getByTestId("setup-email").fill(EMAIL);
    await page.getByTestId("setup-password").fill(PASSWORD);
    await page.getByTestId("setup-submit").click();
    await page.getByTestId("nav-home").waitFor();
    const user = await apiCall<{ gid: string; workspaces: Gid[] }>(page, "GET", "/users/me");
    me = user.gid;
    workspace = user.workspaces[0].gid;
    const team = await apiCall<Gid>(page, "POST", "/teams", { name: "Production department", organization: workspace });
    const project = await apiCall<Gid>(page, "POST", "/projects", {
      workspace,
      team: team.gid,
      name: "Coffee house «Zerno» — website and ads",
      default_view: "board",
    });
    projectGid = project.gid;
    const existing = await apiCall<Gid[]>(page, "GET", `/projects/${projectGid}/sections`);
    for (const [index, name] of ["To do", "In progress", "Review", "Done"].entries()) {
      sections[name] = existing[index]
        ? (await apiCall<Gid>(page, "PUT", `/sections/${existing[index].gid}`, { name })).gid
        : (await apiCall<Gid>(page, "POST", `/projects/${projectGid}/sections`, { name })).gid;
    }
    for (const [name, section, start, due] of [
      ["Hosting access", "To do", 0, 1],
      ["Landing page design", "To do", 1, 6],
      ["Copy for the landing page", "In progress", 2, 3],
      ["Ad campaign setup", "Review", 7, 12],
    ] as const) {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      tasks[name] = (
        await apiCall<Gid>(page, "POST", "/tasks", {
          name,
          assignee: me,
          start_on: day(start),
          due_on: day(due),
          memberships: [{ project: projectGid, section: sections[section] }],
        })
      ).gid;
    }
    await apiCall(page, "POST", `/tasks/${tasks["Landing page design"]}/addDependencies`, {
      dependencies: [tasks["Copy for the landing page"]],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (webDir) fs.rmSync(webDir, { recursive: true, force: true });
  });

  it("1. Set focuses the secret's input; no single-key shortcut fires from a field, a picker or the task pane", async () => {
    const field = await apiCall<Gid>(page, "POST", "/custom_fields", {
      workspace,
      name: "Hosting password",
      resource_subtype: "secret",
    });
    await apiCall(page, "POST", `/projects/${projectGid}/addCustomFieldSetting`, { custom_field: field.gid });
    await page.goto(`${app.url}/projects/${projectGid}/tasks/${tasks["Hosting access"]}`);
    await page.getByTestId("field-Hosting password-reveal").click();
    const input = page.getByTestId("field-Hosting password-value");
    await input.waitFor();
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type("kolos-n-Str0ng");
    await page.keyboard.press("Enter");
    await settle(page);
    // The password went into the field, and no task was made of its tail.
    expect(await page.getByTestId("task-composer").count()).toBe(0);
    expect((await taskNames()).filter((name) => /Str0ng|kolos/.test(name))).toEqual([]);

    // Focus on a button of the task pane, and on the body after clicking in the pane: "n" stays quiet.
    await page.getByTestId("task-pane").getByRole("button").first().focus();
    await page.keyboard.press("n");
    await page.waitForTimeout(300);
    expect(await page.getByTestId("task-composer").count()).toBe(0);
    // A picker or menu open: "/" and "n" stay quiet too.
    await page.getByTestId("pane-close").click();
    await page.waitForURL(/\/projects\/\d+$/);
    await page.getByTestId("column").first().getByTestId("section-menu").click();
    await page.getByRole("menu").waitFor();
    await page.keyboard.press("n");
    await page.keyboard.press("/");
    expect(await page.getByTestId("task-composer").count()).toBe(0);
    await page.keyboard.press("Escape");
    await page.getByRole("menu").waitFor({ state: "detached" });
    // On the board itself, "n" still adds a task: the guard is not a switch that is always off.
    await page.locator("body").click({ position: { x: 900, y: 700 } });
    await page.keyboard.press("n");
    await page.getByTestId("task-composer").waitFor();
    await page.keyboard.press("Escape");
  });

  it("4. a column that means done completes a dropped card and reopens it when it leaves", async () => {
    await page.goto(`${app.url}/projects/${projectGid}`);
    const done = page.locator('[data-testid="column"][data-section-name="Done"]');
    await done.getByTestId("section-menu").click();
    await page.getByTestId("section-marks-complete").click();
    await done.getByTestId("done-column-mark").waitFor();
    await settle(page);
    const card = page.locator('[data-testid="card"][data-task-name="Ad campaign setup"]');
    await drag(page, await centerOf(page, card), await centerOf(page, done.getByTestId("column-body")));
    await done.locator('[data-task-name="Ad campaign setup"] .takt-completed').waitFor();
    await expect
      .poll(
        async () =>
          (await apiCall<{ completed: boolean }>(page, "GET", `/tasks/${tasks["Ad campaign setup"]}`)).completed,
      )
      .toBe(true);
    await settle(page);
    await shot(page, "board-done-column");
    const review = page.locator('[data-testid="column"][data-section-name="Review"]');
    await drag(
      page,
      await centerOf(page, done.locator('[data-testid="card"][data-task-name="Ad campaign setup"]')),
      await centerOf(page, review.getByTestId("column-body")),
    );
    await expect
      .poll(
        async () =>
          (await apiCall<{ completed: boolean }>(page, "GET", `/tasks/${tasks["Ad campaign setup"]}`)).completed,
      )
      .toBe(false);
    expect(await review.locator('[data-task-name="Ad campaign setup"] .takt-completed').count()).toBe(0);

    // Renamed from the same menu, opened a second time: the name field keeps the focus while the menu closes,
    // and what is typed straight away goes into it.
    await done.getByTestId("section-menu").click();
    await page.getByTestId("section-rename").click();
    const name = done.getByTestId("section-name-input");
    await name.waitFor();
    await page.waitForTimeout(100); // a person's pause before typing
    await page.keyboard.type("Shipped");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="column"][data-section-name="Shipped"]').waitFor();
  });

  it("5. closing the task pane brings the board back to where it was scrolled", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${app.url}/projects/${projectGid}`);
    const board = page.getByTestId("board");
    await board.waitFor();
    expect(await board.evaluate((element) => element.scrollLeft)).toBe(0);
    await page.locator('[data-testid="card"][data-task-name="Hosting access"]').click();
    await page.getByTestId("task-pane").waitFor();
    // The narrower board is scrolled to reach the last column, and a card there is opened.
    await board.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    await page.waitForTimeout(200);
    expect(await board.evaluate((element) => element.scrollLeft)).toBeGreaterThan(100);
    await page.locator('[data-testid="card"][data-task-name="Ad campaign setup"]').click();
    await page.waitForURL(new RegExp(`/tasks/${tasks["Ad campaign setup"]}$`));
    await page.getByTestId("pane-close").click();
    await page.getByTestId("task-pane").waitFor({ state: "detached" });
    expect(await board.evaluate((element) => element.scrollLeft)).toBe(0);
    const first = await page.locator('[data-testid="column"][data-section-name="To do"]').boundingBox();
    const frame = await board.boundingBox();
    expect(first!.x).toBeGreaterThanOrEqual(frame!.x);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("3. the project header keeps its title and actions whole from 1024 px up, in English and Russian", async () => {
    for (const language of ["en", "ru"] as const) {
      await switchLanguage(language);
      for (const width of [1024, 1280, 1440]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${app.url}/projects/${projectGid}`);
        const title = page.getByTestId("project-title");
        await title.waitFor();
        await page.getByTestId("add-task").waitFor();
        await page.waitForTimeout(200);
        const fit = await page.evaluate(() => {
          const header = document.querySelector('[data-testid="project-header"]')!.getBoundingClientRect();
          const input = document.querySelector<HTMLInputElement>('[data-testid="project-title"]')!;
          const cut = [...document.querySelectorAll<HTMLElement>('[data-testid="project-header"] *')].filter(
            (element) =>
              element.children.length === 0 &&
              !element.closest('[aria-hidden="true"]') &&
              element.getClientRects().length > 0 &&
              // A heading kept for screen readers only (1 px, clipped) is not cut text a person sees.
              element.getBoundingClientRect().width > 1 &&
              (element.textContent ?? "").trim() !== "" &&
              element.scrollWidth > element.clientWidth + 1 &&
              getComputedStyle(element).overflow !== "visible",
          );
          const outside = [...document.querySelectorAll<HTMLElement>('[data-testid="project-header"] button')].filter(
            (button) => button.getClientRects().length > 0 && button.getBoundingClientRect().right > header.right + 1,
          );
          return {
            titleCut: input.scrollWidth > input.clientWidth + 1,
            cut: cut.map((element) => element.textContent),
            outside: outside.map((button) => button.getAttribute("aria-label") ?? button.textContent),
          };
        });
        expect({ language, width, ...fit }).toEqual({ language, width, titleCut: false, cut: [], outside: [] });
        if (width !== 1280) await shot(page, `project-header-${width}${language === "ru" ? "-ru" : ""}`);
      }
    }
    await switchLanguage("en");
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("6. messages are sentences: a form sent too fast, the field dialog's type, in both languages", async () => {
    const form = await apiCall<Gid>(page, "POST", `/projects/${projectGid}/forms`, {
      title: "Re-order",
      fields: [{ key: "product", label: "Product", type: "text", required: true, maps_to: "name" }],
      target_section: sections["To do"],
      access: "project_guests",
    });
    for (const language of ["en", "ru"] as const) {
      await switchLanguage(language);
      await page.goto(`${app.url}/forms/${form.gid}`);
      await page.getByTestId("form-field-product").fill("200 boxes");
      await page.getByTestId("form-submit").click();
      const error = page.getByTestId("form-error");
      await error.waitFor();
      const text = (await error.textContent()) ?? "";
      expect(text).not.toMatch(/fill_token|too quickly/);
      expect(text).toMatch(language === "en" ? /^The form was sent faster than/ : /^Форма отправлена быстрее/);
      await shot(page, `form-too-fast${language === "ru" ? "-ru" : ""}`);

      await page.goto(`${app.url}/projects/${projectGid}`);
      await page.getByTestId("tab-list").click();
      await page.getByTestId("list-add-field").click();
      const type = page.getByTestId("field-type");
      await type.waitFor();
      const label = await page.locator(`label[for="${await type.getAttribute("id")}"]`).textContent();
      expect(label).toBe(language === "en" ? "Type" : "Тип");
      expect(await rawKeys(page)).toEqual([]);
      await page.keyboard.press("Escape");
    }
    await switchLanguage("en");
    await page.getByTestId("tab-board").click();
  });

  it("7. Russian: counts follow plural rules, the audit log is Russian, no raw key on the main pages", async () => {
    await switchLanguage("ru");
    await apiCall(page, "POST", `/projects/${projectGid}/scrum`, { scrum_enabled: true });
    const sprint = await apiCall<Gid>(page, "POST", `/projects/${projectGid}/sprints`, { name: "Спринт 1" });
    for (const [name, points] of [
      ["Landing page design", 1],
      ["Copy for the landing page", 3],
      ["Hosting access", 5],
    ] as const) {
      await apiCall(page, "PUT", `/tasks/${tasks[name]}`, { story_points: points, sprint: sprint.gid });
    }
    await page.goto(`${app.url}/projects/${projectGid}`);
    await page.getByTestId("tab-backlog").click();
    await page.getByTestId("backlog-task").first().waitFor();
    await page.getByText("5 поинтов").first().waitFor();
    const texts = await page.locator("body").innerText();
    expect(texts).toContain("1 поинт");
    expect(texts).toContain("3 поинта");
    expect(texts).toContain("5 поинтов");
    expect(texts).not.toMatch(/\bpts\b|Очки|очк/);
    await shot(page, "backlog-points-ru");

    await page.goto(`${app.url}/settings/audit-log`);
    await page.getByTestId("audit-row").first().waitFor();
    const types = await page.getByTestId("audit-resource-type").allTextContents();
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) expect(type).toMatch(/^[А-Яа-яЁё ]+$/);
    const badges = await page
      .getByTestId("audit-type")
      .evaluateAll((items) => items.filter((item) => item.scrollWidth > item.clientWidth + 1).length);
    expect(badges).toBe(0);
    await shot(page, "audit-log-ru");

    for (const route of [
      "/",
      "/my-tasks",
      "/inbox",
      `/projects/${projectGid}`,
      "/reports",
      "/templates",
      "/timesheet",
    ]) {
      await page.goto(`${app.url}${route}`);
      await settle(page);
      expect({ route, keys: await rawKeys(page) }).toEqual({ route, keys: [] });
    }
    await switchLanguage("en");
  });

  it("8. timeline bars are labelled with their task, and a dependency is an arrow", async () => {
    await page.goto(`${app.url}/projects/${projectGid}`);
    await page.getByTestId("tab-timeline").click();
    await page.getByTestId("timeline-bar").first().waitFor();
    const unlabelled = await page.evaluate(() => {
      const labels = [...document.querySelectorAll('[data-testid="timeline-bar-label"]')].map(
        (label) => label.textContent,
      );
      return [...document.querySelectorAll<HTMLElement>('[data-testid="timeline-bar"]')]
        .filter((bar) => {
          const name = bar.dataset.taskName ?? "";
          const onBar = (bar.textContent ?? "").includes(name) && bar.scrollWidth <= bar.clientWidth + 1;
          return !onBar && !labels.includes(name);
        })
        .map((bar) => bar.dataset.taskName);
    });
    expect(unlabelled).toEqual([]);
    expect(await page.getByTestId("timeline-bar-label").count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("timeline-arrow").count()).toBeGreaterThanOrEqual(1);
    await shot(page, "timeline-labels");
  });

  it("2. after a rebuild: missing files are 404, the app offers a reload, a gone page says Takt was updated", async () => {
    // What this tab has loaded, in both languages (the Russian texts are a chunk of their own).
    const loaded = new Set<string>();
    for (const language of ["ru", "en"] as const) {
      await switchLanguage(language);
      await page.goto(`${app.url}/projects/${projectGid}`);
      await page.getByTestId("tab-board").click();
      await page.getByTestId("board").waitFor();
      await settle(page);
      const names = await page.evaluate(() =>
        performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname),
      );
      for (const name of names) loaded.add(name);
    }
    const missing = await page.evaluate(async () => {
      const response = await fetch("/assets/index-gone.js");
      return { status: response.status, type: response.headers.get("content-type") };
    });
    expect(missing.status).toBe(404);
    expect(missing.type).not.toMatch(/html/);

    // The new build: another id, and the old chunks this tab has not loaded yet are gone.
    const version = path.join(webDir, "version.json");
    const original = fs.readFileSync(version, "utf8");
    fs.writeFileSync(version, JSON.stringify({ build: "next-build" }));
    const assets = path.join(webDir, "assets");
    const parked = fs.mkdtempSync(path.join(os.tmpdir(), "takt-old-assets-"));
    for (const file of fs.readdirSync(assets)) {
      if (!loaded.has(`/assets/${file}`) && file.endsWith(".js"))
        fs.renameSync(path.join(assets, file), path.join(parked, file));
    }
    try {
      for (const language of ["en", "ru"] as const) {
        await switchLanguage(language);
        await page.goto(`${app.url}/projects/${projectGid}`);
        // Reload above runs the same (original) build; the server now says another: navigation notices.
        await page
          .getByTestId("board")
          .waitFor()
          .catch(() => undefined);
        await page.evaluate(() => window.dispatchEvent(new Event("vite:preloadError")));
        await page.getByTestId("new-version").waitFor();
        await page.getByRole("link", { name: language === "en" ? "Timesheet" : "Табель" }).click();
        await page.getByTestId("route-error").waitFor();
        const text = await page.getByTestId("route-error").innerText();
        expect(text).toContain(language === "en" ? "Takt has been updated" : "Takt обновился");
        expect(text).not.toMatch(/Unexpected Application Error|dynamically imported/);
        await shot(page, `app-updated${language === "ru" ? "-ru" : ""}`);
      }
    } finally {
      for (const file of fs.readdirSync(parked)) fs.renameSync(path.join(parked, file), path.join(assets, file));
      fs.writeFileSync(version, original);
    }
    await page.getByTestId("route-error-reload").click();
    await page.getByTestId("route-error").waitFor({ state: "detached" });
    expect(await page.getByTestId("new-version").count()).toBe(0);
    await switchLanguage("en");
  });

  it("9. the console stays quiet: no unknown Permissions-Policy feature", async () => {
    const headers = (await page.goto(`${app.url}/my-tasks`))!.headers();
    expect(headers["permissions-policy"]).not.toMatch(/bluetooth/);
    await settle(page);
    expect(consoleErrors.filter((text) => /Unrecognized feature|i18next is made possible/.test(text))).toEqual([]);
  });
});
