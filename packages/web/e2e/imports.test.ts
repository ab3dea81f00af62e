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
let teamName = "";
let crmUrl = "";

// Columns the browser cannot guess ("Item", "Phase", "Remark") make the mapping step necessary.
const CSV = [
  "Item,Phase,Deadline,Remark",
  "Write the brief,Planning,2026-12-01,First step",
  "Draft the design,Design,2026-12-05,",
  '"Review with the client, part 1",Design,,Bring slides',
].join("\n");

async function pickOption(target: Page, testId: string, label: string) {
  await target.getByTestId(testId).click();
  await target.getByRole("option", { name: label, exact: true }).click();
}

async function openUserMenuItem(target: Page, testId: string) {
  await target.getByTestId("user-menu").click();
  await target.getByTestId(testId).click();
}

describe("import and CRM intake settings in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    // Imports run in the background worker, as in `takt serve`.
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
    workspaceGid = me.workspaces[0].gid;
    const teams = await apiCall<{ name: string }[]>(page, "GET", `/users/me/teams?workspace=${workspaceGid}`);
    teamName = teams[0].name;
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await app?.close();
  });

  it("shows a bad file's 400 under the file input", async () => {
    // The new-project dialog leads to the import page too.
    await page.getByTestId("new-project").click();
    await page.getByTestId("use-import").click();
    await page.waitForURL(/\/settings\/import$/);
    await openUserMenuItem(page, "nav-import");
    await page.getByTestId("import-page").waitFor();
    await page.getByTestId("import-source").getByText("Trello", { exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: "board.json",
      mimeType: "application/json",
      buffer: Buffer.from("this is not json"),
    });
    await page.getByTestId("import-submit").click();
    await page.getByText(/^file: is not valid JSON/).waitFor();
    await expect(page.getByTestId("import-progress").count()).resolves.toBe(0);
  });

  it("imports a CSV with a column mapping, follows it to success and opens the project", async () => {
    await page.getByTestId("import-source").getByText("CSV", { exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: "Launch plan.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(CSV),
    });
    await page.getByTestId("import-map-name").waitFor();
    // The due date column is guessed from its name; the rest is mapped by hand.
    expect(await page.getByTestId("import-map-due_on").inputValue()).toBe("Deadline");
    expect(await page.getByTestId("import-project-name").inputValue()).toBe("Launch plan");
    await page.getByTestId("import-submit").click();
    await page.getByText("Choose the column with the task names").waitFor();

    await pickOption(page, "import-map-name", "Item");
    await pickOption(page, "import-map-section", "Phase");
    await pickOption(page, "import-map-notes", "Remark");
    await pickOption(page, "import-team", teamName);
    await expect(page.getByTestId("import-mapping-error").count()).resolves.toBe(0);
    // A taller window shows the whole form in the screenshot.
    await page.setViewportSize({ width: 1440, height: 1180 });
    await page.getByTestId("import-page").evaluate((element) => element.scrollIntoView());
    await shot(page, "import");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId("import-submit").click();

    const progress = page.locator('[data-testid="import-progress"][data-status="succeeded"]');
    await progress.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("import-count-tasks").innerText()).toContain("3");
    expect(await page.getByTestId("import-count-sections").innerText()).toContain("2");
    await shot(page, "import-done");

    await page.getByTestId("import-open-project").click();
    await page.waitForURL(/\/projects\/\d+$/);
    await page.getByTestId("project-title").waitFor();
    expect(await page.getByTestId("project-title").inputValue()).toBe("Launch plan");
    await page.getByText("Write the brief", { exact: true }).first().waitFor();
    await page.getByText("Review with the client, part 1", { exact: true }).first().waitFor();
  });

  it("creates a CRM intake and shows its full secret URL", async () => {
    await openUserMenuItem(page, "nav-crm");
    await page.getByTestId("crm-page").waitFor();
    await page.getByText("No CRM intakes").waitFor();
    await page.getByTestId("crm-new").click();
    await page.getByTestId("crm-intake-name").fill("amoCRM won deals");
    await page.getByTestId("crm-pipeline").fill("7001");
    await page.getByTestId("crm-status").fill("142");
    await pickOption(page, "crm-template", "Client onboarding");
    await page.getByTestId("crm-intake-save").click();

    const intake = page.locator('[data-testid="crm-intake"][data-intake-name="amoCRM won deals"]');
    await intake.waitFor();
    const url = await intake.getByTestId("crm-intake-url").innerText();
    expect(url).toMatch(new RegExp(`^${app.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/api/1\\.0/crm/intake/\\S+$`));
    await intake.getByTestId("crm-intake-open").click();
    await intake.getByTestId("crm-log-empty").waitFor();

    // amoCRM posts a lead in the mapped stage: the log shows it as created, with a link to the new project.
    const form = new URLSearchParams([
      ["leads[status][0][id]", "555"],
      ["leads[status][0][name]", "Acme website"],
      ["leads[status][0][status_id]", "142"],
      ["leads[status][0][pipeline_id]", "7001"],
    ]).toString();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(response.status).toBe(200);
    const entry = intake.getByTestId("crm-log-entry").first();
    await entry.waitFor({ timeout: 15_000 });
    expect(await entry.getAttribute("data-outcome")).toBe("created");
    await entry.getByText("Created", { exact: true }).waitFor();
    await entry.getByRole("link", { name: "Acme website" }).waitFor();
    await shot(page, "crm");

    // An edit keeps the mapping and renames the intake.
    await intake.getByTestId("crm-edit").click();
    expect(await page.getByTestId("crm-pipeline").inputValue()).toBe("7001");
    await page.getByTestId("crm-intake-name").fill("amoCRM: won");
    await page.getByTestId("crm-intake-save").click();
    await page.locator('[data-testid="crm-intake"][data-intake-name="amoCRM: won"]').waitFor();
    crmUrl = url;
  });

  it("shows the intake URL once, then only its first characters, and rotates it", async () => {
    const intake = page.locator('[data-testid="crm-intake"][data-intake-name="amoCRM: won"]');
    const token = crmUrl.split("/").pop() ?? "";
    await intake.getByTestId("crm-url-done").click();
    const masked = intake.getByTestId("crm-intake-url-masked");
    await masked.waitFor();
    expect(await masked.innerText()).toBe(`${app.url}/api/1.0/crm/intake/${token.slice(0, 6)}…`);
    expect(await intake.getByTestId("crm-intake-url").count()).toBe(0);

    // A new URL after a confirmation: shown once, the old one refused from then on.
    page.once("dialog", (dialog) => dialog.accept());
    await intake.getByTestId("crm-rotate").click();
    const fresh = intake.getByTestId("crm-intake-url");
    await fresh.waitFor();
    const rotated = await fresh.innerText();
    expect(rotated).toMatch(/\/api\/1\.0\/crm\/intake\/\S+$/);
    expect(rotated).not.toBe(crmUrl);
    const post = (url: string) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({}) });
    expect((await post(crmUrl)).status).toBe(404);
    expect((await post(rotated)).status).toBe(200);

    await page.reload();
    await intake.getByTestId("crm-intake-url-masked").waitFor();
    expect(await intake.getByTestId("crm-intake-url-masked").innerText()).toContain(
      `/crm/intake/${(rotated.split("/").pop() ?? "").slice(0, 6)}…`,
    );
    expect(await page.content()).not.toContain(rotated);
  });
});
