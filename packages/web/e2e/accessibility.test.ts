import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { afterPendingTimers, apiCall, launch, shot } from "./browser.ts";

// axe-core's rules for WCAG 2.1 A and AA, run in the page through the DevTools protocol (page.evaluate), which the
// app's Content-Security-Policy does not govern: an injected <script> would be refused, as it should be.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// The English words of the interface that Russian says differently: a control named by one of them on a Russian
// page is a label nobody translated (or one written into the code in English).
const flatten = (tree: object, prefix = ""): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value]] : flatten(value as object, `${prefix}${key}.`),
  );
const i18nFile = (language: string) =>
  JSON.parse(fs.readFileSync(new URL(`../src/i18n/${language}.json`, import.meta.url), "utf8")) as object;
const russian = new Map(flatten(i18nFile("ru")));
const ENGLISH_ONLY = new Set(
  flatten(i18nFile("en"))
    .filter(
      ([key, text]) => russian.has(key) && russian.get(key) !== text && !text.includes("{{") && /[a-z]{3}/i.test(text),
    )
    .map(([, text]) => text),
);
// What a person operates: each must have a name a screen reader can say.
const CONTROLS = new Set([
  "button",
  "link",
  "menuitem",
  "menuitemcheckbox",
  "menuitemradio",
  "tab",
  "checkbox",
  "radio",
  "switch",
  "combobox",
  "textbox",
  "searchbox",
  "slider",
  "spinbutton",
  "listbox",
  "option",
  "treeitem",
]);

interface AXNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let app: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let workspaceGid = "";
let clientProject = "";
let scrumProject = "";
let taskGid = "";
let publicForm = "";
let teamGid = "";
let portfolioGid = "";
let goalGid = "";
const found: string[] = [];
const sessions = new WeakMap<Page, CDPSession>();

// Chromium's own accessibility tree (what a screen reader is given): every control without a name, and on a Russian
// page every control named in English.
async function namesOf(target: Page, label: string) {
  let session = sessions.get(target);
  if (!session) {
    session = await target.context().newCDPSession(target);
    sessions.set(target, session);
  }
  const { nodes } = (await session.send("Accessibility.getFullAXTree")) as unknown as { nodes: AXNode[] };
  const russianPage = label.includes("[ru]");
  const describe = async (node: AXNode) => {
    if (!node.backendDOMNodeId) return { where: "", labelled: "" };
    const described = (await session.send("DOM.describeNode", { backendNodeId: node.backendDOMNodeId })) as {
      node: { localName: string; attributes?: string[] };
    };
    const attributes = described.node.attributes ?? [];
    const pick = (name: string) => attributes[attributes.indexOf(name) + 1];
    const testId = attributes.includes("data-testid") ? `[data-testid=${pick("data-testid")}]` : "";
    const className = attributes.includes("class") ? `.${pick("class").split(" ")[0]}` : "";
    const labelled = attributes.includes("aria-label")
      ? pick("aria-label")
      : attributes.includes("title")
        ? pick("title")
        : "";
    return { where: `${described.node.localName}${testId || className}`, labelled: labelled.trim() };
  };
  for (const node of nodes) {
    const role = node.role?.value ?? "";
    if (node.ignored || !CONTROLS.has(role)) continue;
    const name = (node.name?.value ?? "").trim();
    if (!name) found.push(`${label}: a ${role} without a name: ${(await describe(node)).where}`);
    else if (russianPage && ENGLISH_ONLY.has(name)) {
      // Only a name the interface gives (aria-label, title), not words of the workspace's own content.
      const { where, labelled } = await describe(node);
      if (labelled === name) found.push(`${label}: a ${role} named in English "${name}": ${where}`);
    }
  }
}

async function settle(target: Page) {
  await target.waitForLoadState("networkidle");
  // Lazy chunks, skeletons and Mantine's transitions finish after the last request.
  await target.waitForTimeout(300);
}

// Runs axe on what the page shows now and records each serious or critical violation under the page's label.
async function audit(target: Page, label: string) {
  await settle(target);
  const loaded = await target.evaluate("typeof window.axe === 'object'");
  if (!loaded) await target.evaluate(AXE);
  const violations = (await target.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(TAGS)} }, resultTypes: ["violations"] })
       .then((result) => result.violations)`,
  )) as Violation[];
  const language = /\[(en|ru)\]/.exec(label)?.[1];
  const lang = await target.evaluate("document.documentElement.lang");
  if (language && lang !== language) found.push(`${label}: the page speaks "${lang}"`);
  // One h1 and one main landmark on every page (axe's own rules for these are only "moderate").
  const structure = (await target.evaluate(
    `({ h1: document.querySelectorAll("h1").length, main: document.querySelectorAll("main, [role=main]").length })`,
  )) as { h1: number; main: number };
  if (structure.h1 !== 1) found.push(`${label}: ${structure.h1} h1 headings (one expected)`);
  if (structure.main !== 1) found.push(`${label}: ${structure.main} main landmarks (one expected)`);
  // Inside the app's frame, the top bar is the banner and the sidebar a navigation landmark.
  const frame = (await target.evaluate(
    `document.querySelector("[data-testid=nav-my-tasks], [data-testid=nav-home]") ? {
       banner: [...document.querySelectorAll("header, [role=banner]")].filter(
         (element) => element.getAttribute("role") === "banner" || !element.parentElement?.closest("article, aside, main, nav, section, [role=dialog]"),
       ).length,
       navigation: document.querySelectorAll("nav, [role=navigation]").length,
     } : null`,
  )) as { banner: number; navigation: number } | null;
  if (frame && frame.banner !== 1) found.push(`${label}: ${frame.banner} banner landmarks (one expected)`);
  if (frame && frame.navigation < 1) found.push(`${label}: no navigation landmark`);
  await namesOf(target, label);
  for (const violation of violations) {
    if (violation.impact !== "serious" && violation.impact !== "critical") continue;
    const nodes = violation.nodes
      .slice(0, 6)
      .map(
        (node) =>
          `      ${node.target.join(" ")}\n        ${(node.failureSummary ?? "").split("\n").slice(1, 3).join(" ")}`,
      )
      .join("\n");
    found.push(
      `${label}: ${violation.id} (${violation.impact}, ${violation.nodes.length}) ${violation.help}\n${nodes}`,
    );
  }
  return violations.length;
}

// The signed-in app speaks the account's language (the sign-in pages, the browser's choice).
async function speak(target: Page, language: string) {
  await target.evaluate((value) => localStorage.setItem("takt.language", value), language);
  await apiCall(target, "PUT", "/users/me", { language });
}

async function open(target: Page, path: string) {
  await target.goto(`${app.url}${path}`);
  await settle(target);
}

async function view(target: Page, projectGid: string, tab: string) {
  await open(target, `/projects/${projectGid}`);
  await target.getByTestId(`tab-${tab}`).click();
  await settle(target);
}

// Opens a popover or a dialog from its button, audits the page with it open, and closes it with Escape.
async function popover(target: Page, testId: string, role: "dialog" | "menu", label: string) {
  await target.getByTestId(testId).first().click();
  const opened = target.getByRole(role).last();
  await opened.waitFor();
  await audit(target, label);
  await target.keyboard.press("Escape");
  await opened.waitFor({ state: "hidden" });
}

async function auditTeamPages(target: Page, language: string) {
  const at = (name: string) => `${name} [${language}]`;
  await open(target, "/");
  await audit(target, at("Home"));
  await open(target, "/my-tasks");
  await audit(target, at("My Tasks"));
  await open(target, "/inbox");
  await audit(target, at("Inbox"));
  for (const tab of ["list", "board", "calendar", "timeline", "charts"]) {
    await view(target, clientProject, tab);
    await audit(target, at(`Project ${tab}`));
  }
  for (const tab of ["backlog", "sprint"]) {
    await view(target, scrumProject, tab);
    await audit(target, at(`Scrum ${tab}`));
  }
  // Dialogs: project settings, rules, a new project.
  await view(target, scrumProject, "board");
  // The project settings menu: Scrum (a checkbox item), stage and default view (radio items in labelled groups).
  await target.getByTestId("project-settings").click();
  await target.getByRole("menu").waitFor();
  await target.getByTestId("scrum-toggle").waitFor();
  await audit(target, at("Project settings menu"));
  await target.keyboard.press("Escape");
  await target.getByRole("menu").waitFor({ state: "hidden" });
  await target.getByTestId("rules-button").click();
  await target.getByRole("dialog").waitFor();
  await audit(target, at("Rules"));
  await open(target, "/");
  await target.getByTestId("new-project").first().click();
  await target.getByRole("dialog").waitFor();
  await audit(target, at("New project"));
  await open(target, `/projects/${clientProject}/tasks/${taskGid}`);
  await target.getByTestId("task-pane").waitFor();
  await audit(target, at("Task pane"));
  // The pane's popovers open: the due date's calendar, the assignee picker, the task's menu.
  await popover(target, "pane-due", "dialog", at("Due date picker"));
  await popover(target, "pane-assignee", "dialog", at("Assignee picker"));
  await popover(target, "pane-menu", "menu", at("Task menu"));
  // The project's own popovers and dialogs: a column's menu, the filter, Share, the forms menu and builder,
  // moving the project to another team (from its settings menu), the menu of templates beside "Add task".
  await view(target, clientProject, "board");
  await popover(target, "section-menu", "menu", at("Column menu"));
  await popover(target, "filter-button", "dialog", at("Filter"));
  await popover(target, "share", "dialog", at("Share dialog"));
  await popover(target, "forms-menu", "menu", at("Forms menu"));
  await target.getByTestId("forms-menu").click();
  await target.getByTestId("forms-new").click();
  await target.getByRole("dialog").waitFor();
  await audit(target, at("Form builder"));
  await target.keyboard.press("Escape");
  await target.getByRole("dialog").waitFor({ state: "hidden" });
  await target.getByTestId("project-settings").click();
  await target.getByTestId("move-team").click();
  await target.getByRole("dialog").waitFor();
  await audit(target, at("Move to team dialog"));
  await target.keyboard.press("Escape");
  await target.getByRole("dialog").waitFor({ state: "hidden" });
  await popover(target, "add-task-menu", "menu", at("Add task menu"));
  await popover(target, "user-menu", "menu", at("User menu"));
  await view(target, scrumProject, "backlog");
  await popover(target, "sprint-menu", "menu", at("Sprint menu"));
  await open(target, "/people");
  await popover(target, "person-menu", "menu", at("Person menu"));
  await open(target, "/search?q=a");
  await audit(target, at("Search"));
  await target.keyboard.press("Control+k");
  await target.getByRole("dialog").waitFor();
  await audit(target, at("Command palette"));
  await target.keyboard.press("Escape");
  for (const [name, path] of [
    ["Templates", "/templates"],
    ["Reports", "/reports"],
    ["Timesheet", "/timesheet"],
    ["Profile", "/profile"],
    ["API tokens", "/profile/tokens"],
    ["Webhooks", "/settings/webhooks"],
    ["Import", "/settings/import"],
    ["CRM", "/settings/crm"],
    ["Audit log", "/settings/audit-log"],
    ["Email", "/settings/email"],
    ["People", "/people"],
    ["Team", `/teams/${teamGid}`],
    ["Trash", "/trash"],
    ["Portfolios", "/portfolios"],
    ["Portfolio", `/portfolios/${portfolioGid}`],
    ["Goals", "/goals"],
    ["Goal", `/goals/${goalGid}`],
    ["Billing", "/billing"],
    ["Not found", "/no-such-page"],
  ]) {
    await open(target, path);
    await audit(target, at(name));
  }
}

describe("accessibility (axe-core, WCAG 2.1 A/AA) in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    // The setup page is audited before the demo workspace is made from it (the first test reports what it found).
    await open(page, "/setup");
    await audit(page, "Setup [en]");
    await page.evaluate(() => localStorage.setItem("takt.language", "ru"));
    await open(page, "/setup");
    await audit(page, "Setup [ru]");
    await page.evaluate(() => localStorage.setItem("takt.language", "en"));
    await open(page, "/setup");
    await page.getByTestId("setup-demo").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 120_000 });
    const me = await apiCall<{ gid: string; workspaces: { gid: string }[] }>(page, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
    const projects = await apiCall<{ gid: string; name: string }[]>(
      page,
      "GET",
      `/projects?workspace=${workspaceGid}&opt_fields=name,scrum_enabled`,
    );
    scrumProject = projects.find((project) => project.name === "Product team")?.gid ?? "";
    for (const project of projects) {
      const forms = await apiCall<{ gid: string; access: string }[]>(
        page,
        "GET",
        `/projects/${project.gid}/forms?opt_fields=access`,
      );
      const form = forms.find((candidate) => candidate.access === "public_link");
      if (form) {
        clientProject = project.gid;
        publicForm = form.gid;
        break;
      }
    }
    expect(scrumProject && clientProject && publicForm).toBeTruthy();
    const teams = await apiCall<{ gid: string }[]>(page, "GET", `/workspaces/${workspaceGid}/teams`);
    teamGid = teams[0]?.gid ?? "";
    const portfolios = await apiCall<{ gid: string }[]>(page, "GET", `/portfolios?workspace=${workspaceGid}&owner=me`);
    portfolioGid = portfolios[0]?.gid ?? "";
    const goals = await apiCall<{ gid: string }[]>(page, "GET", `/goals?workspace=${workspaceGid}`);
    goalGid = goals[0]?.gid ?? "";
    expect(teamGid && portfolioGid && goalGid).toBeTruthy();
    const tasks = await apiCall<{ gid: string }[]>(page, "GET", `/projects/${clientProject}/tasks?limit=1`);
    taskGid = tasks[0].gid;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  // Each test reports the violations it found, page by page, and fails on any.
  const report = () => {
    const lines = found.splice(0);
    if (lines.length) console.log(`Serious and critical axe violations:\n${lines.join("\n")}`);
    expect(lines).toEqual([]);
  };

  it("every page an admin reaches, in English (and the setup page)", async () => {
    await speak(page, "en");
    await auditTeamPages(page, "en");
    await open(page, `/forms/${publicForm}`);
    await audit(page, "Public form [en]");
    report();
  });

  it("every page an admin reaches, in Russian", async () => {
    await speak(page, "ru");
    await auditTeamPages(page, "ru");
    await open(page, `/forms/${publicForm}`);
    await audit(page, "Public form [ru]");
    report();
  });

  it("sign-in, forgot-password and the guest's pages, in English and Russian", async () => {
    // Signed out: sign-in and forgot-password, then the guest's pages.
    const guest = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    guest.setDefaultTimeout(15_000);
    const guestPage = await guest.newPage();
    // An invitation's page (where a guest sets their name and password) and a password reset's.
    const invitation = await apiCall<{ invite_url: string }>(page, "POST", "/invitations", {
      workspace: workspaceGid,
      email: "auditor@client.example",
      role: "guest",
      project: clientProject,
      access_level: "commenter",
    });
    const invitePath = new URL(invitation.invite_url).pathname;
    for (const language of ["en", "ru"]) {
      await open(guestPage, "/login");
      await guestPage.evaluate((value) => localStorage.setItem("takt.language", value), language);
      await open(guestPage, "/login");
      await audit(guestPage, `Sign-in [${language}]`);
      await open(guestPage, "/forgot-password");
      await audit(guestPage, `Forgot password [${language}]`);
      await open(guestPage, invitePath);
      await guestPage.getByTestId("invite-name").waitFor();
      await audit(guestPage, `Invitation [${language}]`);
      await open(guestPage, "/reset-password/no-such-token");
      await audit(guestPage, `Reset password [${language}]`);
    }
    await open(guestPage, "/login");
    await guestPage.getByTestId("signin-email").fill("client@demo.takt");
    await guestPage.getByTestId("signin-password").fill("takt-demo");
    await guestPage.getByTestId("signin-submit").click();
    await guestPage.getByTestId("guest-home").waitFor();
    const [shared] = await apiCall<{ gid: string }[]>(guestPage, "GET", `/projects/${clientProject}/tasks?limit=1`);
    for (const language of ["ru", "en"]) {
      await speak(guestPage, language);
      await open(guestPage, "/");
      await audit(guestPage, `Guest home [${language}]`);
      // The request form the project offers its guests.
      await guestPage.getByTestId("guest-form").first().click();
      await guestPage.getByTestId("request-form").waitFor();
      await audit(guestPage, `Guest request form [${language}]`);
      await open(guestPage, `/projects/${clientProject}`);
      await audit(guestPage, `Guest project [${language}]`);
      await open(guestPage, `/projects/${clientProject}/tasks/${shared.gid}`);
      await guestPage.getByTestId("task-pane").waitFor();
      await audit(guestPage, `Guest task [${language}]`);
    }
    await guest.close();
    report();
  });

  it("moves a card across the Board and within a column by keyboard alone, announced, and the server has it", async () => {
    await speak(page, "en");
    await page.goto(`${app.url}/projects/${clientProject}`);
    await page.getByTestId("tab-board").click();
    // Fresh on the Board (the view is remembered), nothing focused yet.
    await page.reload();
    await settle(page);

    // The first Tab stop is "Skip to content"; it takes focus past the top bar and the sidebar.
    await page.keyboard.press("Tab");
    const skip = page.getByTestId("skip-to-content");
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    expect((await skip.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    const columns = page.locator('[data-testid="column-body"] [role="list"]');
    // Each column is a list a screen reader announces with its name and count, the number its badge shows.
    const named = await page.locator('[data-testid="column"]').evaluateAll((elements) =>
      elements.map((column) => ({
        label: column.querySelector('[role="list"]')?.getAttribute("aria-label"),
        name: column.querySelector('[data-testid="section-name"]')?.textContent,
        count: column.querySelector('[data-testid="column-count"]')?.textContent,
      })),
    );
    expect(named.length).toBeGreaterThan(1);
    for (const column of named) {
      expect(column.label).toBe(`${column.name}: ${column.count} ${column.count === "1" ? "task" : "tasks"}`);
    }
    const firstList = columns.nth(0);
    const secondList = columns.nth(1);
    const first = await firstList.getAttribute("aria-label");
    const second = await secondList.getAttribute("aria-label");
    const [fromName] = (first ?? "").split(":");
    const [toName] = (second ?? "").split(":");
    const card = firstList.locator('[data-testid="card"]').first();
    const name = (await card.getAttribute("data-task-name")) ?? "";
    const task = (await apiCall<{ gid: string; name: string }[]>(page, "GET", `/projects/${clientProject}/tasks`)).find(
      (item) => item.name === name,
    );
    expect(task).toBeTruthy();
    const live = page.locator('[id^="DndLiveRegion"]');

    // Space picks it up, Right moves it to the next column, Space drops it.
    await card.focus();
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Picked up ${name} in ${fromName}`);
    await afterPendingTimers(page);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => live.textContent()).toContain(`${name}: ${toName}, position 1 of`);
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Dropped ${name} in ${toName}, position 1`);
    await expect
      .poll(async () => {
        const moved = await apiCall<{ memberships: { section: { name: string } }[] }>(
          page,
          "GET",
          `/tasks/${task?.gid}?opt_fields=memberships.section.name`,
        );
        return moved.memberships[0]?.section.name;
      })
      .toBe(toName);
    // Focus stays on the card in its new column, ready for the next move.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-task-name"))).toBe(name);

    // Down moves it one place within the column (it was first; now second), by the server's order too.
    await settle(page);
    const moved = secondList.locator(`[data-testid="card"][data-task-name="${name}"]`);
    await moved.focus();
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Picked up ${name} in ${toName}, position 1`);
    await afterPendingTimers(page);
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => live.textContent()).toContain(`${name}: ${toName}, position 2`);
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Dropped ${name} in ${toName}, position 2`);
    const section = await apiCall<{ memberships: { section: { gid: string } }[] }>(
      page,
      "GET",
      `/tasks/${task?.gid}?opt_fields=memberships.section`,
    );
    await expect
      .poll(async () => {
        const order = await apiCall<{ name: string }[]>(
          page,
          "GET",
          `/sections/${section.memberships[0].section.gid}/tasks`,
        );
        return order.map((item) => item.name).indexOf(name);
      })
      .toBe(1);

    // Escape puts a picked-up card back where it was.
    await settle(page);
    await secondList.locator(`[data-testid="card"][data-task-name="${name}"]`).focus();
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Picked up ${name} in ${toName}, position 2`);
    await afterPendingTimers(page);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => live.textContent()).toContain(`${name}: ${fromName}`);
    await page.keyboard.press("Escape");
    await expect.poll(() => live.textContent()).toContain(`Move cancelled: ${name} stays where it was.`);
    const kept = await apiCall<{ memberships: { section: { name: string } }[] }>(
      page,
      "GET",
      `/tasks/${task?.gid}?opt_fields=memberships.section.name`,
    );
    expect(kept.memberships[0]?.section.name).toBe(toName);

    // Enter opens the task pane and moves focus into it; Escape closes it and focus returns to the card.
    await settle(page);
    await secondList.locator(`[data-testid="card"][data-task-name="${name}"]`).focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("task-pane").getByTestId("task-name").waitFor();
    expect(page.url()).toContain(`/tasks/${task?.gid}`);
    expect(await page.evaluate(() => !!document.activeElement?.closest("[data-testid=task-pane]"))).toBe(true);
    await page.keyboard.press("Escape");
    await page.getByTestId("task-pane").waitFor({ state: "detached" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-task-name"))).toBe(name);
    await shot(page, "accessibility-board-keyboard");

    // In Russian, the same moves are announced in Russian.
    await speak(page, "ru");
    await page.reload();
    await settle(page);
    // The columns' names and counts, in Russian (with Russian plurals).
    const plural = { one: "задача", few: "задачи", many: "задач", other: "задачи" } as Record<string, string>;
    for (const label of await columns.evaluateAll((lists) => lists.map((list) => list.getAttribute("aria-label")))) {
      const count = Number(/: (\d+) /.exec(label ?? "")?.[1]);
      expect(label).toMatch(new RegExp(`: ${count} ${plural[new Intl.PluralRules("ru").select(count)]}$`));
    }
    // Left carries it back to the first column and Space drops it there.
    const cardNamed = () => page.locator(`[data-testid="card"][data-task-name="${name}"]`);
    await cardNamed().focus();
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Задача «${name}» взята: ${toName}, позиция 2 из`);
    await afterPendingTimers(page);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => live.textContent()).toContain(`«${name}»: ${fromName}, позиция`);
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Задача «${name}» перемещена: ${fromName}, позиция`);
    const landed = Number(/позиция (\d+) из/.exec((await live.textContent()) ?? "")?.[1]);
    expect(landed).toBeGreaterThan(1);
    await expect
      .poll(async () => {
        const back = await apiCall<{ memberships: { section: { name: string } }[] }>(
          page,
          "GET",
          `/tasks/${task?.gid}?opt_fields=memberships.section.name`,
        );
        return back.memberships[0]?.section.name;
      })
      .toBe(fromName);
    // Up moves it one place higher in that column, announced in Russian and kept by the server.
    await settle(page);
    await cardNamed().focus();
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Задача «${name}» взята: ${fromName}, позиция ${landed} из`);
    await afterPendingTimers(page);
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => live.textContent()).toContain(`«${name}»: ${fromName}, позиция ${landed - 1} из`);
    await page.keyboard.press("Space");
    await expect
      .poll(() => live.textContent())
      .toContain(`Задача «${name}» перемещена: ${fromName}, позиция ${landed - 1} из`);
    const fromSection = (
      await apiCall<{ gid: string; name: string }[]>(page, "GET", `/projects/${clientProject}/sections`)
    ).find((item) => item.name === fromName);
    await expect
      .poll(async () => {
        const order = await apiCall<{ name: string }[]>(page, "GET", `/sections/${fromSection?.gid}/tasks`);
        return order.map((item) => item.name).indexOf(name);
      })
      .toBe(landed - 2);
    // Escape puts it back, in Russian too.
    await settle(page);
    await cardNamed().focus();
    await page.keyboard.press("Space");
    await expect.poll(() => live.textContent()).toContain(`Задача «${name}» взята: ${fromName}`);
    await afterPendingTimers(page);
    await page.keyboard.press("Escape");
    await expect.poll(() => live.textContent()).toContain(`Перемещение отменено: «${name}» осталась на месте.`);
    await shot(page, "accessibility-board-keyboard-ru");
  });
});
