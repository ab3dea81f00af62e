import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoApi } from "../src/demo/demo-api.ts";
import { DEMO_ADMIN_EMAIL, DEMO_GUEST_EMAIL, DEMO_PASSWORD, DemoLoadError, loadDemo } from "../src/demo/load-demo.ts";
import { createAccessToken } from "../src/domain/auth/auth.commands.ts";
import { client } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const EXPECTED = {
  en: {
    workspace: "Takt Agency",
    teams: ["HR", "Management", "Marketing", "Production", "Sales"],
    clientBoard: ["Onboarding", "In work", "QA", "Done"],
    pipeline: ["Leads", "Qualified", "Proposal", "Won"],
    regularMeetings: "Regular meetings",
    personal: "My to-dos",
    production: "Production",
  },
  ru: {
    workspace: "Агентство «Такт»",
    teams: ["HR", "Маркетинг", "Продажи", "Производство", "Управление"],
    clientBoard: ["Онбординг", "В работе", "QA", "Готово"],
    pipeline: ["Лиды", "Квалифицированы", "КП отправлено", "Выиграно"],
    regularMeetings: "Регулярные встречи",
    personal: "Мои дела",
    production: "Производство",
  },
} as const;

interface Named {
  gid: string;
  name: string;
}

function today(): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

describe.each(["en", "ru"] as const)("the demo workspace in %s", (language) => {
  const expected = EXPECTED[language];
  let t: TestApp;
  let workspaceGid: string;
  const tokens: Record<"admin" | "guest" | "member", string> = { admin: "", guest: "", member: "" };
  const gids: Record<"admin" | "guest" | "member", string> = { admin: "", guest: "", member: "" };

  async function tokenFor(email: string) {
    const user = await t.handle.db
      .selectFrom("users")
      .select("gid")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    return { gid: String(user.gid), token: (await createAccessToken(t.handle.db, user.gid, "test")).token };
  }

  const as = (who: keyof typeof tokens) => client(t, tokens[who]);

  async function projectsOf(who: keyof typeof tokens): Promise<(Named & Record<string, any>)[]> {
    const answer = await as(who).get(
      `/projects?workspace=${workspaceGid}&limit=100&opt_fields=name,default_view,privacy_setting,team.name`,
    );
    expect(answer.status).toBe(200);
    return answer.body.data;
  }

  async function sectionsOf(projectGid: string): Promise<Named[]> {
    const answer = await as("admin").get(`/projects/${projectGid}/sections`);
    expect(answer.status).toBe(200);
    return answer.body.data;
  }

  async function tasksIn(path: string, fields: string): Promise<(Named & Record<string, any>)[]> {
    const answer = await as("admin").get(`${path}?limit=100&opt_fields=${fields}`);
    expect(answer.status).toBe(200);
    return answer.body.data;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const loaded = await loadDemo(t.app, language);
    workspaceGid = String(loaded.workspaceGid);
    for (const [who, email] of [
      ["admin", DEMO_ADMIN_EMAIL],
      ["guest", DEMO_GUEST_EMAIL],
      ["member", language === "ru" ? "marina@demo.takt" : "emma@demo.takt"],
    ] as const) {
      const { gid, token } = await tokenFor(email);
      gids[who] = gid;
      tokens[who] = token;
    }
    expect(gids.admin).toBe(String(loaded.admin.gid));
  }, 60_000);
  afterAll(() => t?.close());

  it("names the workspace and its five departments in the chosen language", async () => {
    const workspace = await as("admin").get(`/workspaces/${workspaceGid}`);
    expect(workspace.body.data.name).toBe(expected.workspace);
    const teams = await as("admin").get(`/workspaces/${workspaceGid}/teams`);
    expect(teams.status).toBe(200);
    expect(teams.body.data.map((team: Named) => team.name).sort()).toEqual([...expected.teams].sort());
    const people = await as("admin").get(`/workspaces/${workspaceGid}/users?limit=100`);
    expect(people.body.data.length).toBeGreaterThanOrEqual(9);
  });

  it("has three client boards in Production with Onboarding → In work → QA → Done, tasks in every column", async () => {
    const projects = await projectsOf("admin");
    const boards = projects.filter(
      (project) =>
        project.team?.name === expected.production &&
        project.default_view === "board" &&
        project.privacy_setting === "public_to_workspace",
    );
    const clientBoards = [];
    for (const board of boards) {
      const sections = await sectionsOf(board.gid);
      if (sections.map((section) => section.name).join("|") === expected.clientBoard.join("|")) {
        clientBoards.push({ board, sections });
      }
    }
    expect(clientBoards).toHaveLength(3);
    for (const { sections } of clientBoards) {
      for (const section of sections) {
        const tasks = await tasksIn(`/sections/${section.gid}/tasks`, "name,completed,assignee,due_on");
        expect(tasks.length, `tasks in ${section.name}`).toBeGreaterThan(0);
      }
      const done = await tasksIn(`/sections/${sections[3].gid}/tasks`, "completed");
      expect(done.every((task) => task.completed)).toBe(true);
    }
    for (const { board, sections } of clientBoards) {
      const rules = (await as("admin").get(`/rules?project=${board.gid}`)).body.data;
      expect(rules.map((rule: { trigger: { type: string } }) => rule.trigger.type).sort()).toEqual([
        "form_submitted",
        "task_completed",
        "task_moved_to_section",
      ]);
      const byTrigger = new Map(rules.map((rule: { trigger: { type: string } }) => [rule.trigger.type, rule]));
      expect(byTrigger.get("task_completed")).toMatchObject({
        enabled: true,
        actions: [{ type: "move_to_section", section: sections[3].gid }],
      });
      expect(byTrigger.get("task_moved_to_section")).toMatchObject({
        trigger: { section: sections[1].gid },
        actions: [{ type: "add_follower" }, { type: "add_comment" }],
      });
      const roundRobin = byTrigger.get("form_submitted") as { actions: { type: string; users: string[] }[] };
      expect(roundRobin.actions[0].type).toBe("set_assignee");
      expect(roundRobin.actions[0].users.length).toBeGreaterThan(1);
    }
  });

  it("gives client tasks assignees, due dates (some overdue, some ahead), subtasks and comments", async () => {
    const board = (await projectsOf("admin")).find((project) =>
      project.name.includes(language === "ru" ? "Зерно" : "Brew"),
    );
    expect(board).toBeDefined();
    const tasks = await tasksIn(`/projects/${board?.gid}/tasks`, "name,assignee.name,due_on,completed,num_subtasks");
    expect(tasks.length).toBeGreaterThanOrEqual(6);
    expect(tasks.length).toBeLessThanOrEqual(12);
    expect(tasks.every((task) => task.assignee?.name)).toBe(true);
    const open = tasks.filter((task) => !task.completed && task.due_on);
    expect(open.some((task) => task.due_on < today())).toBe(true);
    expect(open.some((task) => task.due_on > today())).toBe(true);
    expect(tasks.some((task) => task.num_subtasks >= 2)).toBe(true);
  });

  it("lets the client guest see only their own project, where they have commented", async () => {
    const projects = await projectsOf("guest");
    expect(projects).toHaveLength(1);
    const tasks = await client(t, tokens.guest).get(`/projects/${projects[0].gid}/tasks?opt_fields=name&limit=100`);
    expect(tasks.status).toBe(200);
    let guestComments = 0;
    for (const task of tasks.body.data as Named[]) {
      const stories = await client(t, tokens.guest).get(`/tasks/${task.gid}/stories?limit=100`);
      guestComments += stories.body.data.filter(
        (story: any) => story.type === "comment" && story.created_by?.gid === gids.guest,
      ).length;
    }
    expect(guestComments).toBeGreaterThan(0);
    const membership = await as("admin").get(
      `/projects/${projects[0].gid}/project_memberships?user=${gids.guest}&opt_fields=access_level`,
    );
    expect(membership.body.data.map((row: { access_level: string }) => row.access_level)).toEqual(["commenter"]);
    const edit = await client(t, tokens.guest).put(`/tasks/${tasks.body.data[0].gid}`, { name: "Changed" });
    expect(edit.status).toBe(403);
    const everyProject = await projectsOf("admin");
    const other = everyProject.find((project) => project.gid !== projects[0].gid && project.team);
    expect((await client(t, tokens.guest).get(`/projects/${other?.gid}`)).status).toBe(404);
  });

  it("has one task that lives in three projects, each in its own section", async () => {
    let found: any;
    for (const project of await projectsOf("admin")) {
      const tasks = await tasksIn(
        `/projects/${project.gid}/tasks`,
        "name,memberships.project.name,memberships.section.name",
      );
      found ??= tasks.find((task) => task.memberships?.length === 3);
    }
    expect(found).toBeDefined();
    const projects = new Set(found.memberships.map((membership: any) => membership.project.gid));
    expect(projects.size).toBe(3);
    expect(found.memberships.every((membership: any) => membership.section?.name)).toBe(true);
  });

  it("keeps the admin's personal project private", async () => {
    const mine = (await projectsOf("admin")).find((project) => project.name === expected.personal);
    expect(mine?.privacy_setting).toBe("private");
    const theirs = await projectsOf("member");
    expect(theirs.length).toBeGreaterThan(3);
    expect(theirs.some((project) => project.gid === mine?.gid)).toBe(false);
    expect((await as("member").get(`/projects/${mine?.gid}`)).status).toBe(404);
    expect((await as("guest").get(`/projects/${mine?.gid}`)).status).toBe(404);
  });

  it("has a Regular meetings section and a sales pipeline", async () => {
    let meetings: Named | undefined;
    let pipeline: Named[] | undefined;
    for (const project of await projectsOf("admin")) {
      const sections = await sectionsOf(project.gid);
      meetings ??= sections.find((section) => section.name === expected.regularMeetings);
      if (sections.map((section) => section.name).join("|") === expected.pipeline.join("|")) pipeline = sections;
    }
    expect(meetings).toBeDefined();
    expect((await tasksIn(`/sections/${meetings?.gid}/tasks`, "name")).length).toBeGreaterThanOrEqual(3);
    expect(pipeline).toBeDefined();
  });

  it("signs the demo people in with the demo password and leaves no loader tokens behind", async () => {
    for (const email of [DEMO_ADMIN_EMAIL, DEMO_GUEST_EMAIL]) {
      const login = await client(t).post("/auth/login", { email, password: DEMO_PASSWORD });
      expect(login.status, email).toBe(200);
    }
    const tokensOfAdmin = await as("admin").get("/personal_access_tokens");
    expect(tokensOfAdmin.body.data.map((token: Named) => token.name)).toEqual(["test"]);
  });

  it("has a Scrum project with two completed sprints, an active one, a burndown and a velocity", async () => {
    const scrumName = language === "ru" ? "Продуктовая команда" : "Product team";
    const scrum = (await projectsOf("admin")).find((project) => project.name === scrumName);
    expect(scrum).toBeDefined();
    expect((await as("admin").get(`/projects/${scrum?.gid}`)).body.data.scrum_enabled).toBe(true);
    const sprints = (await as("member").get(`/projects/${scrum?.gid}/sprints`)).body.data;
    const states = sprints.map((sprint: { state: string }) => sprint.state).sort();
    expect(states).toEqual(["active", "completed", "completed"]);
    const active = sprints.find((sprint: { state: string }) => sprint.state === "active");
    const burndown = (await as("member").get(`/sprints/${active.gid}/burndown`)).body.data;
    const actual = burndown.days.filter(
      (entry: { remaining_points: number | null }) => entry.remaining_points !== null,
    );
    expect(actual.length).toBeGreaterThanOrEqual(3);
    expect(actual[0].remaining_points).toBeGreaterThan(actual.at(-1).remaining_points);
    const velocity = (await as("member").get(`/projects/${scrum?.gid}/velocity`)).body.data;
    expect(velocity.sprints).toHaveLength(2);
    expect(velocity.sprints.every((row: { completed_points: number }) => row.completed_points > 0)).toBe(true);
    const backlog = (await as("member").get(`/projects/${scrum?.gid}/backlog?opt_fields=story_points`)).body.data;
    expect(backlog.length).toBeGreaterThanOrEqual(4);
  });

  it("refuses to be loaded again through the setup page", async () => {
    const again = await client(t).post("/setup", { demo: true, language });
    expect(again.status).toBe(403);
  });
});

describe("loading the demo", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it("loads from the setup page and signs the admin in", async () => {
    expect((await client(t).get("/setup")).body.data.needs_setup).toBe(true);
    const response = await fetch(`${t.api}/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: { demo: true, language: "ru" } }),
    });
    const body = (await response.json()) as { data: { email: string; workspaces: Named[] } };
    expect(response.status).toBe(200);
    expect(body.data.email).toBe(DEMO_ADMIN_EMAIL);
    expect(body.data.workspaces[0].name).toBe(EXPECTED.ru.workspace);
    expect(response.headers.get("set-cookie")).toMatch(/takt_session=/);
    expect((await client(t).get("/setup")).body.data.needs_setup).toBe(false);
  }, 60_000);

  it("names the failing call when the API refuses a step", async () => {
    const user = await t.handle.db
      .selectFrom("users")
      .select("gid")
      .where("email", "=", DEMO_ADMIN_EMAIL)
      .executeTakeFirstOrThrow();
    const { token } = await createAccessToken(t.handle.db, user.gid, "test");
    const api = demoApi(t.app, token, DEMO_ADMIN_EMAIL);
    const failure = await api.post("/tasks", { name: 5 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DemoLoadError);
    expect((failure as Error).message).toMatch(/^POST \/tasks as admin@demo\.takt answered 400: name/);
    await expect(loadDemo(t.app, "en")).rejects.toThrow(/Loading the demo failed: .*already exists/);
  });
});
