import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientOnboarding, scrumTeam } from "../src/domain/templates/gallery.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// A column that means done (a section with marks_complete): moving a card in completes the task, moving it out
// reopens it, through every way a task moves (the section API, addProject, a rule), so the sprint's points agree.
let t: TestApp;
let worker: ReturnType<typeof startWorker>;
let workspace: { gid: string };
let lead: TestUser;
let viewer: TestUser;
let project: { gid: string; sections: { gid: string; name: string }[] };

const as = (user: TestUser) => client(t, user.token);
const section = (name: string) => project.sections.find((item) => item.name === name)!.gid;

async function completed(taskGid: string) {
  return (await as(lead).get(`/tasks/${taskGid}?opt_fields=completed`)).body.data.completed as boolean;
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  viewer = await makeUser(t, workspace.gid, "member", "Vera Viewer");
  project = await makeProject(t, workspace.gid, {
    name: "Mobile app",
    members: [
      { user: lead, access: "admin" },
      { user: viewer, access: "viewer" },
    ],
    sections: ["To do", "In progress", "Done"],
  });
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

async function finishedJob(jobGid: string) {
  let job: { status: string; new_project?: { gid: string }; new_project_template?: { gid: string } } = {
    status: "",
  };
  await expect
    .poll(
      async () => {
        job = (await as(lead).get(`/jobs/${jobGid}`)).body.data;
        return job.status;
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe("succeeded");
  return job;
}

describe("columns that mean done", () => {
  it("sets and clears the flag on a section; a viewer may not; bad input names the field", async () => {
    const plain = await as(lead).get(`/sections/${section("Done")}`);
    expect(plain.body.data.marks_complete).toBe(false);
    const refused = await as(viewer).put(`/sections/${section("Done")}`, { marks_complete: true });
    expect(refused.status).toBe(403);
    const bad = await as(lead).put(`/sections/${section("Done")}`, { marks_complete: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^marks_complete: /);
    const set = await as(lead).put(`/sections/${section("Done")}`, { marks_complete: true });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ name: "Done", marks_complete: true });
    const listed = await as(lead).get(`/projects/${project.gid}/sections?opt_fields=name,marks_complete`);
    expect(listed.body.data.map((item: { marks_complete: boolean }) => item.marks_complete)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("completes a task moved into the column and reopens it when it moves out; a reorder inside changes nothing", async () => {
    const task = await makeTask(t, workspace.gid, {
      name: "Sign-in screen",
      project,
      section: { gid: section("To do") },
    });
    const other = await makeTask(t, workspace.gid, { name: "Dark theme", project, section: { gid: section("To do") } });
    await as(lead).post(`/sections/${section("Done")}/addTask`, { task: task.gid });
    expect(await completed(task.gid)).toBe(true);
    const story = await as(lead).get(`/tasks/${task.gid}/stories`);
    expect(story.body.data.map((item: { resource_subtype: string }) => item.resource_subtype)).toContain(
      "marked_complete",
    );
    await as(lead).post(`/sections/${section("Done")}/addTask`, { task: other.gid, insert_after: task.gid });
    // Reopened by hand inside the column, then reordered there: it stays as the person left it.
    await as(lead).put(`/tasks/${other.gid}`, { completed: false });
    await as(lead).post(`/sections/${section("Done")}/addTask`, { task: other.gid, insert_before: task.gid });
    expect(await completed(other.gid)).toBe(false);
    await as(lead).post(`/tasks/${task.gid}/addProject`, { project: project.gid, section: section("In progress") });
    expect(await completed(task.gid)).toBe(false);
    // Between two ordinary columns nothing changes.
    await as(lead).put(`/tasks/${task.gid}`, { completed: true });
    await as(lead).post(`/sections/${section("To do")}/addTask`, { task: task.gid });
    expect(await completed(task.gid)).toBe(true);
  });

  it("a task created in the column is done; a refused move changes nothing", async () => {
    const created = await as(lead).post("/tasks", {
      name: "Release notes",
      memberships: [{ project: project.gid, section: section("Done") }],
    });
    expect(created.status).toBe(201);
    expect(await completed(created.body.data.gid)).toBe(true);
    const task = await makeTask(t, workspace.gid, { name: "Push", project, section: { gid: section("To do") } });
    const refused = await as(viewer).post(`/sections/${section("Done")}/addTask`, { task: task.gid });
    expect(refused.status).toBe(403);
    expect(await completed(task.gid)).toBe(false);
  });

  it("a rule that moves a task into the column completes it too", async () => {
    const rule = await as(lead).post("/rules", {
      project: project.gid,
      name: "Approved → Done",
      trigger: { type: "task_moved_to_section", section: section("In progress") },
      actions: [{ type: "move_to_section", section: section("Done") }],
    });
    expect(rule.status).toBe(201);
    const task = await makeTask(t, workspace.gid, {
      name: "Offline mode",
      project,
      section: { gid: section("To do") },
    });
    await as(lead).post(`/sections/${section("In progress")}/addTask`, { task: task.gid });
    await expect.poll(() => completed(task.gid), { timeout: 15_000, interval: 200 }).toBe(true);
  });

  it("counts the sprint's points when a card is moved into the column", async () => {
    expect((await as(lead).post(`/projects/${project.gid}/scrum`, { scrum_enabled: true })).status).toBe(200);
    const sprint = await as(lead).post(`/projects/${project.gid}/sprints`, { name: "Sprint 1" });
    const task = await makeTask(t, workspace.gid, { name: "Payments", project, section: { gid: section("To do") } });
    await as(lead).put(`/tasks/${task.gid}`, { story_points: 5, sprint: sprint.body.data.gid });
    expect((await as(lead).get(`/sprints/${sprint.body.data.gid}`)).body.data.completed_points).toBe(0);
    await as(lead).post(`/sections/${section("Done")}/addTask`, { task: task.gid });
    expect((await as(lead).get(`/sprints/${sprint.body.data.gid}`)).body.data.completed_points).toBe(5);
  });

  it("templates keep the flag: the gallery's Done columns mean done, a saved project keeps its own", async () => {
    const saved = await as(lead).post(`/projects/${project.gid}/saveAsTemplate`, {
      name: "Mobile template",
      public: true,
    });
    expect(saved.status).toBe(201);
    const template = (await finishedJob(saved.body.data.gid)).new_project_template!.gid;
    const made = await as(lead).post(`/project_templates/${template}/instantiateProject`, { name: "Mobile app 2" });
    expect(made.status).toBe(201);
    const projectGid = (await finishedJob(made.body.data.gid)).new_project!.gid;
    const sections = await as(lead).get(`/projects/${projectGid}/sections?opt_fields=name,marks_complete`);
    expect(sections.body.data.map((item: { name: string; marks_complete: boolean }) => item)).toEqual([
      expect.objectContaining({ name: "To do", marks_complete: false }),
      expect.objectContaining({ name: "In progress", marks_complete: false }),
      expect.objectContaining({ name: "Done", marks_complete: true }),
    ]);
    // The gallery's boards, in the workspace's language, with their last column meaning done.
    expect(scrumTeam(true).sections.map((item) => item.name)).toEqual([
      "Бэклог",
      "Спринт",
      "В работе",
      "На проверке",
      "Готово",
    ]);
    expect(clientOnboarding(true).sections.at(-1)).toEqual({ name: "Готово", marks_complete: true });
    expect(clientOnboarding(false).sections.at(-1)).toEqual({ name: "Done", marks_complete: true });
  });
});
