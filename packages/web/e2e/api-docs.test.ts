import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { launch, shot } from "./browser.ts";

let app: TestApp;
let browser: Browser;

describe("the API reference at /api/1.0/docs, in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows the API and its operations without signing in, with nothing refused by the page's CSP", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || /Content Security Policy|Refused to/i.test(message.text())) {
        problems.push(message.text());
      }
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(app.url) && !request.url().startsWith("data:")) elsewhere.push(request.url());
    });

    await page.goto(`${app.api}/docs`);
    await page.getByRole("heading", { name: /Takt API/ }).waitFor();
    // A known operation, opened like a reader would (the Tasks group, then GET /tasks/{task_gid}): its path
    // parameter and the opt_fields every answer takes.
    await page.locator(".opblock-tag", { hasText: /^Tasks/ }).click();
    const operation = page.locator(".opblock-get", { has: page.locator('[data-path="/tasks/{task_gid}"]') });
    await operation.locator(".opblock-summary-control").click();
    await operation.locator(".parameter__name", { hasText: "task_gid" }).waitFor();
    await operation.locator(".parameter__name", { hasText: "opt_fields" }).waitFor();
    await shot(page, "api-docs");
    // Its answer is the task from the contracts: {"data": {…}} with the task's fields.
    const answer = operation.locator(".responses-wrapper .response", { hasText: "Successful answer." });
    await expect(answer.locator(".example").first().textContent()).resolves.toContain('"resource_subtype"');
    await answer.scrollIntoViewIfNeeded();
    await shot(page, "api-docs-task-answer");

    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  it("opens at the errors section that every error's help link names", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const answer = await fetch(`${app.api}/tasks/1`);
    const help: string = (await answer.json()).errors[0].help;
    const link = help.match(/\/api\/1\.0\/docs#\S+/)?.[0];
    expect(link).toBe("/api/1.0/docs#errors");
    await page.goto(`${app.url}${link}`);
    const section = page.locator("#errors");
    await section.waitFor();
    await expect.poll(() => section.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(200);
    await expect(page.getByText("Too Many Requests").first().isVisible()).resolves.toBe(true);
    await shot(page, "api-docs-errors");
    await context.close();
  });
});
