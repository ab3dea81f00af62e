import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUserToWorkspace } from "../src/domain/users/user.commands.ts";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let other: { gid: string; name: string };
let boris: TestUser;
let anna: TestUser;
let guest: TestUser;
let outsider: TestUser;

async function setTask(gid: string, fields: Record<string, unknown>) {
  await t.handle.db.updateTable("tasks").set(fields).where("gid", "=", Number(gid)).execute();
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t, "Acme Agency");
  other = await makeWorkspace(t, "Other Co");
  boris = await makeUser(t, workspace.gid, "member", "Boris Member");
  anna = await makeUser(t, workspace.gid, "member", "Anna Member");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Guest");
  outsider = await makeUser(t, other.gid, "member", "Olga Outsider");
});
afterAll(() => t?.close());

describe("My Tasks", () => {
  it("finds the caller's own list in a workspace", async () => {
    const answer = await client(t, boris.token).get(`/users/me/user_task_list?workspace=${workspace.gid}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      gid: expect.stringMatching(/^\d+$/),
      resource_type: "user_task_list",
      name: "My Tasks",
      owner: { gid: boris.gid, resource_type: "user", name: "Boris Member" },
      workspace: { gid: workspace.gid, resource_type: "workspace", name: "Acme Agency" },
    });
    const byGid = await client(t, boris.token).get(`/users/${boris.gid}/user_task_list?workspace=${workspace.gid}`);
    expect(byGid.body.data.gid).toBe(answer.body.data.gid);
    const direct = await client(t, boris.token).get(`/user_task_lists/${answer.body.data.gid}?opt_fields=name`);
    expect(direct.body.data).toEqual({ gid: answer.body.data.gid, resource_type: "user_task_list", name: "My Tasks" });
    const guestList = await client(t, guest.token).get(`/users/me/user_task_list?workspace=${workspace.gid}`);
    expect(guestList.status).toBe(200);
    expect(guestList.body.data.gid).not.toBe(answer.body.data.gid);
  });

  it("refuses bad input and other people's lists", async () => {
    const api = client(t, boris.token);
    const missing = await api.get("/users/me/user_task_list");
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toMatch(/^workspace: Missing input/);
    expect((await api.get("/users/me/user_task_list?workspace=nope")).status).toBe(400);
    expect((await api.get(`/users/me/user_task_list?workspace=${other.gid}`)).status).toBe(404);
    expect((await api.get(`/users/${anna.gid}/user_task_list?workspace=${workspace.gid}`)).status).toBe(403);
    expect((await api.get(`/users/${outsider.gid}/user_task_list?workspace=${workspace.gid}`)).status).toBe(404);
    expect((await api.get(`/users/12345/user_task_list?workspace=${workspace.gid}`)).status).toBe(404);

    const annaList = await client(t, anna.token).get(`/users/me/user_task_list?workspace=${workspace.gid}`);
    const annaGid = annaList.body.data.gid;
    expect((await api.get(`/user_task_lists/${annaGid}`)).status).toBe(403);
    expect((await api.get(`/user_task_lists/${annaGid}/tasks`)).status).toBe(403);
    expect((await client(t, outsider.token).get(`/user_task_lists/${annaGid}`)).status).toBe(404);
    expect((await client(t, outsider.token).get(`/user_task_lists/${annaGid}/tasks`)).status).toBe(404);
    expect((await api.get("/user_task_lists/12345")).status).toBe(404);
    expect((await api.get("/user_task_lists/x/tasks")).status).toBe(400);
    expect((await client(t).get(`/user_task_lists/${annaGid}`)).status).toBe(401);
  });

  it("lists the tasks assigned to the owner, soonest due first, and filters completed ones", async () => {
    const project = await makeProject(t, workspace.gid, { name: "Client X", sections: ["To do"] });
    const section = project.sections[0];
    const late = await makeTask(t, workspace.gid, { name: "Due late", project, section, assignee: boris });
    const undated = await makeTask(t, workspace.gid, { name: "No date", project, section, assignee: boris });
    const soon = await makeTask(t, workspace.gid, { name: "Due soon", project, section, assignee: boris });
    const timed = await makeTask(t, workspace.gid, { name: "Due at noon", project, section, assignee: boris });
    const done = await makeTask(t, workspace.gid, { name: "Done long ago", project, section, assignee: boris });
    await makeTask(t, workspace.gid, { name: "Anna's", project, section, assignee: anna });
    await makeTask(t, workspace.gid, { name: "Unassigned", project, section });
    await setTask(late.gid, { due_on: "2030-05-01" });
    await setTask(soon.gid, { due_on: "2030-01-10" });
    await setTask(timed.gid, { due_on: "2030-01-10", due_at: "2030-01-10T12:00:00.000Z" });
    await setTask(done.gid, { due_on: "2029-12-01", completed: 1, completed_at: "2020-01-01T00:00:00.000Z" });

    const api = client(t, boris.token);
    const listGid = (await api.get(`/users/me/user_task_list?workspace=${workspace.gid}`)).body.data.gid;
    const all = await api.get(`/user_task_lists/${listGid}/tasks`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((task: { name: string }) => task.name)).toEqual([
      "Done long ago",
      "Due soon",
      "Due at noon",
      "Due late",
      "No date",
    ]);
    expect(all.body.data[1]).toEqual({
      gid: soon.gid,
      resource_type: "task",
      name: "Due soon",
      resource_subtype: "default_task",
    });

    const open = await api.get(`/user_task_lists/${listGid}/tasks?completed_since=now`);
    expect(open.body.data.map((task: { gid: string }) => task.gid)).toEqual([
      soon.gid,
      timed.gid,
      late.gid,
      undated.gid,
    ]);
    const recent = await api.get(`/user_task_lists/${listGid}/tasks?completed_since=2019-06-01T00:00:00Z`);
    expect(recent.body.data).toHaveLength(5);
    const bad = await api.get(`/user_task_lists/${listGid}/tasks?completed_since=yesterday-ish`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^completed_since:/);

    const first = await api.get(`/user_task_lists/${listGid}/tasks?limit=2&opt_fields=name,due_on,assignee.name`);
    expect(first.body.data[0]).toEqual({
      gid: done.gid,
      resource_type: "task",
      name: "Done long ago",
      due_on: "2029-12-01",
      assignee: { gid: boris.gid, resource_type: "user", name: "Boris Member" },
    });
    const second = await api.get(`/user_task_lists/${listGid}/tasks?limit=2&offset=${first.body.next_page.offset}`);
    const third = await api.get(`/user_task_lists/${listGid}/tasks?limit=2&offset=${second.body.next_page.offset}`);
    expect([...first.body.data, ...second.body.data, ...third.body.data]).toHaveLength(5);
    expect(third.body.next_page).toBeNull();
  });

  it("keeps tasks of other workspaces out of the list", async () => {
    const shared = await makeUser(t, workspace.gid, "member", "Sven Shared");
    await addUserToWorkspace(t.ctx, Number(other.gid), Number(shared.gid), "member");
    await makeTask(t, other.gid, { name: "Elsewhere", assignee: shared });
    const here = await makeTask(t, workspace.gid, { name: "Here", assignee: shared });
    const api = client(t, shared.token);
    const listGid = (await api.get(`/users/me/user_task_list?workspace=${workspace.gid}`)).body.data.gid;
    const tasks = await api.get(`/user_task_lists/${listGid}/tasks`);
    expect(tasks.body.data.map((task: { gid: string }) => task.gid)).toEqual([here.gid]);
  });
});
