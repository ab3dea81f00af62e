import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let lead: TestUser;
let clientBoard: Awaited<ReturnType<typeof makeProject>>;
let curatorBoard: Awaited<ReturnType<typeof makeProject>>;

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  clientBoard = await makeProject(t, workspace.gid, {
    name: "Client board",
    sections: ["Onboarding", "In work", "QA", "Done"],
  });
  curatorBoard = await makeProject(t, workspace.gid, { name: "Curator board", sections: ["Today", "Later"] });
});
afterAll(() => t?.close());

const names = (answer: { body: { data: { name: string }[] } }) => answer.body.data.map((task) => task.name);

async function newTask(data: Record<string, unknown>) {
  const answer = await client(t, lead.token).post("/tasks", data);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.data as { gid: string; name: string; [key: string]: any };
}

async function sectionEvents(taskGid: string) {
  const rows = await t.handle.db
    .selectFrom("events")
    .select(["action", "parent_type", "parent_gid"])
    .where("resource_gid", "=", Number(taskGid))
    .where("parent_type", "in", ["project", "section"])
    .orderBy("id")
    .execute();
  return rows.map((row) => `${row.action} ${row.parent_type} ${row.parent_gid}`);
}

async function orderKeys(sectionGid: string) {
  const rows = await t.handle.db
    .selectFrom("task_memberships")
    .select(["task_gid", "order_key"])
    .where("section_gid", "=", Number(sectionGid))
    .execute();
  return new Map(rows.map((row) => [String(row.task_gid), row.order_key]));
}

describe("multi-homing", () => {
  it("puts one task into a second project, in a chosen section, and shows both memberships", async () => {
    const api = client(t, lead.token);
    const task = await newTask({ name: "Landing page", projects: [clientBoard.gid] });
    const added = await api.post(`/tasks/${task.gid}/addProject`, {
      project: curatorBoard.gid,
      section: curatorBoard.sections[1].gid,
    });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ data: {} });
    const full = await api.get(`/tasks/${task.gid}`);
    expect(full.body.data.memberships).toEqual([
      {
        project: { gid: clientBoard.gid, resource_type: "project", name: "Client board" },
        section: { gid: clientBoard.sections[0].gid, resource_type: "section", name: "Onboarding" },
      },
      {
        project: { gid: curatorBoard.gid, resource_type: "project", name: "Curator board" },
        section: { gid: curatorBoard.sections[1].gid, resource_type: "section", name: "Later" },
      },
    ]);
    expect(full.body.data.projects.map((project: { name: string }) => project.name)).toEqual([
      "Client board",
      "Curator board",
    ]);
    expect(names(await api.get(`/projects/${curatorBoard.gid}/tasks`))).toContain("Landing page");
    expect(names(await api.get(`/sections/${curatorBoard.sections[1].gid}/tasks`))).toContain("Landing page");
    expect(names(await api.get(`/projects/${clientBoard.gid}/tasks`))).toContain("Landing page");
    expect(await sectionEvents(task.gid)).toEqual([
      `added project ${clientBoard.gid}`,
      `added section ${clientBoard.sections[0].gid}`,
      `added project ${curatorBoard.gid}`,
      `added section ${curatorBoard.sections[1].gid}`,
    ]);
  });

  it("moves a task within a project when addProject is called again, keeping one membership there", async () => {
    const api = client(t, lead.token);
    const task = await newTask({ name: "Moving task", projects: [clientBoard.gid, curatorBoard.gid] });
    const moved = await api.post(`/tasks/${task.gid}/addProject`, {
      project: clientBoard.gid,
      section: clientBoard.sections[2].gid,
    });
    expect(moved.status).toBe(200);
    const memberships = (await api.get(`/tasks/${task.gid}`)).body.data.memberships;
    expect(memberships.map((membership: any) => membership.section.name)).toEqual(["QA", "Today"]);
    const rows = await t.handle.db
      .selectFrom("task_memberships")
      .select("project_gid")
      .where("task_gid", "=", Number(task.gid))
      .execute();
    expect(rows).toHaveLength(2);
    // Without a place asked for, a second addProject leaves the task where it is.
    await api.post(`/tasks/${task.gid}/addProject`, { project: clientBoard.gid });
    expect((await api.get(`/tasks/${task.gid}`)).body.data.memberships[0].section.name).toBe("QA");
    expect((await sectionEvents(task.gid)).at(-1)).toBe(`added section ${clientBoard.sections[2].gid}`);
  });

  it("removes a task from one project and keeps it in the other", async () => {
    const api = client(t, lead.token);
    const task = await newTask({ name: "Two homes", projects: [clientBoard.gid, curatorBoard.gid] });
    const answer = await api.post(`/tasks/${task.gid}/removeProject`, { project: curatorBoard.gid });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: {} });
    const full = (await api.get(`/tasks/${task.gid}`)).body.data;
    expect(full.projects.map((project: { gid: string }) => project.gid)).toEqual([clientBoard.gid]);
    expect(names(await api.get(`/projects/${curatorBoard.gid}/tasks`))).not.toContain("Two homes");
    expect((await sectionEvents(task.gid)).at(-1)).toBe(`removed project ${curatorBoard.gid}`);
    // Removing it again is harmless and records nothing.
    const before = (await sectionEvents(task.gid)).length;
    expect((await api.post(`/tasks/${task.gid}/removeProject`, { project: curatorBoard.gid })).status).toBe(200);
    expect((await sectionEvents(task.gid)).length).toBe(before);
  });

  it("adds a task to a section of a project it is not in yet", async () => {
    const api = client(t, lead.token);
    const task = await newTask({ name: "From my tasks", workspace: workspace.gid });
    const answer = await api.post(`/sections/${curatorBoard.sections[0].gid}/addTask`, { task: task.gid });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: {} });
    const full = (await api.get(`/tasks/${task.gid}`)).body.data;
    expect(full.memberships).toEqual([
      {
        project: { gid: curatorBoard.gid, resource_type: "project", name: "Curator board" },
        section: { gid: curatorBoard.sections[0].gid, resource_type: "section", name: "Today" },
      },
    ]);
    expect(await sectionEvents(task.gid)).toEqual([
      `added project ${curatorBoard.gid}`,
      `added section ${curatorBoard.sections[0].gid}`,
    ]);
  });
});

describe("ordering", () => {
  let board: Awaited<ReturnType<typeof makeProject>>;
  let todo: string;
  let doing: string;
  const gids: Record<string, string> = {};

  beforeAll(async () => {
    board = await makeProject(t, workspace.gid, { name: "Ordering", sections: ["To do", "Doing"] });
    todo = board.sections[0].gid;
    doing = board.sections[1].gid;
    for (const name of ["a", "b", "c", "d"]) gids[name] = (await newTask({ name, projects: [board.gid] })).gid;
  });

  const sectionNames = async (section: string) => names(await client(t, lead.token).get(`/sections/${section}/tasks`));

  it("moves within a section with insert_before and insert_after, writing one row per move", async () => {
    const api = client(t, lead.token);
    expect(await sectionNames(todo)).toEqual(["a", "b", "c", "d"]);
    const before = await orderKeys(todo);
    const eventsBefore = (await sectionEvents(gids.d)).length;
    expect((await api.post(`/sections/${todo}/addTask`, { task: gids.d, insert_before: gids.b })).status).toBe(200);
    // A reorder is told too (boards follow it live), as a placement in the same section.
    expect((await sectionEvents(gids.d)).slice(eventsBefore)).toEqual([`added section ${todo}`]);
    expect(await sectionNames(todo)).toEqual(["a", "d", "b", "c"]);
    const after = await orderKeys(todo);
    for (const name of ["a", "b", "c"]) expect(after.get(gids[name])).toBe(before.get(gids[name]));
    expect(after.get(gids.d)).not.toBe(before.get(gids.d));

    await api.post(`/sections/${todo}/addTask`, { task: gids.a, insert_after: gids.c });
    expect(await sectionNames(todo)).toEqual(["d", "b", "c", "a"]);
    await api.post(`/tasks/${gids.c}/addProject`, { project: board.gid, insert_before: gids.d });
    expect(await sectionNames(todo)).toEqual(["c", "d", "b", "a"]);
    await api.post(`/tasks/${gids.c}/addProject`, { project: board.gid, section: todo, insert_before: null });
    expect(await sectionNames(todo)).toEqual(["d", "b", "a", "c"]);
    await api.post(`/tasks/${gids.c}/addProject`, { project: board.gid, section: todo, insert_after: null });
    expect(await sectionNames(todo)).toEqual(["c", "d", "b", "a"]);
  });

  it("moves across sections: to the top by default with sections/addTask, next to an anchor with addProject", async () => {
    const api = client(t, lead.token);
    await api.post(`/sections/${doing}/addTask`, { task: gids.b });
    await api.post(`/sections/${doing}/addTask`, { task: gids.a });
    expect(await sectionNames(doing)).toEqual(["a", "b"]);
    await api.post(`/tasks/${gids.d}/addProject`, { project: board.gid, insert_after: gids.a });
    expect(await sectionNames(doing)).toEqual(["a", "d", "b"]);
    expect(await sectionNames(todo)).toEqual(["c"]);
    await api.post(`/tasks/${gids.c}/addProject`, { project: board.gid, section: doing });
    expect(await sectionNames(doing)).toEqual(["a", "d", "b", "c"]);
    expect(names(await api.get(`/projects/${board.gid}/tasks`))).toEqual(["a", "d", "b", "c"]);
    // The project's list follows section order: moving one back to "To do" puts it first.
    await api.post(`/tasks/${gids.b}/addProject`, { project: board.gid, section: todo });
    expect(names(await api.get(`/projects/${board.gid}/tasks`))).toEqual(["b", "a", "d", "c"]);
    expect(await sectionEvents(gids.b)).toEqual([
      `added project ${board.gid}`,
      `added section ${todo}`,
      `added section ${doing}`,
      `added section ${todo}`,
    ]);
  });

  it("refuses anchors that are not in the project or section", async () => {
    const api = client(t, lead.token);
    const stranger = await newTask({ name: "elsewhere", projects: [curatorBoard.gid] });
    const outside = await api.post(`/tasks/${gids.a}/addProject`, { project: board.gid, insert_before: stranger.gid });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].message).toMatch(/^insert_before: /);
    const wrongSection = await api.post(`/tasks/${gids.a}/addProject`, {
      project: board.gid,
      section: todo,
      insert_after: gids.d,
    });
    expect(wrongSection.status).toBe(400);
    expect(wrongSection.body.errors[0].message).toMatch(/^insert_after: .*section/);
    const both = await api.post(`/sections/${doing}/addTask`, {
      task: gids.a,
      insert_before: gids.d,
      insert_after: gids.c,
    });
    expect(both.status).toBe(400);
    expect(await sectionNames(doing)).toEqual(["a", "d", "c"]);
  });
});
