import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let anna: TestUser;
let boris: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  anna = await makeUser(t, workspace.gid, "member", "Anna Lead");
  boris = await makeUser(t, workspace.gid, "member", "Boris Designer");
  project = await makeProject(t, workspace.gid, {
    name: "Client site",
    members: [{ user: anna, access: "editor" }],
    sections: ["Onboarding", "In work", "Done"],
  });
});
afterAll(() => t?.close());

const names = (answer: { body: { data: { name: string }[] } }) => answer.body.data.map((task) => task.name);

async function eventsOf(taskGid: string) {
  const rows = await t.handle.db
    .selectFrom("events")
    .selectAll()
    .where("resource_gid", "=", Number(taskGid))
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    action: row.action,
    parent_type: row.parent_type,
    parent_gid: row.parent_gid === null ? null : String(row.parent_gid),
    workspace_gid: String(row.workspace_gid),
    change: row.change ? JSON.parse(row.change) : null,
  }));
}

async function newTask(data: Record<string, unknown>, token = anna.token) {
  const answer = await client(t, token).post("/tasks", data);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.data as { gid: string; name: string; [key: string]: any };
}

describe("creating and reading tasks", () => {
  it("creates a task at the end of the project's first section, with the full record and a Location", async () => {
    const api = client(t, anna.token);
    const first = await newTask({ name: "Kick-off call", projects: [project.gid] });
    const answer = await api.post("/tasks", {
      name: "Collect brand assets",
      projects: [project.gid],
      notes: "Logo, fonts & colours",
      assignee: "me",
      due_on: "2030-05-20",
      start_on: "2030-05-01",
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBe(`/api/1.0/tasks/${answer.body.data.gid}`);
    const task = answer.body.data;
    expect(task).toMatchObject({
      resource_type: "task",
      name: "Collect brand assets",
      resource_subtype: "default_task",
      notes: "Logo, fonts & colours",
      html_notes: "<body>Logo, fonts &amp; colours</body>",
      assignee: { gid: anna.gid, resource_type: "user", name: "Anna Lead" },
      assignee_status: "inbox",
      completed: false,
      completed_at: null,
      completed_by: null,
      due_on: "2030-05-20",
      due_at: null,
      start_on: "2030-05-01",
      created_by: { gid: anna.gid, resource_type: "user" },
      followers: [{ gid: anna.gid, resource_type: "user", name: "Anna Lead" }],
      memberships: [
        {
          project: { gid: project.gid, resource_type: "project", name: "Client site" },
          section: { gid: project.sections[0].gid, resource_type: "section", name: "Onboarding" },
        },
      ],
      projects: [{ gid: project.gid, resource_type: "project", name: "Client site" }],
      parent: null,
      num_subtasks: 0,
      num_likes: 0,
      liked: false,
      hearted: false,
      tags: [],
      workspace: { gid: workspace.gid, resource_type: "workspace", name: workspace.name },
      permalink_url: `${t.url}/projects/${project.gid}/tasks/${task.gid}`,
      dependencies: [],
      dependents: [],
      custom_fields: [],
    });
    expect(task.created_at).toEqual(task.modified_at);
    const section = await api.get(`/sections/${project.sections[0].gid}/tasks`);
    expect(section.body.data.map((row: { gid: string }) => row.gid)).toEqual([first.gid, task.gid]);
    expect(section.body.data[0]).toEqual({
      gid: first.gid,
      resource_type: "task",
      name: "Kick-off call",
      resource_subtype: "default_task",
    });
    expect(await eventsOf(task.gid)).toEqual([
      expect.objectContaining({ action: "added", parent_type: "project", parent_gid: project.gid }),
      expect.objectContaining({ action: "added", parent_type: "section", parent_gid: project.sections[0].gid }),
      expect.objectContaining({
        action: "changed",
        change: {
          field: "assignee",
          action: "changed",
          new_value: { gid: anna.gid, resource_type: "user", name: "Anna Lead" },
          old_value: null,
        },
      }),
    ]);
    expect((await eventsOf(task.gid))[0].workspace_gid).toBe(workspace.gid);
  });

  it("places a task in the section named by memberships, and infers the workspace", async () => {
    const task = await newTask({
      name: "Design review",
      memberships: [{ project: project.gid, section: project.sections[1].gid }],
      resource_subtype: "milestone",
    });
    expect(task.memberships[0].section.name).toBe("In work");
    expect(task.workspace.gid).toBe(workspace.gid);
    expect(task.resource_subtype).toBe("milestone");
  });

  it("creates a private task in a workspace, seen by its creator only", async () => {
    const task = await newTask({
      name: "My own note",
      workspace: workspace.gid,
      html_notes: "<b>bold</b><script>x</script>",
    });
    expect(task.html_notes).toBe("<body><b>bold</b></body>");
    expect(task.notes).toBe("bold");
    expect(task.permalink_url).toBe(`${t.url}/tasks/${task.gid}`);
    expect(await eventsOf(task.gid)).toEqual([
      expect.objectContaining({ action: "added", parent_type: "workspace", parent_gid: workspace.gid }),
    ]);
    expect((await client(t, boris.token).get(`/tasks/${task.gid}`)).status).toBe(404);
    expect((await client(t, anna.token).get(`/tasks/${task.gid}`)).status).toBe(200);
  });

  it("takes assignee by email, followers, and due_at (which sets due_on)", async () => {
    const task = await newTask({
      name: "Call the client",
      workspace: workspace.gid,
      assignee: boris.email,
      followers: [boris.gid],
      due_at: "2030-06-01T15:30:00+02:00",
    });
    expect(task.assignee.gid).toBe(boris.gid);
    expect(task.due_at).toBe("2030-06-01T13:30:00.000Z");
    expect(task.due_on).toBe("2030-06-01");
    expect(task.followers.map((user: { gid: string }) => user.gid).sort()).toEqual([anna.gid, boris.gid].sort());
    expect((await client(t, boris.token).get(`/tasks/${task.gid}`)).status).toBe(200);
  });

  it("answers opt_fields with just the asked fields, including num_comments", async () => {
    const task = await newTask({ name: "Count comments", projects: [project.gid] });
    const answer = await client(t, anna.token).get(
      `/tasks/${task.gid}?opt_fields=name,memberships.section.name,num_comments,assignee`,
    );
    expect(answer.body.data).toEqual({
      gid: task.gid,
      resource_type: "task",
      name: "Count comments",
      memberships: [{ section: { gid: project.sections[0].gid, resource_type: "section", name: "Onboarding" } }],
      num_comments: 0,
      assignee: null,
    });
    // Comments count; the task's other stories (its creation, a rename) do not, on the task and on a board page.
    const api = client(t, anna.token);
    expect((await api.post(`/tasks/${task.gid}/stories`, { text: "Logo approved" })).status).toBe(201);
    expect((await api.put(`/tasks/${task.gid}`, { name: "Count comments again" })).status).toBe(200);
    expect((await api.post(`/tasks/${task.gid}/stories`, { text: "Ship it" })).status).toBe(201);
    expect((await api.get(`/tasks/${task.gid}?opt_fields=num_comments`)).body.data.num_comments).toBe(2);
    const column = await api.get(`/sections/${project.sections[0].gid}/tasks?opt_fields=num_comments,num_subtasks`);
    expect(column.body.data.find((row: { gid: string }) => row.gid === task.gid)).toMatchObject({
      num_comments: 2,
      num_subtasks: 0,
    });
  });
});

describe("changing and deleting tasks", () => {
  it("changes fields, completes a task, and records one event per changed field", async () => {
    const api = client(t, anna.token);
    const task = await newTask({ name: "Draft", projects: [project.gid] });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answer = await api.put(`/tasks/${task.gid}`, {
      name: "Final draft",
      html_notes: "<body><em>ready</em></body>",
      assignee: boris.gid,
      due_on: "2030-01-10",
      completed: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      name: "Final draft",
      notes: "ready",
      html_notes: "<body><em>ready</em></body>",
      assignee: { gid: boris.gid, name: "Boris Designer" },
      due_on: "2030-01-10",
      completed: true,
      completed_by: { gid: anna.gid, resource_type: "user", name: "Anna Lead" },
    });
    expect(answer.body.data.completed_at).toEqual(expect.any(String));
    expect(answer.body.data.modified_at > task.modified_at).toBe(true);
    const changes = (await eventsOf(task.gid))
      .filter((event) => event.action === "changed")
      .map((event) => event.change);
    expect(changes).toEqual([
      { field: "name", action: "changed", new_value: "Final draft", old_value: "Draft" },
      { field: "notes", action: "changed", new_value: "ready", old_value: "" },
      {
        field: "assignee",
        action: "changed",
        new_value: { gid: boris.gid, resource_type: "user", name: "Boris Designer" },
        old_value: null,
      },
      { field: "due_on", action: "changed", new_value: "2030-01-10", old_value: null },
      { field: "completed", action: "changed", new_value: true, old_value: false },
    ]);
    const reopened = await api.put(`/tasks/${task.gid}`, { completed: false, assignee: null, due_on: null });
    expect(reopened.body.data).toMatchObject({
      completed: false,
      completed_at: null,
      completed_by: null,
      assignee: null,
    });
    const last = (await eventsOf(task.gid)).slice(-3).map((event) => event.change);
    expect(last).toEqual([
      {
        field: "assignee",
        action: "changed",
        new_value: null,
        old_value: { gid: boris.gid, resource_type: "user", name: "Boris Designer" },
      },
      { field: "due_on", action: "changed", new_value: null, old_value: "2030-01-10" },
      { field: "completed", action: "changed", new_value: false, old_value: true },
    ]);
  });

  it("records nothing when a PUT changes nothing", async () => {
    const task = await newTask({ name: "Same", projects: [project.gid] });
    const before = (await eventsOf(task.gid)).length;
    const answer = await client(t, anna.token).put(`/tasks/${task.gid}`, { name: "Same" });
    expect(answer.status).toBe(200);
    expect((await eventsOf(task.gid)).length).toBe(before);
  });

  it("deletes a task with its subtasks", async () => {
    const api = client(t, anna.token);
    const task = await newTask({ name: "Temporary", projects: [project.gid] });
    const sub = await newTask({ name: "Temporary child", parent: task.gid });
    const grandchild = await newTask({ name: "Temporary grandchild", parent: sub.gid });
    const answer = await api.delete(`/tasks/${task.gid}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: {} });
    for (const gid of [task.gid, sub.gid, grandchild.gid]) expect((await api.get(`/tasks/${gid}`)).status).toBe(404);
    const left = await t.handle.db
      .selectFrom("tasks")
      .select("gid")
      .where("gid", "in", [task.gid, sub.gid, grandchild.gid].map(Number))
      .execute();
    expect(left).toEqual([]);
    expect((await eventsOf(task.gid)).at(-1)).toMatchObject({
      action: "deleted",
      parent_type: "project",
      parent_gid: project.gid,
    });
    expect((await eventsOf(grandchild.gid)).at(-1)).toMatchObject({ action: "deleted", parent_gid: sub.gid });
  });
});

describe("lists", () => {
  let listProject: Awaited<ReturnType<typeof makeProject>>;
  beforeAll(async () => {
    listProject = await makeProject(t, workspace.gid, { name: "Lists", sections: ["A", "B"] });
    await newTask({ name: "b1", memberships: [{ project: listProject.gid, section: listProject.sections[1].gid }] });
    await newTask({ name: "a1", projects: [listProject.gid], assignee: boris.gid });
    await newTask({ name: "a2", projects: [listProject.gid], completed: true });
    await newTask({ name: "b2", memberships: [{ project: listProject.gid, section: listProject.sections[1].gid }] });
  });

  it("lists a project's tasks by section order, then by place in the section", async () => {
    const api = client(t, anna.token);
    expect(names(await api.get(`/projects/${listProject.gid}/tasks`))).toEqual(["a1", "a2", "b1", "b2"]);
    expect(names(await api.get(`/tasks?project=${listProject.gid}`))).toEqual(["a1", "a2", "b1", "b2"]);
    expect(names(await api.get(`/sections/${listProject.sections[1].gid}/tasks`))).toEqual(["b1", "b2"]);
    expect(names(await api.get(`/tasks?section=${listProject.sections[0].gid}`))).toEqual(["a1", "a2"]);
  });

  it("filters by completed_since and modified_since", async () => {
    const api = client(t, anna.token);
    expect(names(await api.get(`/projects/${listProject.gid}/tasks?completed_since=now`))).toEqual(["a1", "b1", "b2"]);
    expect(names(await api.get(`/projects/${listProject.gid}/tasks?completed_since=2000-01-01T00:00:00Z`))).toEqual([
      "a1",
      "a2",
      "b1",
      "b2",
    ]);
    expect(names(await api.get(`/projects/${listProject.gid}/tasks?completed_since=2999-01-01`))).toEqual([
      "a1",
      "b1",
      "b2",
    ]);
    expect((await api.get(`/projects/${listProject.gid}/tasks?modified_since=2999-01-01T00:00:00Z`)).body.data).toEqual(
      [],
    );
    expect(names(await api.get(`/projects/${listProject.gid}/tasks?modified_since=2000-01-01`))).toHaveLength(4);
  });

  it("lists a person's tasks in a workspace, with assignee=me", async () => {
    const mine = await client(t, boris.token).get(`/tasks?assignee=me&workspace=${workspace.gid}`);
    expect(mine.status).toBe(200);
    expect(names(mine)).toContain("a1");
    const byGid = await client(t, anna.token).get(
      `/tasks?assignee=${boris.gid}&workspace=${workspace.gid}&opt_fields=assignee.name,completed`,
    );
    expect(byGid.body.data.every((task: any) => task.assignee.name === "Boris Designer")).toBe(true);
    expect(byGid.body.data[0]).toEqual({
      gid: expect.any(String),
      resource_type: "task",
      assignee: { gid: boris.gid, resource_type: "user", name: "Boris Designer" },
      completed: false,
    });
  });

  it("returns full records in lists when opt_fields asks for them", async () => {
    const answer = await client(t, anna.token).get(
      `/projects/${listProject.gid}/tasks?opt_fields=name,memberships.section.name,completed`,
    );
    expect(answer.body.data[0]).toEqual({
      gid: expect.any(String),
      resource_type: "task",
      name: "a1",
      memberships: [{ section: { gid: listProject.sections[0].gid, resource_type: "section", name: "A" } }],
      completed: false,
    });
  });

  it("pages through 250 tasks with limit=100, without duplicates or gaps", async () => {
    const big = await makeProject(t, workspace.gid, { name: "Backlog" });
    const created: string[] = [];
    for (let index = 0; index < 250; index += 1) {
      created.push((await newTask({ name: `Item ${index}`, projects: [big.gid] })).gid);
    }
    const api = client(t, anna.token);
    const seen: string[] = [];
    let path = `/projects/${big.gid}/tasks?limit=100`;
    const pageSizes: number[] = [];
    for (;;) {
      const answer = await api.get(path);
      expect(answer.status).toBe(200);
      pageSizes.push(answer.body.data.length);
      seen.push(...answer.body.data.map((task: { gid: string }) => task.gid));
      if (!answer.body.next_page) break;
      path = `/projects/${big.gid}/tasks?limit=100&offset=${answer.body.next_page.offset}`;
    }
    expect(pageSizes).toEqual([100, 100, 50]);
    expect(seen).toEqual(created);
    expect(new Set(seen).size).toBe(250);
  });
});

describe("subtasks and setParent", () => {
  it("creates subtasks in order, with the parent's root and the parent's count", async () => {
    const api = client(t, anna.token);
    const parent = await newTask({ name: "Website", projects: [project.gid] });
    const one = await newTask({ name: "Home page", parent: parent.gid });
    const two = await newTask({ name: "About page", parent: parent.gid });
    const viaPath = await api.post(`/tasks/${parent.gid}/subtasks`, { name: "Contact page" });
    expect(viaPath.status).toBe(201);
    const deep = await newTask({ name: "Hero image", parent: one.gid });
    expect(one.parent).toEqual({
      gid: parent.gid,
      resource_type: "task",
      name: "Website",
      resource_subtype: "default_task",
    });
    expect(one.workspace.gid).toBe(workspace.gid);
    expect(names(await api.get(`/tasks/${parent.gid}/subtasks`))).toEqual(["Home page", "About page", "Contact page"]);
    expect((await api.get(`/tasks/${parent.gid}?opt_fields=num_subtasks`)).body.data.num_subtasks).toBe(3);
    const roots = await t.handle.db
      .selectFrom("tasks")
      .select(["gid", "root_gid"])
      .where("gid", "in", [one.gid, two.gid, deep.gid].map(Number))
      .execute();
    expect(roots.every((row) => String(row.root_gid) === parent.gid)).toBe(true);
    expect(await eventsOf(one.gid)).toEqual([
      expect.objectContaining({ action: "added", parent_type: "task", parent_gid: parent.gid }),
    ]);
    // A subtask of a project task is visible to whoever sees the project.
    expect((await client(t, boris.token).get(`/tasks/${deep.gid}`)).status).toBe(200);
  });

  it("moves subtasks with insert_before and insert_after, and moves whole subtrees", async () => {
    const api = client(t, anna.token);
    const parent = await newTask({ name: "Release", projects: [project.gid] });
    const [a, b, c] = [
      await newTask({ name: "a", parent: parent.gid }),
      await newTask({ name: "b", parent: parent.gid }),
      await newTask({ name: "c", parent: parent.gid }),
    ];
    const moved = await api.post(`/tasks/${c.gid}/setParent`, { parent: parent.gid, insert_before: a.gid });
    expect(moved.status).toBe(200);
    expect(names(await api.get(`/tasks/${parent.gid}/subtasks`))).toEqual(["c", "a", "b"]);
    await api.post(`/tasks/${c.gid}/setParent`, { parent: parent.gid, insert_after: a.gid });
    expect(names(await api.get(`/tasks/${parent.gid}/subtasks`))).toEqual(["a", "c", "b"]);
    await api.post(`/tasks/${b.gid}/setParent`, { parent: parent.gid, insert_after: null });
    expect(names(await api.get(`/tasks/${parent.gid}/subtasks`))).toEqual(["b", "a", "c"]);

    // Move a into another tree: its own subtask follows, with the new root.
    const other = await newTask({ name: "Other root", projects: [project.gid] });
    const child = await newTask({ name: "a's child", parent: a.gid });
    const answer = await api.post(`/tasks/${a.gid}/setParent`, { parent: other.gid });
    expect(answer.body.data.parent.gid).toBe(other.gid);
    expect(names(await api.get(`/tasks/${parent.gid}/subtasks`))).toEqual(["b", "c"]);
    const row = await t.handle.db
      .selectFrom("tasks")
      .select("root_gid")
      .where("gid", "=", Number(child.gid))
      .executeTakeFirst();
    expect(String(row?.root_gid)).toBe(other.gid);
    expect((await eventsOf(a.gid)).at(-1)?.change).toEqual({
      field: "parent",
      action: "changed",
      new_value: { gid: other.gid, resource_type: "task", name: "Other root" },
      old_value: { gid: parent.gid, resource_type: "task" },
    });

    // Unparent: a becomes its own root, and so does its subtree.
    const top = await api.post(`/tasks/${a.gid}/setParent`, { parent: null });
    expect(top.body.data.parent).toBeNull();
    const rows = await t.handle.db
      .selectFrom("tasks")
      .select(["gid", "root_gid"])
      .where("gid", "in", [Number(a.gid), Number(child.gid)])
      .execute();
    expect(rows.every((item) => String(item.root_gid) === a.gid)).toBe(true);
  });

  it("refuses cycles", async () => {
    const api = client(t, anna.token);
    const top = await newTask({ name: "Top", projects: [project.gid] });
    const middle = await newTask({ name: "Middle", parent: top.gid });
    const bottom = await newTask({ name: "Bottom", parent: middle.gid });
    for (const parent of [top.gid, middle.gid, bottom.gid]) {
      const answer = await api.post(`/tasks/${top.gid}/setParent`, { parent });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/^parent: /);
    }
    const unchanged = await api.get(`/tasks/${top.gid}`);
    expect(unchanged.body.data.parent).toBeNull();
  });
});

describe("followers", () => {
  it("adds and removes followers, as an array or a comma-separated string", async () => {
    const api = client(t, anna.token);
    const carl = await makeUser(t, workspace.gid, "member", "Carl Copy");
    const task = await newTask({ name: "Followed", projects: [project.gid] });
    const added = await api.post(`/tasks/${task.gid}/addFollowers`, { followers: [boris.gid, carl.email] });
    expect(added.status).toBe(200);
    expect(added.body.data.followers.map((user: { name: string }) => user.name).sort()).toEqual([
      "Anna Lead",
      "Boris Designer",
      "Carl Copy",
    ]);
    const removed = await api.post(`/tasks/${task.gid}/removeFollowers`, { followers: `${boris.gid},${carl.gid}` });
    expect(removed.body.data.followers.map((user: { gid: string }) => user.gid)).toEqual([anna.gid]);
    const changes = (await eventsOf(task.gid)).filter((event) => event.change?.field === "followers");
    expect(changes.map((event) => event.change)).toEqual([
      { field: "followers", action: "added", added_value: { gid: boris.gid, resource_type: "user" } },
      { field: "followers", action: "added", added_value: { gid: carl.gid, resource_type: "user" } },
      { field: "followers", action: "removed", removed_value: { gid: boris.gid, resource_type: "user" } },
      { field: "followers", action: "removed", removed_value: { gid: carl.gid, resource_type: "user" } },
    ]);
  });
});

describe("dependencies", () => {
  it("adds, lists and removes dependencies and dependents, and refuses self and cycles", async () => {
    const api = client(t, anna.token);
    const design = await newTask({ name: "Design", projects: [project.gid] });
    const build = await newTask({ name: "Build", projects: [project.gid] });
    const launch = await newTask({ name: "Launch", projects: [project.gid] });
    expect((await api.post(`/tasks/${build.gid}/addDependencies`, { dependencies: [design.gid] })).body).toEqual({
      data: {},
    });
    expect((await api.post(`/tasks/${build.gid}/addDependents`, { dependents: [launch.gid] })).status).toBe(200);
    expect(names(await api.get(`/tasks/${build.gid}/dependencies`))).toEqual(["Design"]);
    expect(names(await api.get(`/tasks/${build.gid}/dependents`))).toEqual(["Launch"]);
    expect(names(await api.get(`/tasks/${design.gid}/dependents`))).toEqual(["Build"]);
    const full = await api.get(`/tasks/${build.gid}`);
    expect(full.body.data.dependencies).toEqual([{ gid: design.gid, resource_type: "task", name: "Design" }]);
    expect(full.body.data.dependents).toEqual([{ gid: launch.gid, resource_type: "task", name: "Launch" }]);

    const self = await api.post(`/tasks/${build.gid}/addDependencies`, { dependencies: [build.gid] });
    expect(self.status).toBe(400);
    expect(self.body.errors[0].message).toMatch(/^dependencies: /);
    const cycle = await api.post(`/tasks/${design.gid}/addDependencies`, { dependencies: [launch.gid] });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors[0].message).toMatch(/^dependencies: .*cycle/);
    const cycleBack = await api.post(`/tasks/${launch.gid}/addDependents`, { dependents: [design.gid] });
    expect(cycleBack.status).toBe(400);
    expect(cycleBack.body.errors[0].message).toMatch(/^dependents: /);

    expect((await eventsOf(build.gid)).at(-1)?.change).toEqual({
      field: "dependencies",
      action: "added",
      added_value: { gid: design.gid, resource_type: "task" },
    });
    expect((await eventsOf(launch.gid)).at(-1)?.change).toEqual({
      field: "dependencies",
      action: "added",
      added_value: { gid: build.gid, resource_type: "task" },
    });

    await api.post(`/tasks/${build.gid}/removeDependencies`, { dependencies: [design.gid] });
    await api.post(`/tasks/${build.gid}/removeDependents`, { dependents: [launch.gid] });
    expect((await api.get(`/tasks/${build.gid}/dependencies`)).body.data).toEqual([]);
    expect((await api.get(`/tasks/${build.gid}/dependents`)).body.data).toEqual([]);
    expect((await eventsOf(build.gid)).at(-1)?.change).toEqual({
      field: "dependencies",
      action: "removed",
      removed_value: { gid: design.gid, resource_type: "task" },
    });
  });
});

describe("duplicate", () => {
  it("copies the chosen parts in one go and answers with a finished job", async () => {
    const api = client(t, anna.token);
    const source = await newTask({
      name: "Monthly report",
      memberships: [{ project: project.gid, section: project.sections[2].gid }],
      notes: "Numbers for the client",
      assignee: boris.gid,
      due_on: "2030-03-31",
      followers: [boris.gid],
    });
    const after = await newTask({
      name: "After the report",
      memberships: [{ project: project.gid, section: project.sections[2].gid }],
    });
    await newTask({ name: "Gather numbers", parent: source.gid, notes: "from the CRM" });
    await newTask({ name: "Write summary", parent: source.gid });
    const answer = await api.post(`/tasks/${source.gid}/duplicate`, {
      name: "Monthly report (copy)",
      include: "notes,assignee,subtasks,projects,followers,dates",
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({
      resource_type: "job",
      status: "succeeded",
      new_task: { resource_type: "task", name: "Monthly report (copy)" },
    });
    const copy = (await api.get(`/tasks/${answer.body.data.new_task.gid}`)).body.data;
    expect(copy).toMatchObject({
      name: "Monthly report (copy)",
      notes: "Numbers for the client",
      assignee: { gid: boris.gid },
      due_on: "2030-03-31",
      memberships: [{ section: { gid: project.sections[2].gid } }],
      num_subtasks: 2,
    });
    expect(copy.followers.map((user: { gid: string }) => user.gid).sort()).toEqual([anna.gid, boris.gid].sort());
    const subtasks = await api.get(`/tasks/${copy.gid}/subtasks?opt_fields=name,notes`);
    expect(subtasks.body.data.map((task: any) => [task.name, task.notes])).toEqual([
      ["Gather numbers", "from the CRM"],
      ["Write summary", ""],
    ]);
    // The copy sits right after the original in its section.
    const section = names(await api.get(`/sections/${project.sections[2].gid}/tasks`));
    expect(section.slice(section.indexOf("Monthly report"))).toEqual([
      "Monthly report",
      "Monthly report (copy)",
      "After the report",
    ]);
    expect(after.gid).toBeTruthy();

    const bare = await api.post(`/tasks/${source.gid}/duplicate`, { name: "Bare copy" });
    const bareCopy = (await api.get(`/tasks/${bare.body.data.new_task.gid}`)).body.data;
    expect(bareCopy).toMatchObject({ notes: "", assignee: null, due_on: null, memberships: [], num_subtasks: 0 });
  });
});
