import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLE_CURATOR, ROLE_DESIGNER } from "../src/domain/templates/gallery.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import {
  client,
  makeOnboardingTemplate,
  makeProject,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let ws: { gid: string };
let admin: TestUser;
let curator: TestUser;
let designer: TestUser;
let guest: TestUser;
let outsider: TestUser;
let team: { gid: string };
let templateGid: string;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

async function finished(token: string, jobGid: string) {
  const answer = await until(
    () => client(t, token).get(`/jobs/${jobGid}`),
    (job) => ["succeeded", "failed"].includes(job.body?.data?.status),
  );
  return answer.body.data;
}

beforeAll(async () => {
  t = await startTestApp();
  worker = startWorker(t.app.takt, { pollMs: 25 });
  ws = await makeWorkspace(t);
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
  curator = await makeUser(t, ws.gid, "member", "Carl Curator");
  designer = await makeUser(t, ws.gid, "member", "Dina Designer");
  guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
  outsider = await makeUser(t, null, "member", "Olga Outsider");
  team = await makeTeam(t, ws.gid, "Production", [admin, curator]);
  templateGid = await makeOnboardingTemplate(t, ws.gid, admin);
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

describe("project templates", () => {
  it("lists and reads the gallery for workspace members, not guests or outsiders", async () => {
    const list = await client(t, curator.token).get(`/project_templates?workspace=${ws.gid}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((item: { name: string }) => item.name)).toContain("Client onboarding");
    const one = await client(t, curator.token).get(`/project_templates/${templateGid}`);
    expect(one.body.data.requested_roles.map((role: { name: string }) => role.name)).toEqual(["Curator", "Designer"]);
    expect(one.body.data.requested_dates[0]).toMatchObject({ gid: "1", name: "Start date" });
    expect((await client(t, guest.token).get(`/project_templates/${templateGid}`)).status).toBe(404);
    expect((await client(t, outsider.token).get(`/project_templates/${templateGid}`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/project_templates?workspace=${ws.gid}`)).status).toBe(403);
  });

  it("instantiates Client onboarding with roles and a start date: relative due dates skip weekends", async () => {
    const answer = await client(t, curator.token).post(`/project_templates/${templateGid}/instantiateProject`, {
      name: "Acme onboarding",
      team: team.gid,
      public: true,
      // A Friday: working days skip the weekend.
      requested_dates: [{ gid: "1", value: "2025-03-07" }],
      requested_roles: [
        { gid: ROLE_CURATOR, value: curator.gid },
        { gid: ROLE_DESIGNER, value: designer.gid },
      ],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({ resource_type: "job", status: "queued" });
    const job = await finished(curator.token, answer.body.data.gid);
    expect(job.status).toBe("succeeded");
    const projectGid = job.new_project.gid;
    const api = client(t, curator.token);
    const sections = await api.get(`/projects/${projectGid}/sections`);
    expect(sections.body.data.map((section: { name: string }) => section.name)).toEqual([
      "Onboarding",
      "In work",
      "QA",
      "Done",
    ]);
    const tasks = await api.get(
      `/projects/${projectGid}/tasks?opt_fields=name,due_on,assignee,memberships.section.name,num_subtasks,dependencies`,
    );
    const byName = new Map(tasks.body.data.map((task: { name: string }) => [task.name, task]));
    const expectTask = (name: string, due: string, assignee: TestUser | null, section: string) => {
      const task = byName.get(name) as Record<string, any>;
      expect(task, name).toBeDefined();
      expect(task.due_on, name).toBe(due);
      expect(task.assignee?.gid ?? null, name).toBe(assignee?.gid ?? null);
      expect(task.memberships[0].section.name, name).toBe(section);
      return task;
    };
    expectTask("Kick-off call with the client", "2025-03-07", curator, "Onboarding");
    const brief = expectTask("Collect the brief", "2025-03-11", curator, "Onboarding");
    expectTask("Design concept", "2025-03-14", designer, "In work");
    expectTask("Client review of the concept", "2025-03-18", curator, "QA");
    expect(brief.num_subtasks).toBe(2);
    expect(brief.dependencies.map((task: { name: string }) => task.name)).toEqual(["Kick-off call with the client"]);
    const subtasks = await api.get(`/tasks/${brief.gid}/subtasks?opt_fields=name,due_on,assignee`);
    expect(subtasks.body.data).toMatchObject([
      { name: "Brand assets and logins", due_on: "2025-03-10", assignee: { gid: curator.gid } },
      { name: "Competitors and references", due_on: "2025-03-11", assignee: null },
    ]);
    const rules = await api.get(`/rules?project=${projectGid}`);
    const done = sections.body.data[3].gid;
    expect(rules.body.data[0]).toMatchObject({
      name: "Completed → Done",
      actions: [{ type: "move_to_section", section: done }],
    });
  });

  it("refuses bad input and missing permissions, writing nothing", async () => {
    const before = await t.handle.db.selectFrom("projects").select("gid").execute();
    const path = `/project_templates/${templateGid}/instantiateProject`;
    expect((await client(t, curator.token).post(path, { team: team.gid })).body.errors[0].message).toMatch(/^name/);
    const badRole = await client(t, curator.token).post(path, {
      name: "X",
      team: team.gid,
      requested_roles: [{ gid: ROLE_CURATOR, value: outsider.gid }],
    });
    expect(badRole.status).toBe(404);
    expect(badRole.body.errors[0].message).toMatch(/^requested_roles\.0\.value/);
    const badDate = await client(t, curator.token).post(path, {
      name: "X",
      team: team.gid,
      requested_dates: [{ gid: "1", value: "tomorrow" }],
    });
    expect(badDate.status).toBe(400);
    expect((await client(t, guest.token).post(path, { name: "X", team: team.gid })).status).toBe(404);
    expect((await client(t, outsider.token).post(path, { name: "X", team: team.gid })).status).toBe(404);
    // A template of another workspace cannot be used from here.
    const other = await makeWorkspace(t, "Other agency");
    const otherTeam = await makeTeam(t, other.gid, "Elsewhere");
    const wrongTeam = await client(t, admin.token).post(path, { name: "X", team: otherTeam.gid });
    expect(wrongTeam.status).toBe(404);
    expect((await client(t, curator.token).get("/jobs/123456789")).status).toBe(404);
    const after = await t.handle.db.selectFrom("projects").select("gid").execute();
    expect(after.length).toBe(before.length);
  });

  it("saves a project as a template and round-trips it", async () => {
    const source = await makeProject(t, ws.gid, {
      name: "Source",
      members: [{ user: curator, access: "admin" }],
      sections: ["To do", "Done"],
    });
    const api = client(t, curator.token);
    await api.put(`/projects/${source.gid}`, { start_on: "2025-06-02" });
    const first = await api.post("/tasks", {
      name: "First",
      notes: "Read me",
      assignee: designer.gid,
      due_on: "2025-06-04",
      memberships: [{ project: source.gid, section: source.sections[0].gid }],
    });
    await api.post(`/tasks/${first.body.data.gid}/subtasks`, { name: "Sub" });
    await api.post("/tasks", {
      name: "Second",
      memberships: [{ project: source.gid, section: source.sections[1].gid }],
    });
    const saved = await api.post(`/projects/${source.gid}/saveAsTemplate`, {
      name: "Reusable",
      team: team.gid,
      public: true,
    });
    expect(saved.status).toBe(201);
    const job = await finished(curator.token, saved.body.data.gid);
    expect(job.status).toBe("succeeded");
    const template = await api.get(`/project_templates/${job.new_project_template.gid}`);
    expect(template.body.data).toMatchObject({ name: "Reusable", sections: ["To do", "Done"], num_tasks: 3 });
    const role = template.body.data.requested_roles[0];
    const again = await api.post(`/project_templates/${template.body.data.gid}/instantiateProject`, {
      name: "Copy",
      team: team.gid,
      requested_dates: [{ gid: "1", value: "2025-09-01" }],
      requested_roles: [{ gid: role.gid, value: curator.gid }],
    });
    const made = await finished(curator.token, again.body.data.gid);
    const tasks = await api.get(
      `/projects/${made.new_project.gid}/tasks?opt_fields=name,notes,due_on,assignee,num_subtasks`,
    );
    expect(tasks.body.data).toMatchObject([
      { name: "First", notes: "Read me", due_on: "2025-09-03", assignee: { gid: curator.gid }, num_subtasks: 1 },
      { name: "Second", due_on: null, assignee: null },
    ]);
    const denied = await client(t, guest.token).post(`/projects/${source.gid}/saveAsTemplate`, {
      name: "N",
      public: true,
    });
    expect(denied.status).toBe(404);
  });
});

describe("project templates: people and fields", () => {
  it("keeps custom field settings, and leaves a departed person's tasks unassigned with a note", async () => {
    const temp = await makeUser(t, ws.gid, "member", "Tom Temp");
    const source = await makeProject(t, ws.gid, {
      name: "With fields",
      members: [
        { user: curator, access: "admin" },
        { user: temp, access: "editor" },
      ],
      sections: ["To do"],
    });
    const api = client(t, curator.token);
    const field = await api.post("/custom_fields", { workspace: ws.gid, name: "Budget", resource_subtype: "number" });
    expect(field.status).toBe(201);
    await api.post(`/projects/${source.gid}/addCustomFieldSetting`, { custom_field: field.body.data.gid });
    await api.post("/tasks", {
      name: "Temp's task",
      assignee: temp.gid,
      memberships: [{ project: source.gid, section: source.sections[0].gid }],
    });
    const saved = await api.post(`/projects/${source.gid}/saveAsTemplate`, { name: "Fields", public: true });
    const job = await finished(curator.token, saved.body.data.gid);
    expect(job.status).toBe("succeeded");
    const removed = await client(t, admin.token).post(`/workspaces/${ws.gid}/removeUser`, { user: temp.gid });
    expect(removed.status).toBe(200);
    const again = await api.post(`/project_templates/${job.new_project_template.gid}/instantiateProject`, {
      name: "Fields copy",
      public: true,
      requested_dates: [{ gid: "1", value: "2025-09-01" }],
    });
    const made = await finished(curator.token, again.body.data.gid);
    expect(made.status).toBe("succeeded");
    const settings = await api.get(`/projects/${made.new_project.gid}/custom_field_settings`);
    expect(settings.body.data.map((setting: { custom_field: { gid: string } }) => setting.custom_field.gid)).toEqual([
      field.body.data.gid,
    ]);
    const tasks = await api.get(`/projects/${made.new_project.gid}/tasks?opt_fields=name,assignee`);
    expect(tasks.body.data).toMatchObject([{ name: "Temp's task", assignee: null }]);
    const stories = await api.get(`/tasks/${tasks.body.data[0].gid}/stories`);
    expect(stories.body.data.map((story: { text: string }) => story.text)).toContain(
      'Created from a template unassigned: nobody was given the role "Tom Temp".',
    );
  });
});

describe("project templates: forms", () => {
  it("carries a project's forms, aimed at the section of the same name, with a new public link", async () => {
    const source = await makeProject(t, ws.gid, {
      name: "With a form",
      members: [{ user: curator, access: "admin" }],
      sections: ["Inbox", "Requests"],
    });
    const api = client(t, curator.token);
    const form = await api.post(`/projects/${source.gid}/forms`, {
      title: "Client request",
      description: "Tell us what you need",
      fields: [
        { label: "Subject", type: "text", required: true, maps_to: "name" },
        { label: "Kind", type: "select", options: ["Design", "Copy"] },
      ],
      target_section: source.sections[1].gid,
      access: "public_link",
      allow_attachments: true,
    });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    const saved = await api.post(`/projects/${source.gid}/saveAsTemplate`, { name: "Intake", public: true });
    const job = await finished(curator.token, saved.body.data.gid);
    expect(job.status).toBe("succeeded");
    const again = await api.post(`/project_templates/${job.new_project_template.gid}/instantiateProject`, {
      name: "Intake copy",
      public: true,
      requested_dates: [{ gid: "1", value: "2025-09-01" }],
    });
    const made = await finished(curator.token, again.body.data.gid);
    expect(made.status).toBe("succeeded");
    const sections = await api.get(`/projects/${made.new_project.gid}/sections`);
    const requests = sections.body.data.find((section: { name: string }) => section.name === "Requests");
    const forms = await api.get(`/projects/${made.new_project.gid}/forms`);
    expect(forms.status).toBe(200);
    expect(forms.body.data).toHaveLength(1);
    const copy = (await api.get(`/forms/${forms.body.data[0].gid}`)).body.data;
    expect(copy).toMatchObject({
      title: "Client request",
      description: "Tell us what you need",
      fields: form.body.data.fields,
      access: "public_link",
      allow_attachments: true,
      target_section: { gid: requests.gid, name: "Requests" },
      project: { gid: made.new_project.gid },
    });
    expect(copy.gid).not.toBe(form.body.data.gid);
    expect(copy.public_url).not.toBe(form.body.data.public_url);
    // The source keeps its own form.
    expect((await api.get(`/projects/${source.gid}/forms`)).body.data).toHaveLength(1);
  });
});

describe("task templates", () => {
  it("creates from a definition or a task, instantiates, and fills a section's new tasks", async () => {
    const project = await makeProject(t, ws.gid, {
      privacy: "private",
      members: [{ user: curator, access: "editor" }],
      sections: ["Requests", "Bots"],
    });
    const api = client(t, curator.token);
    const made = await api.post("/task_templates", {
      project: project.gid,
      name: "Bot build",
      template: {
        name: "New bot",
        notes: "Steps",
        assignee: designer.gid,
        subtasks: [{ name: "Script" }, { name: "Deploy", subtasks: [{ name: "Smoke test" }] }],
      },
    });
    expect(made.status).toBe(201);
    expect(made.body.data.template.subtasks.map((sub: { name: string }) => sub.name)).toEqual(["Script", "Deploy"]);
    expect((await api.get(`/task_templates?project=${project.gid}`)).body.data).toHaveLength(1);
    expect((await client(t, designer.token).get(`/task_templates?project=${project.gid}`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/task_templates/${made.body.data.gid}`)).status).toBe(404);

    const job = await api.post(`/task_templates/${made.body.data.gid}/instantiateTask`, { name: "Bot for Acme" });
    const done = await finished(curator.token, job.body.data.gid);
    expect(done.new_task.name).toBe("Bot for Acme");
    const subtasks = await api.get(`/tasks/${done.new_task.gid}/subtasks`);
    expect(subtasks.body.data.map((sub: { name: string }) => sub.name)).toEqual(["Script", "Deploy"]);

    const fromTask = await api.post("/task_templates", { project: project.gid, task: done.new_task.gid });
    expect(fromTask.body.data.template.subtasks).toHaveLength(2);

    const bots = project.sections[1].gid;
    const set = await api.post(`/sections/${bots}/setDefaultTemplate`, { task_template: made.body.data.gid });
    expect(set.body.data.default_task_template.name).toBe("Bot build");
    const created = await api.post("/tasks", {
      name: "Weather bot",
      memberships: [{ project: project.gid, section: bots }],
    });
    const filled = await until(
      () => api.get(`/tasks/${created.body.data.gid}/subtasks`),
      (answer) => answer.body.data.length >= 2,
    );
    expect(filled.body.data.map((sub: { name: string }) => sub.name)).toEqual(["Script", "Deploy"]);
    // Moved out and back: still only one set of subtasks.
    await api.post(`/sections/${project.sections[0].gid}/addTask`, { task: created.body.data.gid });
    await api.post(`/sections/${bots}/addTask`, { task: created.body.data.gid });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await api.get(`/tasks/${created.body.data.gid}/subtasks`)).body.data).toHaveLength(2);

    expect((await api.post("/task_templates", { project: project.gid })).status).toBe(400);
    expect(
      (await api.post("/task_templates", { project: project.gid, template: { name: "" } })).body.errors[0].message,
    ).toMatch(/^template\.name/);
    expect((await api.post(`/sections/${bots}/setDefaultTemplate`, { task_template: "999" })).status).toBe(404);
    expect((await client(t, designer.token).delete(`/task_templates/${made.body.data.gid}`)).status).toBe(404);
  });
});
