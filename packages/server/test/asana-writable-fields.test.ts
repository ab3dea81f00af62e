import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// A writable Asana field Takt does not store is dropped for the resource whose body has it, and refused — naming
// it — for any other: what an integration sends by mistake is not silently lost.
let t: TestApp;
let admin: TestUser;
let project: { gid: string; sections: { gid: string }[] };
let task: { gid: string };

beforeAll(async () => {
  t = await startTestApp();
  const workspace = (await makeWorkspace(t, "Fields")).gid;
  admin = await makeUser(t, workspace, "admin", "Ada Admin");
  project = await makeProject(t, workspace, { name: "Site", members: [{ user: admin, access: "admin" }] });
  task = await makeTask(t, workspace, { name: "Launch", project, section: project.sections[0] });
});
afterAll(() => t?.close());

describe("writable fields per resource", () => {
  it("drops a task's unstored Asana field, refuses it elsewhere, and refuses create-only fields on update", async () => {
    const api = client(t, admin.token);
    const kept = await api.put(`/tasks/${task.gid}`, { name: "Launch v2", assignee_status: "today", liked: true });
    expect(kept.status).toBe(200);
    expect(kept.body.data.name).toBe("Launch v2");

    // assignee_status is a task's field, not a project's: there it is a typo, and named.
    const wrong = await api.put(`/projects/${project.gid}`, { name: "Site v2", assignee_status: "today" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toBe("assignee_status: Unknown field");
    expect((await api.get(`/projects/${project.gid}`)).body.data.name).toBe("Site");

    const hook = await api.post("/webhooks", {
      resource: project.gid,
      target: "https://hooks.example.com/takt",
      color: "red",
    });
    expect(hook.status).toBe(400);
    expect(hook.body.errors[0].message).toBe("color: Unknown field");

    const moved = await api.put(`/tasks/${task.gid}`, { workspace: "123" });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].message).toBe("workspace: Unknown field");

    // Nested: an Asana field inside a task's `external` is dropped, a made-up one refused.
    const external = await api.put(`/tasks/${task.gid}`, { external: { gid: "crm-1", data: "x" } });
    expect(external.status).toBe(200);
    const nested = await api.put(`/tasks/${task.gid}`, { external: { gid: "crm-1", colour: "x" } });
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].message).toMatch(/colour/);
  });
});
