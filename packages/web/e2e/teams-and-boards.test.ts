import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../../server/src/jobs/worker.ts";
import { startTestApp, type TestApp } from "../../server/test/helpers/test-app.ts";
import { apiCall, launch, shot } from "./browser.ts";

// On the demo workspace: a team that admits members by request (asked for, told to the team's admin, approved),
// a secret team nobody outside sees; approvals drawn as approvals on the board and in lists; search with archived
// projects; the sprint board's scroll kept when the task pane closes; the not-found page's requests.
let app: TestApp;
// The inbox is filled from committed events by the worker.
let worker: Worker;
let browser: Browser;
let admin: Page;
let emma: Page;
let workspaceGid = "";
let teamGid = "";

async function signIn(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on("pageerror", (error) => console.log("PAGEERROR", error.message));
  await page.goto(`${app.url}/`);
  await page.getByTestId("signin-email").fill(email);
  await page.getByTestId("signin-password").fill("takt-demo");
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("nav-my-tasks").waitFor();
  return page;
}

async function switchLanguage(page: Page, language: "en" | "ru") {
  await page.getByTestId("user-menu").click();
  await page.getByTestId(`language-${language}`).click();
  await page.keyboard.press("Escape");
}

interface Ref {
  gid: string;
  name: string;
}

async function projectNamed(page: Page, name: string): Promise<Ref> {
  const projects = await apiCall<Ref[]>(page, "GET", `/projects?workspace=${workspaceGid}`);
  const project = projects.find((candidate) => candidate.name === name);
  if (!project) throw new Error(`no project ${name} in ${projects.map((candidate) => candidate.name).join(", ")}`);
  return project;
}

describe("team privacy, approvals, archived search and board scroll in Chromium", () => {
  beforeAll(async () => {
    app = await startTestApp();
    worker = startWorker(app.app.takt, { pollMs: 25 });
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    context.setDefaultTimeout(15_000);
    admin = await context.newPage();
    admin.on("pageerror", (error) => console.log("PAGEERROR", error.message));
    await admin.goto(`${app.url}/setup`);
    await admin.getByTestId("setup-demo").click();
    await admin.getByTestId("nav-my-tasks").waitFor({ timeout: 180_000 });
    const me = await apiCall<{ workspaces: { gid: string }[] }>(admin, "GET", "/users/me");
    workspaceGid = me.workspaces[0].gid;
    emma = await signIn("emma@demo.takt");
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop(1000);
    await app?.close();
  });

  it("1. a member asks to join a team by request; its admin hears of it and approves", async () => {
    // The admin makes a team that admits members by request (the new-team dialog's default).
    await admin.getByTestId("new-team").click();
    await admin.getByLabel("Team name").fill("Design studio");
    expect(await admin.getByTestId("new-team-visibility").inputValue()).toBe("Membership by request");
    await admin.getByRole("button", { name: "Create team" }).click();
    await admin.getByRole("link", { name: "Design studio" }).click();
    await admin.getByTestId("team-title").getByText("Design studio").waitFor();
    teamGid = admin.url().split("/teams/")[1];
    expect(await admin.getByTestId("team-visibility").getAttribute("data-visibility")).toBe("request_to_join");

    // Emma, in Russian, finds it and asks to join: no "Join" button, a request with a message.
    await switchLanguage(emma, "ru");
    await emma.goto(`${app.url}/teams/${teamGid}`);
    await emma.getByTestId("team-visibility").getByText("Вступление по заявке").waitFor();
    expect(await emma.getByTestId("team-join").count()).toBe(0);
    await emma.getByTestId("team-ask").click();
    await emma.getByTestId("team-ask-message").fill("Хочу помогать с макетами");
    await shot(emma, "team-ask-to-join-ru");
    await emma.getByTestId("team-ask-send").click();
    await emma.getByTestId("team-requested").getByText("Заявка отправлена").waitFor();
    await emma.getByTestId("team-ask").waitFor({ state: "detached" });
    expect(await emma.getByTestId("team-ask").count()).toBe(0);

    // The admin's inbox has the request, in English; the team page lists it with Approve and Decline.
    await admin.getByTestId("nav-inbox").click();
    const item = admin.locator('[data-testid="inbox-item"][data-kind="team_join_request"]');
    await item.waitFor();
    expect(await item.textContent()).toContain("asked to join");
    expect(await item.textContent()).toContain("Хочу помогать с макетами");
    await item.getByTestId("inbox-open").click();
    await admin.waitForURL(new RegExp(`/teams/${teamGid}$`));
    const request = admin.getByTestId("team-request");
    await request.waitFor();
    expect(await request.textContent()).toContain("Emma Clarke");
    await shot(admin, "team-join-requests");
    await request.getByTestId("team-request-approve").click();
    await admin.locator('[data-testid="team-member"][data-person="Emma Clarke"]').waitFor();
    await admin.getByTestId("team-requests").waitFor({ state: "detached" });

    // Emma is in: she may leave, and hears of the answer in her language.
    await emma.getByTestId("team-leave").waitFor();
    await emma.getByTestId("nav-inbox").click();
    const answer = emma.locator('[data-testid="inbox-item"][data-kind="team_join_decided"]');
    await answer.waitFor();
    expect(await answer.textContent()).toContain("Ваша заявка на вступление в команду «Design studio» одобрена");
  });

  it("1. a secret team disappears for everyone outside it; settings speak both languages", async () => {
    await admin.goto(`${app.url}/teams/${teamGid}`);
    await admin.getByTestId("team-settings").waitFor();
    await admin.getByTestId("team-visibility-secret").check();
    await admin.getByTestId("team-save").click();
    await admin.locator('[data-testid="team-visibility"][data-visibility="secret"]').waitFor();
    await shot(admin, "team-settings");

    // Daniel, a member outside the team, sees it nowhere: not by its address, not in the palette's teams.
    const daniel = await signIn("daniel@demo.takt");
    await daniel.goto(`${app.url}/teams/${teamGid}`);
    await daniel.getByTestId("not-found").waitFor();
    const teams = await apiCall<Ref[]>(daniel, "GET", `/workspaces/${workspaceGid}/teams`);
    expect(teams.map((team) => team.name)).not.toContain("Design studio");
    const typeahead = await apiCall<Ref[]>(
      daniel,
      "GET",
      `/workspaces/${workspaceGid}/typeahead?resource_type=team&query=Design`,
    );
    expect(typeahead).toEqual([]);
    await daniel.context().close();

    // Emma, a plain member, sees the team but not its settings; in Russian the badge says it is secret.
    await emma.goto(`${app.url}/teams/${teamGid}`);
    await emma.getByTestId("team-visibility").getByText("Секретная").waitFor();
    expect(await emma.getByTestId("team-settings").count()).toBe(0);
    await shot(emma, "team-page-ru");

    // The admin's settings, in Russian.
    await switchLanguage(admin, "ru");
    await admin.getByTestId("team-settings").getByText("Кто что может").waitFor();
    await shot(admin, "team-settings-ru");
    await switchLanguage(admin, "en");
  });

  it("2. approvals on the board and in the list read as approvals, not as ticked tasks", async () => {
    const project = await projectNamed(admin, "Product team");
    const sections = await apiCall<Ref[]>(admin, "GET", `/projects/${project.gid}/sections`);
    const make = async (name: string, decision?: string, text?: string) => {
      const task = await apiCall<Ref>(admin, "POST", "/tasks", {
        name,
        resource_subtype: "approval",
        projects: [project.gid],
        memberships: [{ project: project.gid, section: sections[0].gid }],
      });
      if (decision) await apiCall(admin, "POST", `/tasks/${task.gid}/${decision}`, text ? { text } : {});
      return task;
    };
    await make("Logo sign-off", "approve");
    await make("Pricing page sign-off", "requestChanges", "Bigger prices, please");
    await make("Legal sign-off");

    await admin.goto(`${app.url}/projects/${project.gid}`);
    await admin.getByTestId("tab-board").click();
    const card = (name: string) => admin.locator(`[data-testid="card"][data-task-name="${name}"]`);
    await card("Logo sign-off").getByTestId("approval-badge").waitFor();
    expect(await card("Logo sign-off").getByTestId("approval-badge").textContent()).toBe("Approved");
    expect(await card("Pricing page sign-off").getByTestId("approval-badge").textContent()).toBe("Changes requested");
    expect(await card("Legal sign-off").getByTestId("approval-badge").textContent()).toBe("Pending");
    // An approved approval is not drawn as a finished task.
    expect(await card("Logo sign-off").locator(".takt-completed").count()).toBe(0);
    await card("Logo sign-off").scrollIntoViewIfNeeded();
    await shot(admin, "approvals-board");

    await admin.getByTestId("tab-list").click();
    const row = (name: string) => admin.locator(`[data-testid="task-row"][data-task-name="${name}"]`);
    await row("Logo sign-off").getByTestId("approval-badge").waitFor();
    expect(await row("Logo sign-off").getByTestId("task-complete").count()).toBe(0);
    expect(await row("Logo sign-off").locator(".takt-completed").count()).toBe(0);

    await switchLanguage(admin, "ru");
    expect(await row("Logo sign-off").getByTestId("approval-badge").textContent()).toBe("Согласовано");
    expect(await row("Pricing page sign-off").getByTestId("approval-badge").textContent()).toBe("Нужны правки");
    await shot(admin, "approvals-list-ru");
    await switchLanguage(admin, "en");
  });

  it("3. search leaves archived projects out until asked to include them", async () => {
    const project = await apiCall<Ref>(admin, "POST", "/projects", {
      name: "Old campaign",
      workspace: workspaceGid,
      privacy_setting: "public_to_workspace",
    });
    await apiCall(admin, "POST", "/tasks", { name: "Quokka banner", projects: [project.gid] });
    await apiCall(admin, "PUT", `/projects/${project.gid}`, { archived: true });
    await admin.goto(`${app.url}/search?q=Quokka`);
    await admin.getByText("No tasks match").waitFor();
    // The switch follows the address: it turns on once the search has it.
    await admin.getByTestId("search-archived").click();
    await admin.locator('[data-testid="search-result"][data-task-name="Quokka banner"]').waitFor();
    expect(admin.url()).toContain("archived=true");
    await admin.getByTestId("search-archived").click();
    await admin.getByText("No tasks match").waitFor();
  });

  it("4. the sprint board keeps its scroll when the task pane closes; not-found asks for sections once", async () => {
    const project = await projectNamed(admin, "Product team");
    await admin.setViewportSize({ width: 1100, height: 800 });
    await admin.goto(`${app.url}/projects/${project.gid}`);
    await admin.getByTestId("tab-sprint").click();
    const scroller = admin.getByTestId("sprint-scroller");
    await scroller.waitFor();
    expect(await scroller.evaluate((element) => element.scrollLeft)).toBe(0);
    await admin.getByTestId("sprint-card").first().click();
    await admin.getByTestId("task-pane").waitFor();
    await scroller.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    await expect.poll(() => scroller.evaluate((element) => element.scrollLeft)).toBeGreaterThan(100);
    await admin.getByTestId("sprint-card").last().click();
    await admin.getByTestId("pane-close").click();
    await admin.getByTestId("task-pane").waitFor({ state: "detached" });
    expect(await scroller.evaluate((element) => element.scrollLeft)).toBe(0);
    await admin.setViewportSize({ width: 1440, height: 900 });

    const sectionRequests: string[] = [];
    admin.on("request", (request) => {
      if (/\/projects\/\d+\/sections/.test(request.url())) sectionRequests.push(request.url());
    });
    await admin.goto(`${app.url}/projects/1234567890123`);
    await admin.getByTestId("not-found").waitFor();
    await admin.waitForTimeout(1500);
    expect(sectionRequests.length).toBeLessThanOrEqual(1);
  });
});
