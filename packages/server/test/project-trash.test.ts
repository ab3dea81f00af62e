import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let lead: TestUser;
let member: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "admin", "Lena Lead");
  member = await makeUser(t, ws.gid, "member", "Max Member");
});
afterAll(() => t?.close());

describe("a deleted project goes to the trash", () => {
  it("comes back with its sections, members, fields, status and tasks; only for its deleter", async () => {
    const api = client(t, lead.token);
    const project = await makeProject(t, ws.gid, {
      name: "Bakery site",
      members: [
        { user: lead, access: "admin" },
        { user: member, access: "editor" },
      ],
      sections: ["Backlog", "In work"],
    });
    const other = await makeProject(t, ws.gid, { name: "Shared work", members: [{ user: lead, access: "admin" }] });
    const field = (
      await api.post(`/projects/${project.gid}/addCustomFieldSetting`, {
        custom_field: { name: "Hours", resource_subtype: "number" },
      })
    ).body.data.custom_field;
    const task = await makeTask(t, ws.gid, { name: "Bake the menu", project, section: project.sections[1] });
    expect((await api.put(`/tasks/${task.gid}`, { custom_fields: { [field.gid]: 7 } })).status).toBe(200);
    expect((await api.post(`/tasks/${task.gid}/subtasks`, { name: "Pick flour" })).status).toBe(201);
    expect((await api.post(`/tasks/${task.gid}/stories`, { text: "Rye, please" })).status).toBe(201);
    const both = await api.post("/tasks", { name: "Shared logo", projects: [other.gid, project.gid] });
    expect(both.status, JSON.stringify(both.body)).toBe(201);
    expect(
      (await api.post("/status_updates", { parent: project.gid, status_type: "on_track", title: "Going well" })).status,
    ).toBe(201);

    expect((await api.delete(`/projects/${project.gid}`)).status).toBe(200);
    expect((await api.get(`/projects/${project.gid}`)).status).toBe(404);
    expect((await api.get(`/tasks/${task.gid}`)).status).toBe(404);
    const trash = await api.get(`/workspaces/${ws.gid}/trash`);
    expect(trash.status).toBe(200);
    expect(trash.body.data).toMatchObject([
      { resource: { gid: project.gid, resource_type: "project", name: "Bakery site" }, project: null },
    ]);
    // Someone else neither sees nor restores it.
    expect((await client(t, member.token).get(`/workspaces/${ws.gid}/trash`)).body.data).toEqual([]);
    expect((await client(t, member.token).post(`/trash/${project.gid}/restore`)).status).toBe(404);

    const restored = await api.post(`/trash/${project.gid}/restore`);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body.data).toEqual({ gid: project.gid, resource_type: "project", name: "Bakery site" });
    const back = await api.get(`/projects/${project.gid}?opt_fields=name,members.name`);
    expect(back.status).toBe(200);
    expect(back.body.data.name).toBe("Bakery site");
    expect(back.body.data.members.map((user: { name: string }) => user.name).sort()).toEqual([
      "Lena Lead",
      "Max Member",
    ]);
    const settings = await api.get(`/projects/${project.gid}/custom_field_settings`);
    expect(settings.body.data).toMatchObject([{ custom_field: { name: "Hours" } }]);
    const sections = await api.get(`/projects/${project.gid}/sections`);
    expect(sections.body.data.map((section: { name: string }) => section.name)).toEqual(["Backlog", "In work"]);
    const tasks = await api.get(`/projects/${project.gid}/tasks?opt_fields=name`);
    expect(tasks.body.data.map((row: { name: string }) => row.name).sort()).toEqual(["Bake the menu", "Shared logo"]);
    const restoredTask = await api.get(
      `/tasks/${task.gid}?opt_fields=memberships.section.name,num_subtasks,custom_fields.display_value`,
    );
    expect(restoredTask.body.data).toMatchObject({
      memberships: [{ section: { name: "In work" } }],
      num_subtasks: 1,
      custom_fields: [{ display_value: "7" }],
    });
    const stories = await api.get(`/tasks/${task.gid}/stories`);
    expect(stories.body.data.map((story: { text: string }) => story.text)).toContain("Rye, please");
    const statuses = await api.get(`/status_updates?parent=${project.gid}`);
    expect(statuses.body.data.map((status: { title: string }) => status.title)).toEqual(["Going well"]);
    expect((await api.get(`/workspaces/${ws.gid}/trash`)).body.data).toEqual([]);
    expect((await api.post(`/trash/${project.gid}/restore`)).status).toBe(404);
  });
});
