import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let owner: TestUser;
let nosy: TestUser;
let guest: TestUser;
let viewer: TestUser;
let commenter: TestUser;
let secretProject: Awaited<ReturnType<typeof makeProject>>;
let portal: Awaited<ReturnType<typeof makeProject>>;
let openProject: Awaited<ReturnType<typeof makeProject>>;
let secret: { gid: string };
let secretChild: { gid: string };
let shared: { gid: string };

async function newTask(data: Record<string, unknown>, user: TestUser = owner) {
  const answer = await client(t, user.token).post("/tasks", data);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.data as { gid: string; [key: string]: any };
}

async function snapshot() {
  const [tasks, memberships, followers, dependencies, events] = await Promise.all(
    (["tasks", "task_memberships", "task_followers", "task_dependencies", "events"] as const).map((table) =>
      t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("count"))
        .executeTakeFirstOrThrow(),
    ),
  );
  const secretRow = await t.handle.db
    .selectFrom("tasks")
    .selectAll()
    .where("gid", "=", Number(secret.gid))
    .executeTakeFirst();
  return { tasks, memberships, followers, dependencies, events, secretRow };
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  owner = await makeUser(t, workspace.gid, "member", "Olga Owner");
  nosy = await makeUser(t, workspace.gid, "member", "Nick Nosy");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Guest");
  viewer = await makeUser(t, workspace.gid, "member", "Vera Viewer");
  commenter = await makeUser(t, workspace.gid, "member", "Carl Commenter");
  secretProject = await makeProject(t, workspace.gid, {
    name: "Secret project",
    privacy: "private",
    members: [
      { user: owner, access: "editor" },
      { user: viewer, access: "viewer" },
      { user: commenter, access: "commenter" },
    ],
    sections: ["Only", "Second"],
  });
  portal = await makeProject(t, workspace.gid, {
    name: "Client portal",
    privacy: "private",
    members: [
      { user: owner, access: "editor" },
      { user: guest, access: "commenter" },
    ],
  });
  openProject = await makeProject(t, workspace.gid, { name: "Open to the workspace" });
  secret = await newTask({ name: "Secret plan", projects: [secretProject.gid] });
  secretChild = await newTask({ name: "Secret step", parent: secret.gid });
  shared = await newTask({ name: "Shared deliverable", projects: [portal.gid, secretProject.gid] });
});
afterAll(() => t?.close());

describe("a member without access and a guest", () => {
  it("cannot read a private project's tasks, alone or in lists", async () => {
    for (const user of [nosy, guest]) {
      const api = client(t, user.token);
      for (const path of [
        `/tasks/${secret.gid}`,
        `/tasks/${secretChild.gid}`,
        `/tasks/${secret.gid}/subtasks`,
        `/tasks/${secret.gid}/dependencies`,
        `/tasks/${secret.gid}/dependents`,
        `/projects/${secretProject.gid}/tasks`,
        `/tasks?project=${secretProject.gid}`,
        `/sections/${secretProject.sections[0].gid}/tasks`,
        `/tasks?section=${secretProject.sections[0].gid}`,
      ]) {
        const answer = await api.get(path);
        expect(answer.status, `${user.name} GET ${path}`).toBe(404);
        expect(answer.body.errors[0].message).toMatch(/Unknown object/);
      }
      const assigned = await api.get(`/tasks?assignee=${owner.gid}&workspace=${workspace.gid}`);
      if (assigned.status === 200) {
        expect(assigned.body.data.map((task: { gid: string }) => task.gid)).not.toContain(secret.gid);
      }
    }
  });

  it("cannot change a private project's tasks, nor use them by reference; nothing is written", async () => {
    const own = new Map<TestUser, string>();
    for (const user of [nosy, guest]) {
      own.set(user, (await newTask({ name: `${user.name}'s own`, workspace: workspace.gid }, user)).gid);
    }
    const before = await snapshot();
    for (const user of [nosy, guest]) {
      const api = client(t, user.token);
      const attempts: [string, string, unknown][] = [
        ["put", `/tasks/${secret.gid}`, { name: "Hacked" }],
        ["delete", `/tasks/${secret.gid}`, undefined],
        ["post", `/tasks/${secret.gid}/setParent`, { parent: null }],
        ["post", `/tasks/${secret.gid}/addProject`, { project: openProject.gid }],
        ["post", `/tasks/${secret.gid}/removeProject`, { project: secretProject.gid }],
        ["post", `/tasks/${secret.gid}/addFollowers`, { followers: ["me"] }],
        ["post", `/tasks/${secret.gid}/removeFollowers`, { followers: [owner.gid] }],
        ["post", `/tasks/${secret.gid}/addDependencies`, { dependencies: [shared.gid] }],
        ["post", `/tasks/${secret.gid}/addDependents`, { dependents: [shared.gid] }],
        ["post", `/tasks/${secret.gid}/duplicate`, { name: "Copy" }],
        ["post", `/tasks/${secret.gid}/subtasks`, { name: "Sneaky" }],
        ["post", "/tasks", { name: "Sneaky", projects: [secretProject.gid] }],
        ["post", "/tasks", { name: "Sneaky", memberships: [{ project: secretProject.gid }] }],
        ["post", "/tasks", { name: "Sneaky", parent: secret.gid }],
        ["post", `/sections/${secretProject.sections[0].gid}/addTask`, { task: secret.gid }],
      ];
      for (const [method, path, data] of attempts) {
        const answer =
          method === "put"
            ? await api.put(path, data)
            : method === "delete"
              ? await api.delete(path)
              : await api.post(path, data);
        expect(answer.status, `${user.name} ${method} ${path} ${JSON.stringify(data)}`).toBe(404);
      }
      const mine = own.get(user);
      for (const [path, data, field] of [
        [`/tasks/${mine}/setParent`, { parent: secret.gid }, "parent"],
        [`/tasks/${mine}/addDependencies`, { dependencies: [secret.gid] }, "dependencies"],
        [`/tasks/${mine}/addDependents`, { dependents: [secret.gid] }, "dependents"],
        [`/tasks/${mine}/addProject`, { project: secretProject.gid }, "project"],
        [`/sections/${secretProject.sections[0].gid}/addTask`, { task: mine }, "section"],
      ] as const) {
        const answer = await api.post(path, data);
        expect(answer.status, `${user.name} ${path}`).toBe(404);
        expect(answer.body.errors[0].message).toMatch(new RegExp(`^${field}: `));
      }
    }
    const after = await snapshot();
    expect(after.secretRow).toEqual(before.secretRow);
    expect(after.memberships).toEqual(before.memberships);
    expect(after.dependencies).toEqual(before.dependencies);
    expect(after.followers).toEqual(before.followers);
    expect(after.tasks).toEqual(before.tasks);
    expect(after.events).toEqual(before.events);
  });
});

describe("a guest", () => {
  it("sees the tasks of the project shared with them, but not the other projects they live in", async () => {
    const api = client(t, guest.token);
    const list = await api.get(`/projects/${portal.gid}/tasks`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((task: { gid: string }) => task.gid)).toEqual([shared.gid]);
    const task = await api.get(`/tasks/${shared.gid}`);
    expect(task.status).toBe(200);
    expect(task.body.data.projects.map((project: { name: string }) => project.name)).toEqual(["Client portal"]);
    expect(task.body.data.memberships).toHaveLength(1);
    expect(task.body.data.permalink_url).toBe(`${t.url}/projects/${portal.gid}/tasks/${shared.gid}`);
    // The owner sees both homes.
    const full = await client(t, owner.token).get(`/tasks/${shared.gid}`);
    expect(full.body.data.memberships).toHaveLength(2);
  });

  it("does not see tasks of projects public to the workspace, which a member does see", async () => {
    const open = await newTask({ name: "Open task", projects: [openProject.gid] });
    expect((await client(t, guest.token).get(`/tasks/${open.gid}`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/projects/${openProject.gid}/tasks`)).status).toBe(404);
    expect((await client(t, nosy.token).get(`/tasks/${open.gid}`)).status).toBe(200);
    // A member sees it, so may also edit it: public projects give workspace members editor access.
    expect((await client(t, nosy.token).put(`/tasks/${open.gid}`, { name: "Open task, edited" })).status).toBe(200);
  });

  it("can comment-level act on a shared project but not edit it", async () => {
    const api = client(t, guest.token);
    expect((await api.put(`/tasks/${shared.gid}`, { name: "Changed by client" })).status).toBe(403);
    expect((await api.post("/tasks", { name: "Request", projects: [portal.gid] })).status).toBe(403);
    const follow = await api.post(`/tasks/${shared.gid}/addFollowers`, { followers: ["me"] });
    expect(follow.status).toBe(200);
    expect(follow.body.data.followers.map((user: { gid: string }) => user.gid)).toContain(guest.gid);
    // Naming someone else needs edit access; naming someone the guest cannot see is a 404.
    expect((await api.post(`/tasks/${shared.gid}/addFollowers`, { followers: [owner.gid] })).status).toBe(403);
    const hidden = await api.post(`/tasks/${shared.gid}/addFollowers`, { followers: [nosy.gid] });
    expect(hidden.status).toBe(404);
    expect(hidden.body.errors[0].message).toMatch(/^followers: /);
  });

  it("sees and edits a task assigned to them, and cannot assign people they cannot see", async () => {
    const assigned = await newTask({ name: "Approve the mock-up", projects: [secretProject.gid], assignee: guest.gid });
    const api = client(t, guest.token);
    const answer = await api.get(`/tasks/${assigned.gid}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.memberships).toEqual([]);
    const mine = await api.get(`/tasks?assignee=me&workspace=${workspace.gid}`);
    expect(mine.body.data.map((task: { gid: string }) => task.gid)).toEqual([assigned.gid]);
    expect((await api.put(`/tasks/${assigned.gid}`, { completed: true })).status).toBe(200);
    const reassign = await api.put(`/tasks/${assigned.gid}`, { assignee: nosy.gid });
    expect(reassign.status).toBe(404);
    expect(reassign.body.errors[0].message).toMatch(/^assignee: /);
    const byEmail = await api.put(`/tasks/${assigned.gid}`, { assignee: nosy.email });
    expect(byEmail.status).toBe(404);
  });
});

describe("a viewer and a commenter", () => {
  it("read a private project's tasks but get 403 on every change", async () => {
    for (const user of [viewer, commenter]) {
      const api = client(t, user.token);
      expect((await api.get(`/tasks/${secret.gid}`)).status).toBe(200);
      expect((await api.get(`/projects/${secretProject.gid}/tasks`)).status).toBe(200);
      expect((await api.get(`/tasks/${secret.gid}/subtasks`)).status).toBe(200);
      const mine = await newTask({ name: `${user.name}'s note`, workspace: workspace.gid }, user);
      const attempts: [string, string, unknown][] = [
        ["put", `/tasks/${secret.gid}`, { completed: true }],
        ["delete", `/tasks/${secret.gid}`, undefined],
        ["post", `/tasks/${secret.gid}/setParent`, { parent: shared.gid }],
        [
          "post",
          `/tasks/${secret.gid}/addProject`,
          { project: secretProject.gid, section: secretProject.sections[1].gid },
        ],
        ["post", `/tasks/${secret.gid}/removeProject`, { project: secretProject.gid }],
        ["post", `/tasks/${secret.gid}/addDependencies`, { dependencies: [shared.gid] }],
        ["post", `/tasks/${secret.gid}/duplicate`, { name: "Copy" }],
        ["post", `/tasks/${secret.gid}/subtasks`, { name: "Step" }],
        ["post", `/tasks/${secret.gid}/addFollowers`, { followers: [owner.gid, nosy.gid] }],
        ["post", "/tasks", { name: "New", projects: [secretProject.gid] }],
        ["post", `/tasks/${mine.gid}/addProject`, { project: secretProject.gid }],
        ["post", `/sections/${secretProject.sections[1].gid}/addTask`, { task: secret.gid }],
        ["post", `/tasks/${mine.gid}/setParent`, { parent: secret.gid }],
      ];
      for (const [method, path, data] of attempts) {
        const answer =
          method === "put"
            ? await api.put(path, data)
            : method === "delete"
              ? await api.delete(path)
              : await api.post(path, data);
        expect(answer.status, `${user.name} ${method} ${path}`).toBe(403);
      }
    }
    const row = await t.handle.db
      .selectFrom("tasks")
      .selectAll()
      .where("gid", "=", Number(secret.gid))
      .executeTakeFirst();
    expect(row?.completed).toBe(0);
    const memberships = await client(t, owner.token).get(`/tasks/${secret.gid}`);
    expect(memberships.body.data.memberships.map((membership: any) => membership.section.name)).toEqual(["Only"]);
  });

  it("a commenter may follow a task; a viewer may not", async () => {
    expect(
      (await client(t, commenter.token).post(`/tasks/${secret.gid}/addFollowers`, { followers: ["me"] })).status,
    ).toBe(200);
    expect(
      (await client(t, viewer.token).post(`/tasks/${secret.gid}/addFollowers`, { followers: ["me"] })).status,
    ).toBe(403);
  });
});

describe("unauthenticated", () => {
  it("answers 401", async () => {
    expect((await client(t).get(`/tasks/${secret.gid}`)).status).toBe(401);
    expect((await client(t).post("/tasks", { name: "x", workspace: workspace.gid })).status).toBe(401);
  });
});
