import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

// Running the company in Chromium: the people page, a team's page, a project's life (stage, default view,
// archive, delete), approvals and milestones, and the client's stage on the guest home — in English and Russian.

const PASSWORD = "correct-horse-42";
const PROJECT = "Kolos bakery — website";

let app: TestApp;
let browser: Browser;
let admin: Page;
let guest: Page;
let workspaceGid = "";
let projectGid = "";
let teamGid = "";
let adminGid = "";
const sections: Record<string, string> = {};

async function join(email: string, name: string, role: "guest" | "member", project?: string): Promise<Page> {
  const invitation = await apiCall<{ invite_url: string }>(admin, "POST", "/invitations", {
    workspace: workspaceGid,
    email,
    role,
    ...(project ? { project } : {}),
  });
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

const personRow = (page: Page, name: string) => page.locator(`[data-testid="person-row"][data-person="${name}"]`);
const toast = (page: Page, text: string | RegExp) =>
  page.locator(".mantine-Notifications-root").getByText(text).first().waitFor();

async function pick(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

async function switchLanguage(page: Page, language: "en" | "ru") {
  await page.getByTestId("user-menu").click();
  await page.getByTestId(`language-${language}`).click();
  await page.keyboard.press("Escape");
}

describe("administration and the manager's view in Chromium", () => {
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

  it("sets up an agency: the template gallery is there from the start", async () => {
    await admin.goto(`${app.url}/`);
    await admin.waitForURL(/\/setup$/);
    await admin.getByTestId("setup-workspace").fill("Northwind Studio");
    await admin.getByTestId("setup-name").fill("Anna Petrova");
    await admin.getByTestId("setup-email").fill("anna@northwind.test");
    await admin.getByTestId("setup-password").fill(PASSWORD);
    await admin.getByTestId("setup-submit").click();
    await admin.getByText(/Good (morning|afternoon|evening), Anna/).waitFor();
    const me = await apiCall<{ gid: string; workspaces: { gid: string }[] }>(admin, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
    adminGid = me.gid;
    await admin.getByTestId("nav-templates").click();
    for (const name of ["Client onboarding", "Scrum team", "Content plan", "Bot launch"]) {
      await admin.locator(`[data-testid="template-card"][data-template-name="${name}"]`).waitFor();
    }

    const team = await apiCall<{ gid: string }>(admin, "POST", "/teams", {
      organization: workspaceGid,
      name: "Production",
    });
    teamGid = team.gid;
    const project = await apiCall<{ gid: string }>(admin, "POST", "/projects", {
      workspace: workspaceGid,
      team: teamGid,
      name: PROJECT,
      privacy_setting: "private",
      sections: ["Onboarding", "In work", "QA", "Done"],
    });
    projectGid = project.gid;
    for (const section of await apiCall<{ gid: string; name: string }[]>(
      admin,
      "GET",
      `/projects/${projectGid}/sections`,
    )) {
      sections[section.name] = section.gid;
    }
    const task = (name: string, at: string, extra: object = {}) =>
      apiCall(admin, "POST", "/tasks", {
        name,
        memberships: [{ project: projectGid, section: sections[at] }],
        ...extra,
      });
    await task("Brief and moodboard", "Onboarding", { completed: true });
    await task("Homepage copy", "In work", { completed: true });
    await task("Test the order form", "QA");
    // The client's own request lands in the first section while the work is in QA.
    await task("Add a gluten-free page", "Onboarding");
  });

  it("people page: bulk invitations, a guest's access, search and filters, role change, deactivation with hand-over, reactivation", async () => {
    const boris = await join("boris@northwind.test", "Boris Smirnov", "member", projectGid);
    await boris.context().close();
    guest = await join("kate@kolos.test", "Kate Client", "guest", projectGid);
    await apiCall(admin, "POST", "/tasks", {
      name: "Order form copy",
      assignee: "boris@northwind.test",
      memberships: [{ project: projectGid, section: sections["In work"] }],
    });

    await admin.getByTestId("nav-people").click();
    await personRow(admin, "Boris Smirnov").waitFor();
    expect(await admin.getByTestId("person-row").count()).toBe(3);
    // A member invited into the team's project is in the team.
    await expect(personRow(admin, "Boris Smirnov").getByText("Production").count()).resolves.toBe(1);
    await expect(personRow(admin, "Kate Client").getByTestId("guest-access").textContent()).resolves.toContain(
      `${PROJECT} · Commenter`,
    );

    await admin.getByTestId("invite-people").click();
    await admin.getByTestId("invite-emails").fill("lena@northwind.test, oleg@northwind.test\nnot-an-email");
    await admin.getByTestId("invite-send").getByText("Send 2 invitations").waitFor();
    await admin.getByTestId("invite-send").click();
    await toast(admin, "2 invitations sent");
    const invitations = await apiCall<{ email: string; role: string }[]>(
      admin,
      "GET",
      `/invitations?workspace=${workspaceGid}`,
    );
    expect(invitations.map((invitation) => invitation.email)).toEqual(
      expect.arrayContaining(["lena@northwind.test", "oleg@northwind.test"]),
    );

    await admin.getByTestId("people-search").fill("bor");
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="person-row"]').length === 1);
    await admin.getByTestId("people-search").fill("");
    await pick(admin, "people-role-filter", "Guest");
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid="person-row"]').length === 1);
    await personRow(admin, "Kate Client").waitFor();
    await admin.goto(`${app.url}/people`);
    await personRow(admin, "Anna Petrova").waitFor();
    await shot(admin, "people");

    await personRow(admin, "Boris Smirnov").getByTestId("person-role").click();
    await admin.getByRole("option", { name: "Admin", exact: true }).click();
    await toast(admin, "Boris Smirnov's role changed");
    let people = await apiCall<{ user: { name: string }; role: string }[]>(
      admin,
      "GET",
      `/workspaces/${workspaceGid}/people?search=boris`,
    );
    expect(people[0].role).toBe("admin");

    await personRow(admin, "Boris Smirnov").getByTestId("person-menu").click();
    await admin.getByTestId("deactivate").click();
    await admin.getByText("Give their 1 open task to").waitFor();
    await pick(admin, "reassign-to", "Anna Petrova");
    await shot(admin, "people-deactivate");
    await admin.getByTestId("confirm-deactivate").click();
    await toast(admin, "Boris Smirnov is deactivated");
    await personRow(admin, "Boris Smirnov").waitFor({ state: "detached" });
    const tasks = await apiCall<{ name: string; assignee: { gid: string } | null }[]>(
      admin,
      "GET",
      `/projects/${projectGid}/tasks?opt_fields=name,assignee`,
    );
    expect(tasks.find((task) => task.name === "Order form copy")?.assignee?.gid).toBe(adminGid);
    const audit = await apiCall<{ event_type: string }[]>(
      admin,
      "GET",
      `/workspaces/${workspaceGid}/audit_log_events?event_type=user_deactivated`,
    );
    expect(audit).toHaveLength(1);

    await admin.getByTestId("people-status").getByText("Deactivated").click();
    await personRow(admin, "Boris Smirnov").getByTestId("person-menu").click();
    await admin.getByTestId("reactivate").click();
    await toast(admin, "Boris Smirnov is back");
    people = await apiCall(admin, "GET", `/workspaces/${workspaceGid}/people?search=boris`);
    expect(people[0].role).toBe("admin");
  });

  it("team page: members added and removed, its projects, its settings", async () => {
    await admin.getByTestId("sidebar-team").filter({ hasText: "Production" }).click();
    await admin.getByTestId("team-title").getByText("Production").waitFor();
    await admin.locator('[data-testid="team-member"][data-person="Boris Smirnov"]').waitFor();
    await admin.getByTestId("team-project").filter({ hasText: PROJECT }).waitFor();
    // The team's creator is its admin; Boris leaves and is added back.
    const borisRow = admin.locator('[data-testid="team-member"][data-person="Boris Smirnov"]');
    await borisRow.getByTestId("team-remove-member").click();
    await borisRow.waitFor({ state: "detached" });
    expect(
      (await apiCall<{ name: string }[]>(admin, "GET", `/teams/${teamGid}/users`)).map((user) => user.name),
    ).toEqual(["Anna Petrova"]);
    await admin.getByTestId("team-add-member").click();
    await admin.getByRole("option", { name: "Boris Smirnov", exact: true }).click();
    await admin.getByTestId("team-add-confirm").click();
    await borisRow.waitFor();
    await admin.getByTestId("team-leave").waitFor();
    const users = await apiCall<{ name: string }[]>(admin, "GET", `/teams/${teamGid}/users`);
    expect(users.map((user) => user.name)).toEqual(["Anna Petrova", "Boris Smirnov"]);
    await admin.getByTestId("team-description").fill("Websites and bots for our clients");
    await admin.getByTestId("team-save").click();
    await toast(admin, "Team saved");
    await shot(admin, "team-page");
  });

  it("project life: default view, archive and unarchive, approvals and milestones, the client's stage", async () => {
    await admin.goto(`${app.url}/projects/${projectGid}`);
    await admin.getByTestId("project-settings").click();
    await admin.locator('[data-testid="default-view-option"][data-view="board"]').click();
    await toast(admin, "The project now opens in Board");
    const project = await apiCall<{ default_view: string }>(admin, "GET", `/projects/${projectGid}`);
    expect(project.default_view).toBe("board");

    // Approvals and milestones from Add task.
    await admin.getByTestId("add-task-menu").click();
    await admin.getByTestId("add-approval").click();
    await admin.getByTestId("typed-task-name").fill("Approve the homepage design");
    await pick(admin, "typed-task-section", "QA");
    await admin.getByTestId("typed-task-create").click();
    await toast(admin, "Approval “Approve the homepage design” added");
    await admin.getByTestId("add-task-menu").click();
    await admin.getByTestId("add-milestone").click();
    await admin.getByTestId("typed-task-name").fill("Site goes live");
    await admin.getByTestId("typed-task-create").click();
    await toast(admin, "Milestone “Site goes live” added");
    const typed = await apiCall<{ gid: string; name: string; resource_subtype: string }[]>(
      admin,
      "GET",
      `/projects/${projectGid}/tasks?opt_fields=name,resource_subtype`,
    );
    const approval = typed.find((task) => task.name === "Approve the homepage design");
    expect(approval?.resource_subtype).toBe("approval");
    expect(typed.find((task) => task.name === "Site goes live")?.resource_subtype).toBe("milestone");

    // An approval reads as its decision; the decision can still change.
    await admin.goto(`${app.url}/projects/${projectGid}/tasks/${approval?.gid}`);
    await admin.getByTestId("approval-status").getByText("Pending").waitFor();
    await admin.getByTestId("approve").click();
    await admin.getByTestId("approval-status").getByText("Approved").waitFor();
    expect(await admin.getByTestId("pane-complete").count()).toBe(0);
    await shot(admin, "approval-approved");
    await admin.getByTestId("request-changes").waitFor();

    // An approval among a task's subtasks is drawn as an approval (its mark and decision), never ticked off.
    const checklist = await apiCall<{ gid: string }>(admin, "POST", "/tasks", {
      name: "Launch checklist",
      projects: [projectGid],
    });
    await apiCall(admin, "POST", `/tasks/${checklist.gid}/subtasks`, { name: "Check the links" });
    await apiCall(admin, "POST", `/tasks/${checklist.gid}/subtasks`, {
      name: "Client signs off the copy",
      resource_subtype: "approval",
    });
    await admin.goto(`${app.url}/projects/${projectGid}/tasks/${checklist.gid}`);
    const signOff = admin.getByTestId("subtask").filter({ hasText: "Client signs off the copy" });
    await signOff.getByTestId("approval-badge").getByText("Pending").waitFor();
    expect(await signOff.getByTestId("approval-mark").count()).toBe(1);
    expect(await signOff.getByTestId("subtask-complete").count()).toBe(0);
    const links = admin.getByTestId("subtask").filter({ hasText: "Check the links" });
    expect(await links.getByTestId("subtask-complete").count()).toBe(1);
    expect(await links.getByTestId("approval-badge").count()).toBe(0);
    await signOff.scrollIntoViewIfNeeded();
    await shot(admin, "subtask-approval");

    // The type switch in the task pane.
    const plain = typed.find((task) => task.name === "Test the order form");
    await admin.goto(`${app.url}/projects/${projectGid}/tasks/${plain?.gid}`);
    await admin.getByTestId("pane-menu").click();
    await admin.locator('[data-testid="task-type-option"][data-subtype="approval"]').click();
    await admin.getByTestId("approval-status").getByText("Pending").waitFor();
    const switched = await apiCall<{ resource_subtype: string }>(admin, "GET", `/tasks/${plain?.gid}`);
    expect(switched.resource_subtype).toBe("approval");

    // The client's stage: derived from the furthest open work, then set by the team.
    await guest.goto(`${app.url}/`);
    const card = guest.locator(`[data-testid="guest-project"][data-project-name="${PROJECT}"]`);
    await card.getByText("Now at: QA").waitFor();
    await admin.goto(`${app.url}/projects/${projectGid}`);
    await admin.getByTestId("project-settings").click();
    await admin.locator('[data-testid="stage-option"][data-stage="In work"]').click();
    await toast(admin, "The client now sees: In work");
    await admin.getByTestId("project-settings").click();
    await admin.locator('[data-testid="stage-option"][data-stage="QA"]').click();
    await toast(admin, "The client now sees: QA");
    await guest.reload();
    await card.getByText("Now at: QA").waitFor();
    await card.getByTestId("stage-history").getByText(/^QA ·/).waitFor();
    expect(await card.getByTestId("stage-history-item").count()).toBe(2);
    await shot(guest, "guest-home-stage");

    // Archive: the project leaves the sidebar; the banner brings it back.
    await admin.getByTestId("project-settings").click();
    await admin.getByTestId("archive-project").click();
    await admin.getByTestId("archived-banner").waitFor();
    await admin.locator(".takt-nav-project").filter({ hasText: PROJECT }).waitFor({ state: "detached" });
    await shot(admin, "project-archived");
    await admin.getByTestId("banner-unarchive").click();
    await admin.getByTestId("archived-banner").waitFor({ state: "detached" });
    await admin.locator(".takt-nav-project").filter({ hasText: PROJECT }).waitFor();
  });

  it("a deleted task offers Undo, and waits in the trash", async () => {
    const made = await apiCall<{ gid: string }>(admin, "POST", "/tasks", {
      name: "Print the menus",
      memberships: [{ project: projectGid, section: sections["In work"] }],
    });
    await apiCall(admin, "POST", `/tasks/${made.gid}/subtasks`, { name: "Pick the paper" });
    const remove = async () => {
      await admin.goto(`${app.url}/projects/${projectGid}/tasks/${made.gid}`);
      await admin.getByTestId("pane-menu").click();
      await admin.getByTestId("pane-delete").click();
      await admin.getByTestId("confirm-delete-task").click();
      await admin.getByTestId("task-pane").waitFor({ state: "detached" });
    };
    await remove();
    await admin.getByTestId("undo-delete").click();
    await toast(admin, "“Print the menus” restored");
    const back = await apiCall<{ name: string; num_subtasks: number }>(
      admin,
      "GET",
      `/tasks/${made.gid}?opt_fields=name,num_subtasks`,
    );
    expect(back).toMatchObject({ name: "Print the menus", num_subtasks: 1 });
    await admin.getByText("Print the menus").first().waitFor();

    await remove();
    await admin.getByTestId("nav-trash").click();
    const item = admin.locator('[data-testid="trash-item"][data-task-name="Print the menus"]');
    await item.waitFor();
    await shot(admin, "trash");
    await item.getByTestId("trash-restore").click();
    await toast(admin, "“Print the menus” restored");
    await item.waitFor({ state: "detached" });
    await admin.getByText("Nothing you deleted is waiting here").waitFor();
  });

  it("the Share dialog changes a member's access and removes them", async () => {
    await admin.goto(`${app.url}/projects/${projectGid}`);
    await admin.getByTestId("share").click();
    const kate = admin.getByTestId("member-row").filter({ hasText: "Kate Client" });
    await kate.getByTestId("member-access").click();
    await admin.getByRole("option", { name: "Viewer", exact: true }).click();
    await toast(admin, "Kate Client now has Viewer access");
    await shot(admin, "share-access");
    const boris = admin.getByTestId("member-row").filter({ hasText: "Boris Smirnov" });
    await boris.getByTestId("member-remove").click();
    await toast(admin, "Boris Smirnov removed from the project");
    await boris.waitFor({ state: "detached" });
    const members = await apiCall<{ user: { name: string }; access_level: string }[]>(
      admin,
      "GET",
      `/projects/${projectGid}/project_memberships?opt_fields=user.name,access_level`,
    );
    expect(members.map((member) => [member.user.name, member.access_level]).sort()).toEqual([
      ["Anna Petrova", "admin"],
      ["Kate Client", "viewer"],
    ]);
    await admin.keyboard.press("Escape");
  });

  it("in Russian: the people page, the project's settings and the guest's stage", async () => {
    await switchLanguage(admin, "ru");
    await admin.goto(`${app.url}/people`);
    await admin.getByRole("heading", { name: "Люди" }).waitFor();
    await personRow(admin, "Kate Client")
      .getByText(/Kolos bakery — website · Читатель/)
      .waitFor();
    expect(await personRow(admin, "Kate Client").getByTestId("person-role").inputValue()).toBe("Гость");
    await shot(admin, "people-ru");
    await admin.goto(`${app.url}/projects/${projectGid}`);
    await admin.getByTestId("project-settings").click();
    await admin.getByText("Этап для клиента").waitFor();
    await admin.getByTestId("archive-project").getByText("В архив").waitFor();
    await admin.keyboard.press("Escape");
    await switchLanguage(guest, "ru");
    await guest.goto(`${app.url}/`);
    const card = guest.locator(`[data-testid="guest-project"][data-project-name="${PROJECT}"]`);
    await card.getByText("Сейчас: QA").waitFor();
    await card.getByText("Этапы:").waitFor();
    await shot(guest, "guest-home-stage-ru");

    // Deleting the project: confirmed, gone for everyone.
    await admin.getByTestId("project-settings").click();
    await admin.getByTestId("delete-project").click();
    await admin.getByTestId("confirm-delete-project").click();
    await admin.waitForURL(`${app.url}/`);
    await admin.getByTestId("undo-delete").waitFor();
    await admin.locator(".takt-nav-project").filter({ hasText: PROJECT }).waitFor({ state: "detached" });
    await guest.reload();
    await card.waitFor({ state: "detached" });
    // ...and back from the trash, with its tasks and the guest's card.
    await admin.goto(`${app.url}/trash`);
    const item = admin.locator(`[data-testid="trash-item"][data-task-name="${PROJECT}"]`);
    await item.getByText("Проект").waitFor();
    await shot(admin, "trash-project-ru");
    await item.getByTestId("trash-restore").click();
    await toast(admin, `«${PROJECT}» восстановлен`);
    await admin.locator(".takt-nav-project").filter({ hasText: PROJECT }).waitFor();
    await guest.reload();
    await card.getByText("Сейчас: QA").waitFor();
  });
});
