import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

// What people who may only comment or only look are offered: the controls the server's abilities allow, nothing
// else; and what anyone sees of a project that does not exist or is not shared with them.

const ADMIN_EMAIL = "anna@northwind.test";
const PASSWORD = "correct-horse-42";
const PROJECT = "Kolos bakery — website";

let app: TestApp;
let browser: Browser;
let admin: Page;
let guest: Page;
let viewer: Page;
let workspaceGid = "";
let projectGid = "";
let privateGid = "";

// Controls that change a project's shape; someone who may only comment or look sees none of them.
const PROJECT_CONTROLS = [
  "add-task",
  "add-task-menu",
  "add-section",
  "add-task-inline",
  "add-first-section",
  "list-add-field",
  "add-field-bar",
  "rules-button",
  "share",
  "project-settings",
  "project-menu",
  "section-menu",
  "section-handle",
  "column-add",
  "add-column",
  "column-handle",
];
// Controls that change a task, looked for on a row of a task that is not the caller's own (an assignee may edit
// the task assigned to them, whatever their access to the project).
const TASK_CONTROLS = ["task-complete", "task-rename", "row-handle"];
// Saving a project as a template is a workspace member's ability, not an edit of the project: a viewer member has it.
const VIEWER_CONTROLS = PROJECT_CONTROLS.filter((testId) => testId !== "project-menu");

async function countsOf(page: Page | ReturnType<Page["locator"]>, testIds: string[]) {
  const counts: Record<string, number> = {};
  for (const testId of testIds) counts[testId] = await page.getByTestId(testId).count();
  return counts;
}

const rowOf = (page: Page, name: string) => page.locator(`[data-testid="task-row"][data-task-name="${name}"]`);

const none = (testIds: string[]) => Object.fromEntries(testIds.map((testId) => [testId, 0]));

// Error notifications on screen (Mantine renders each as a role="alert" inside the notifications root).
function notificationsOf(page: Page) {
  return page.locator(".mantine-Notifications-root [role='alert']");
}

// An invitation accepted by a new person in a fresh browser context, which stays signed in as them.
async function join(email: string, name: string, role: "guest" | "member", access: string): Promise<Page> {
  const invitation = await apiCall<{ invite_url: string }>(admin, "POST", "/invitations", {
    workspace: workspaceGid,
    email,
    role,
    project: projectGid,
    access_level: access,
  });
  expect(invitation.invite_url).toContain("/invite/");
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(invitation.invite_url.replace(/^https?:\/\/[^/]+/, app.url));
  await page.getByTestId("invite-name").fill(name);
  await page.getByTestId("invite-password").fill("kolos-bakery-2024");
  await page.getByTestId("invite-accept").click();
  await page.getByTestId("nav-home").waitFor();
  return page;
}

async function switchLanguage(page: Page, language: "en" | "ru") {
  await page.getByTestId("user-menu").click();
  await page.getByTestId(`language-${language}`).click();
  await page.keyboard.press("Escape");
}

async function openProject(page: Page, view: "list" | "board") {
  await page.goto(`${app.url}/projects/${projectGid}`);
  await page.getByTestId(`tab-${view}`).click();
  await page
    .getByTestId(view === "list" ? "section-row" : "column")
    .first()
    .waitFor();
}

describe("what a commenter guest and a viewer are offered, and what nobody is shown", () => {
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(10_000);
    admin = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("sets up a client project with stages, tasks and a form, and invites a commenter guest and a viewer", async () => {
    await admin.goto(`${app.url}/`);
    await admin.waitForURL(/\/setup$/);
    await admin.getByTestId("setup-workspace").fill("Northwind Studio");
    await admin.getByTestId("setup-name").fill("Anna Petrova");
    await admin.getByTestId("setup-email").fill(ADMIN_EMAIL);
    await admin.getByTestId("setup-password").fill(PASSWORD);
    await admin.getByTestId("setup-submit").click();
    await admin.getByText(/Good (morning|afternoon|evening), Anna/).waitFor();
    const me = await apiCall<{ gid: string; workspaces: { gid: string }[] }>(admin, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;

    const project = await apiCall<{ gid: string }>(admin, "POST", "/projects", {
      workspace: workspaceGid,
      name: PROJECT,
    });
    projectGid = project.gid;
    const [first] = await apiCall<{ gid: string }[]>(admin, "GET", `/projects/${projectGid}/sections`);
    await apiCall(admin, "PUT", `/sections/${first.gid}`, { name: "Onboarding" });
    const inWork = await apiCall<{ gid: string }>(admin, "POST", `/projects/${projectGid}/sections`, {
      name: "In work",
    });
    await apiCall(admin, "POST", "/tasks", {
      name: "Homepage copy",
      memberships: [{ project: projectGid, section: inWork.gid }],
    });
    await apiCall(admin, "POST", `/projects/${projectGid}/forms`, {
      title: "Re-order",
      access: "project_guests",
      fields: [{ label: "What do you need?", type: "text", required: true, maps_to: "name" }],
    });
    privateGid = (
      await apiCall<{ gid: string }>(admin, "POST", "/projects", {
        workspace: workspaceGid,
        name: "Anna's private plans",
        privacy_setting: "private",
      })
    ).gid;

    guest = await join("kate@kolos.test", "Kate Kolos", "guest", "commenter");
    viewer = await join("ivan@northwind.test", "Ivan Viewer", "member", "viewer");

    const members = await apiCall<{ user: { gid: string; name: string } }[]>(
      admin,
      "GET",
      `/projects/${projectGid}/project_memberships`,
    );
    const kate = members.find((member) => member.user.name === "Kate Kolos")?.user.gid;
    expect(kate).toBeTruthy();
    await apiCall(admin, "POST", "/tasks", {
      name: "Approve the homepage design",
      resource_subtype: "approval",
      assignee: kate,
      memberships: [{ project: projectGid, section: inWork.gid }],
    });
  });

  it("offers the admin the controls (the same page, the other side of the abilities)", async () => {
    await openProject(admin, "list");
    for (const testId of ["add-task", "add-section", "list-add-field", "rules-button", "share", "row-handle"]) {
      expect(await admin.getByTestId(testId).count(), testId).toBeGreaterThan(0);
    }
  });

  it("gives a commenter guest no add, field, rule or drag controls on the client project", async () => {
    await openProject(guest, "list");
    await rowOf(guest, "Homepage copy").waitFor();
    expect(await countsOf(guest, PROJECT_CONTROLS)).toEqual(none(PROJECT_CONTROLS));
    expect(await countsOf(rowOf(guest, "Homepage copy"), TASK_CONTROLS)).toEqual(none(TASK_CONTROLS));
    // The project's name is a heading, not a field to type in.
    expect(await guest.getByTestId("project-title").evaluate((node) => node.tagName)).toBe("H1");
    // Forms are there to fill.
    await guest.getByTestId("forms-menu").click();
    await guest.getByTestId("forms-item").filter({ hasText: "Re-order" }).waitFor();
    expect(await guest.getByTestId("forms-new").count()).toBe(0);
    await guest.keyboard.press("Escape");
    await shot(guest, "guest-project");

    await guest.getByTestId("tab-board").click();
    await guest.getByTestId("card").first().waitFor();
    expect(await countsOf(guest, PROJECT_CONTROLS)).toEqual(none(PROJECT_CONTROLS));
    const draggable = await guest
      .getByTestId("card")
      .evaluateAll((cards) => cards.map((card) => card.getAttribute("data-draggable")));
    expect(draggable.every((value) => value === "false")).toBe(true);
  });

  it("lets the commenter guest comment on a task, without offering to change it", async () => {
    await guest.getByTestId("tab-list").click();
    await guest.locator('[data-testid="task-row"][data-task-name="Homepage copy"]').click();
    const pane = guest.getByTestId("task-pane");
    await pane.getByTestId("comment-input").waitFor();
    expect(await pane.getByTestId("pane-complete").count()).toBe(0);
    expect(await pane.getByTestId("pane-menu").count()).toBe(0);
    expect(await pane.getByTestId("add-subtask").count()).toBe(0);
    expect(await pane.getByTestId("add-to-project").count()).toBe(0);
    expect(await pane.getByTestId("task-name").evaluate((node) => node.tagName)).not.toBe("TEXTAREA");
    await pane.getByTestId("comment-input").fill("The menu prices are attached below.");
    await pane.getByTestId("comment-send").click();
    await pane.getByTestId("comment").filter({ hasText: "The menu prices are attached below." }).waitFor();
    await guest.getByTestId("pane-close").click();
  });

  it("lets the commenter guest approve the approval task assigned to them", async () => {
    await guest.locator('[data-testid="task-row"][data-task-name="Approve the homepage design"]').click();
    const pane = guest.getByTestId("task-pane");
    await pane.getByTestId("task-name").filter({ hasText: "Approve the homepage design" }).waitFor();
    await pane.getByTestId("approve").click();
    await pane.getByTestId("task-kind").filter({ hasText: "Approved" }).waitFor();
    await guest.getByTestId("pane-close").click();
  });

  it("shows the guest's project page in Russian with the same few controls", async () => {
    await switchLanguage(guest, "ru");
    await openProject(guest, "list");
    await guest.getByText("Доска").first().waitFor();
    await rowOf(guest, "Homepage copy").waitFor();
    expect(await countsOf(guest, PROJECT_CONTROLS)).toEqual(none(PROJECT_CONTROLS));
    expect(await countsOf(rowOf(guest, "Homepage copy"), TASK_CONTROLS)).toEqual(none(TASK_CONTROLS));
    await shot(guest, "guest-project-ru");
  });

  it("gives a viewer member no edit controls on the board or in the task pane", async () => {
    await openProject(viewer, "board");
    await viewer.getByTestId("card").first().waitFor();
    expect(await countsOf(viewer, VIEWER_CONTROLS)).toEqual(none(VIEWER_CONTROLS));
    const draggable = await viewer
      .getByTestId("card")
      .evaluateAll((cards) => cards.map((card) => card.getAttribute("data-draggable")));
    expect(draggable.every((value) => value === "false")).toBe(true);
    await shot(viewer, "viewer-board");

    await viewer.locator('[data-testid="card"][data-task-name="Homepage copy"]').click();
    const pane = viewer.getByTestId("task-pane");
    await pane.getByTestId("comment").filter({ hasText: "The menu prices are attached below." }).waitFor();
    for (const testId of ["comment-input", "pane-complete", "pane-menu", "add-subtask", "attachment-add", "time-add"]) {
      expect(await pane.getByTestId(testId).count(), testId).toBe(0);
    }
    await viewer.getByTestId("pane-close").click();

    await switchLanguage(viewer, "ru");
    await openProject(viewer, "board");
    await viewer.getByText("Доска").first().waitFor();
    expect(await countsOf(viewer, VIEWER_CONTROLS)).toEqual(none(VIEWER_CONTROLS));
    await viewer.getByTestId("tab-list").click();
    await rowOf(viewer, "Approve the homepage design").waitFor();
    expect(await countsOf(viewer, [...VIEWER_CONTROLS, ...TASK_CONTROLS])).toEqual(
      none([...VIEWER_CONTROLS, ...TASK_CONTROLS]),
    );
    await viewer.getByTestId("tab-board").click();
    await shot(viewer, "viewer-board-ru");
    await switchLanguage(viewer, "en");
  });

  it("shows one calm not-found page, with no error notification, for a project that does not exist", async () => {
    await viewer.goto(`${app.url}/projects/9000000000000001`);
    await viewer.getByTestId("not-found").getByText("Not found or not shared with you").waitFor();
    await viewer.waitForLoadState("networkidle");
    expect(await notificationsOf(viewer).count()).toBe(0);
    expect(await viewer.getByTestId("project-title").count()).toBe(0);
    await shot(viewer, "not-found");
    await viewer.getByTestId("not-found-home").click();
    await viewer.waitForURL(`${app.url}/`);
  });

  it("shows the same page for a private project's address to someone it is not shared with", async () => {
    await viewer.goto(`${app.url}/projects/${privateGid}`);
    await viewer.getByTestId("not-found").waitFor();
    await viewer.waitForLoadState("networkidle");
    expect(await notificationsOf(viewer).count()).toBe(0);
    expect(await viewer.getByText("Anna's private plans").count()).toBe(0);

    await viewer.goto(`${app.url}/projects/${projectGid}/tasks/9000000000000002`);
    await viewer.getByTestId("task-pane").getByTestId("not-found").waitFor();
    await viewer.waitForLoadState("networkidle");
    expect(await notificationsOf(viewer).count()).toBe(0);

    await switchLanguage(viewer, "ru");
    await viewer.goto(`${app.url}/projects/${privateGid}`);
    await viewer.getByTestId("not-found").getByText("Не найдено или вам не открыто").waitFor();
    await viewer.waitForLoadState("networkidle");
    expect(await notificationsOf(viewer).count()).toBe(0);
    await shot(viewer, "not-found-ru");
  });
});
