import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZipWriter } from "../../server/src/integrations/exporters/zip.ts";
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

// Columns nobody could guess ("Item", "Phase", "Remark") are mapped by hand; Priority becomes a custom field. Saved
// by Excel in Windows-1251: the server detects it.
const CSV = [
  "Item,Phase,Deadline,Priority,Remark",
  "Написать бриф,Planning,2026-12-01,High,First step",
  "Draft the design,Design,2026-12-05,Low,",
  '"Review with the client, part 1",Design,,High,Bring slides',
].join("\n");

function cp1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else throw new Error(`no cp1251 byte for ${char}`);
  }
  return Buffer.from(bytes);
}

async function pickOption(target: Page, testId: string, label: string) {
  await target.getByTestId(testId).click();
  await target.getByRole("option", { name: label, exact: true }).click();
}

// A people picker's option label: "Name · email".
async function optionLabel(name: string) {
  const users = await apiCall<{ name: string; email: string }[]>(
    page,
    "GET",
    `/workspaces/${workspaceGid}/users?opt_fields=name,email`,
  );
  const user = users.find((item) => item.name === name);
  if (!user) return undefined;
  // An import's placeholder shows as one, not by its made-up address.
  return `${user.name} · ${user.email.endsWith("@placeholder.invalid") ? "imported placeholder" : user.email}`;
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
    await page.getByText(/^The file is not valid JSON: line 1, column 1/).waitFor();
    await expect(page.getByTestId("import-progress").count()).resolves.toBe(0);
  });

  it("previews a CSV's columns, rows and detected encoding, maps a column to a field, and imports every column", async () => {
    await page.getByTestId("import-source").getByText("CSV / Google Sheets", { exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: "Launch plan.csv",
      mimeType: "text/csv",
      buffer: cp1251(CSV),
    });
    await page.getByTestId("import-columns").waitFor();
    expect(await page.getByTestId("import-encoding-detected").innerText()).toMatch(/WINDOWS-1251/);
    expect(await page.getByTestId("import-column-target-Deadline").inputValue()).toBe("Due date");
    // Columns that name no field are kept as custom fields unless skipped.
    expect(await page.getByTestId("import-column-target-Priority").inputValue()).toBe("Single-choice field");
    expect(await page.getByTestId("import-project-name").inputValue()).toBe("Launch plan");
    await page.getByTestId("import-rows").getByText("Написать бриф").waitFor();
    // No column is named like a task name: the preview says so until one is chosen.
    await page
      .getByTestId("import-preview-problems")
      .getByText(/^Choose which column holds the task names/)
      .waitFor();
    await pickOption(page, "import-column-target-Item", "Task name");
    await pickOption(page, "import-column-target-Phase", "Section");
    await pickOption(page, "import-column-target-Remark", "Description");
    await pickOption(page, "import-team", teamName);
    await page.getByTestId("import-preview-tasks").getByText("3").waitFor();
    expect(await page.getByTestId("import-preview-problems").count()).toBe(0);
    await page.setViewportSize({ width: 1440, height: 1500 });
    await page.getByTestId("import-page").evaluate((element) => element.scrollIntoView());
    await shot(page, "import");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId("import-submit").click();

    const progress = page.locator('[data-testid="import-progress"][data-status="succeeded"]');
    await progress.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("import-count-tasks").innerText()).toContain("3");
    expect(await page.getByTestId("import-count-sections").innerText()).toContain("2");
    expect(await page.getByTestId("import-progress-bar").getAttribute("data-value")).toBe("100");
    await shot(page, "import-done");

    await page.getByTestId("import-open-project").click();
    await page.waitForURL(/\/projects\/\d+$/);
    await page.getByTestId("project-title").waitFor();
    expect(await page.getByTestId("project-title").inputValue()).toBe("Launch plan");
    await page.getByText("Написать бриф", { exact: true }).first().waitFor();
    await page.getByText("Review with the client, part 1", { exact: true }).first().waitFor();
  });

  it("matches a Trello board's people, lets the admin re-map one, and merges a placeholder afterwards", async () => {
    const people = await apiCall<{ gid: string; name: string }[]>(
      page,
      "GET",
      `/workspaces/${workspaceGid}/users?opt_fields=name`,
    );
    const known = people[1];
    const board = {
      id: "e2e-board",
      name: "Bot for Daisy",
      lists: [{ id: "l1", name: "To do", closed: false }],
      labels: [],
      members: [
        { id: "m1", fullName: known.name, username: "someone" },
        { id: "m2", fullName: "Nina Newcomer", username: "nina" },
      ],
      cards: [
        { id: "c1", name: "Write **the** script", desc: "**Bold** start", idList: "l1", idMembers: ["m1"] },
        { id: "c2", name: "Test the bot", desc: "", idList: "l1", idMembers: ["m2"] },
      ],
      checklists: [],
      actions: [],
    };
    await openUserMenuItem(page, "nav-import");
    await page.getByTestId("import-source").getByText("Trello", { exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: "board.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(board)),
    });
    const matched = page.locator(`[data-testid="import-person"][data-person="${known.name}"]`);
    await matched.getByTestId("import-person-matched").waitFor();
    expect(await matched.getByTestId("import-person-matched").textContent()).toBe("same name");
    const newcomer = page.locator('[data-testid="import-person"][data-person="Nina Newcomer"]');
    expect(await newcomer.getByTestId("import-person-choice").inputValue()).toBe("Placeholder (merge later)");
    await shot(page, "import-people");
    await page.getByTestId("import-submit").click();
    await page.locator('[data-testid="import-progress"][data-status="succeeded"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("import-count-users_matched").innerText()).toContain("1");
    expect(await page.getByTestId("import-count-users_created").innerText()).toContain("1");

    // The placeholder is merged into a real person with the admin control below.
    await page.getByTestId("merge-people").scrollIntoViewIfNeeded();
    await pickOption(page, "merge-from", (await optionLabel("Nina Newcomer")) ?? "");
    const target = people[2];
    await pickOption(page, "merge-into", (await optionLabel(target.name)) ?? "");
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByTestId("merge-submit").click();
    await page.getByText(`Nina Newcomer merged into ${target.name}`).waitFor();
    const after = await apiCall<{ name: string }[]>(page, "GET", `/workspaces/${workspaceGid}/users?opt_fields=name`);
    expect(after.map((user) => user.name)).not.toContain("Nina Newcomer");
  });

  it("imports a Trello export zip: the file inside is stored, an uploaded file without it stays a link, and the page says which", async () => {
    const id = (n: number) => `5f00000000000000000000${String(n).padStart(2, "0")}`;
    const upload = (n: number, name: string) => ({
      id: id(n),
      name,
      fileName: name,
      isUpload: true,
      url: `https://trello.com/1/cards/${id(1)}/attachments/${id(n)}/download/${name}`,
    });
    const board = {
      id: "e2e-files",
      name: "Daisy site",
      lists: [{ id: "l1", name: "To do", closed: false }],
      members: [],
      cards: [
        {
          id: id(1),
          name: "Banner",
          desc: "",
          idList: "l1",
          attachments: [upload(11, "brief.txt"), upload(12, "photo.png")],
        },
      ],
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trello-zip-"));
    const zip = new ZipWriter(path.join(dir, "board.zip"));
    zip.add("board.json", Buffer.from(JSON.stringify(board)));
    zip.add(`attachments/${id(11)}/brief.txt`, Buffer.from("Banner brief"));
    zip.close();
    await page.getByTestId("import-again").click();
    await page.getByTestId("import-source").getByText("Trello", { exact: true }).click();
    await page.getByTestId("import-trello-account").waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name: "board.zip",
      mimeType: "application/zip",
      buffer: fs.readFileSync(path.join(dir, "board.zip")),
    });
    await page.getByTestId("import-preview-attachment_files").waitFor();
    expect(await page.getByTestId("import-preview-attachment_files").innerText()).toContain("1");
    await shot(page, "import-trello-files");
    await page.getByTestId("import-submit").click();
    await page.locator('[data-testid="import-progress"][data-status="succeeded"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("import-count-attachment_files").innerText()).toContain("1");
    expect(await page.getByTestId("import-count-attachment_links").innerText()).toContain("1");
    expect(await page.getByTestId("import-problems").innerText()).toContain("1 file(s) uploaded to Trello");
    await shot(page, "import-trello-files-done");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("asks an Asana account for a token and says under it why the account cannot be read", async () => {
    await page.getByTestId("import-again").click();
    await page.getByTestId("import-source").getByText("Asana account", { exact: true }).click();
    await page.getByTestId("import-token").fill("not-a-token");
    // This server keeps the default: loopback addresses are out of an import's reach.
    await page.getByTestId("import-url").fill(`${app.url}/api/1.0`);
    expect(await page.getByTestId("import-submit").isDisabled()).toBe(true);
    await page.getByTestId("import-preview-button").click();
    await page.getByText(/^127\.0\.0\.1 is a private or loopback address/).waitFor();
    await shot(page, "import-asana-account");
  });

  it("shows the import page in Russian", async () => {
    await apiCall(page, "PUT", "/users/me", { language: "ru" });
    await page.reload();
    await page.getByTestId("import-page").waitFor();
    await page.getByTestId("import-source").getByText("CSV / Google Таблицы", { exact: true }).click();
    await page.locator('input[type="file"]').setInputFiles({
      name: "Launch plan.csv",
      mimeType: "text/csv",
      buffer: cp1251(CSV),
    });
    await page.getByTestId("import-columns").waitFor();
    await page.getByText("Кодировка: WINDOWS-1251").waitFor();
    await shot(page, "import-ru");
    await page.getByTestId("import-source").getByText("Trello", { exact: true }).click();
    await page.getByText("Файлы, загруженные в Trello (необязательно)").waitFor();
    await shot(page, "import-trello-ru");

    // The server's refusal of a file, and the problems of a failed import, read in Russian: worded from their codes.
    await page.locator('input[type="file"]').setInputFiles({
      name: "board.json",
      mimeType: "application/json",
      buffer: Buffer.from("{not json"),
    });
    await page.getByTestId("import-submit").click();
    await page.getByText(/^Файл — не корректный JSON: строка 1, позиция 2/).waitFor();
    await shot(page, "import-refusal-ru");
    const board = {
      id: "e2e-no-id",
      name: "Без id",
      lists: [{ id: "l1", name: "Сделать", closed: false }],
      cards: [{ name: "Карточка без id", idList: "l1" }],
    };
    await page.locator('input[type="file"]').setInputFiles({
      name: "board.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(board)),
    });
    await page
      .getByTestId("import-preview-problems")
      .getByText("cards[0]: карточка Trello без id (Карточка без id).")
      .waitFor();
    await page.getByTestId("import-submit").click();
    await page.locator('[data-testid="import-progress"][data-status="failed"]').waitFor();
    expect(await page.getByTestId("import-problems").innerText()).toContain(
      "cards[0]: карточка Trello без id (Карточка без id).",
    );
    await shot(page, "import-failed-ru");

    // A task name longer than the server keeps: the refusal names the field and the limit in Russian.
    const projects = await apiCall<{ gid: string }[]>(page, "GET", `/projects?workspace=${workspaceGid}&limit=1`);
    const tasks = await apiCall<{ gid: string }[]>(page, "GET", `/projects/${projects[0].gid}/tasks?limit=1`);
    await page.goto(`${app.url}/projects/${projects[0].gid}/tasks/${tasks[0].gid}`);
    const name = page.getByTestId("task-name");
    await name.fill("Очень длинное название ".repeat(50));
    await name.press("Enter");
    await page.getByText("Название: не длиннее 1024 символов").waitFor();
    await shot(page, "task-name-too-long-ru");
    await apiCall(page, "PUT", "/users/me", { language: "en" });
    await page.goto(`${app.url}/settings/import`);
    await page.reload();
    await page.getByTestId("import-page").waitFor();
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
    // A lead becomes a project of a team: the gallery's template has none, so the intake names one.
    await pickOption(page, "crm-team", teamName);
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
