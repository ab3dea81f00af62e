import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string };
let editor: TestUser;
let guest: TestUser;
let viewerGuest: TestUser;
let otherGuest: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;

async function approvalTask(name: string, assignee: TestUser = guest) {
  const answer = await client(t, editor.token).post("/tasks", {
    name,
    resource_subtype: "approval",
    assignee: assignee.gid,
    projects: [project.gid],
  });
  expect(answer.status).toBe(201);
  return answer.body.data.gid as string;
}

async function systemStories(taskGid: string) {
  const stories = await client(t, editor.token).get(`/tasks/${taskGid}/stories`);
  return stories.body.data.map((story: { text: string }) => story.text);
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  editor = await makeUser(t, workspace.gid, "member", "Ed Editor");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Client");
  viewerGuest = await makeUser(t, workspace.gid, "guest", "Vic Viewer");
  otherGuest = await makeUser(t, workspace.gid, "guest", "Oscar Other");
  project = await makeProject(t, workspace.gid, {
    privacy: "private",
    members: [
      { user: editor, access: "editor" },
      { user: guest, access: "commenter" },
      { user: viewerGuest, access: "commenter" },
    ],
  });
});

afterAll(async () => {
  await t?.close();
});

describe("approvals", () => {
  it("a new approval task is pending; the client approves it, which completes it and says so in the activity", async () => {
    const taskGid = await approvalTask("Approve the logo");
    const before = await client(t, guest.token).get(`/tasks/${taskGid}`);
    expect(before.body.data).toMatchObject({ approval_status: "pending", completed: false });
    const approved = await client(t, guest.token).post(`/tasks/${taskGid}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ approval_status: "approved", completed: true });
    expect(await systemStories(taskGid)).toContain("approved this task");
    const stories = await client(t, editor.token).get(
      `/tasks/${taskGid}/stories?opt_fields=resource_subtype,created_by.name`,
    );
    const decision = stories.body.data.find(
      (story: { resource_subtype: string }) => story.resource_subtype === "approval_status_changed",
    );
    expect(decision.created_by.name).toBe("Gina Client");
  });

  it("requesting changes needs a comment, keeps the task open and records the comment", async () => {
    const taskGid = await approvalTask("Approve the copy");
    const empty = await client(t, guest.token).post(`/tasks/${taskGid}/requestChanges`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].message).toMatch(/^text: Missing input/);
    const asked = await client(t, guest.token).post(`/tasks/${taskGid}/requestChanges`, { text: "Bigger headline" });
    expect(asked.body.data).toMatchObject({ approval_status: "changes_requested", completed: false });
    expect(await systemStories(taskGid)).toContain("requested changes: Bigger headline");
    const rejected = await client(t, guest.token).post(`/tasks/${taskGid}/reject`, { text: "Not our style" });
    expect(rejected.body.data).toMatchObject({ approval_status: "rejected", completed: true });
    expect(await systemStories(taskGid)).toContain("rejected this task: Not our style");
  });

  it("accepts Asana's PUT /tasks/{gid} with approval_status", async () => {
    const taskGid = await approvalTask("Approve the banner");
    const put = await client(t, guest.token).put(`/tasks/${taskGid}`, { approval_status: "approved" });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ approval_status: "approved", completed: true });
    const bad = await client(t, guest.token).put(`/tasks/${taskGid}`, { approval_status: "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^approval_status: /);
  });

  it("refuses a PUT that renames the task and asks for changes without a comment, as a whole", async () => {
    const taskGid = await approvalTask("Approve the poster");
    const traces = async () => {
      const db = t.handle.db;
      const count = async (query: { executeTakeFirstOrThrow(): Promise<{ count: number | string | bigint }> }) =>
        Number((await query.executeTakeFirstOrThrow()).count);
      return {
        events: await count(
          db
            .selectFrom("events")
            .select((eb) => eb.fn.countAll().as("count"))
            .where("resource_gid", "=", Number(taskGid)),
        ),
        stories: await count(
          db
            .selectFrom("stories")
            .select((eb) => eb.fn.countAll().as("count"))
            .where("task_gid", "=", Number(taskGid)),
        ),
        audit: await count(db.selectFrom("audit_log_events").select((eb) => eb.fn.countAll().as("count"))),
      };
    };
    const before = await traces();
    const answer = await client(t, editor.token).put(`/tasks/${taskGid}`, {
      name: "Renamed",
      approval_status: "changes_requested",
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/^text: Missing input/);
    const task = await client(t, editor.token).get(`/tasks/${taskGid}`);
    expect(task.body.data).toMatchObject({ name: "Approve the poster", approval_status: "pending" });
    expect(await traces()).toEqual(before);
  });

  it("an editor decides for the client; another guest of the project may not; strangers get 404", async () => {
    const taskGid = await approvalTask("Approve the plan");
    expect((await client(t, viewerGuest.token).post(`/tasks/${taskGid}/approve`)).status).toBe(403);
    expect((await client(t, otherGuest.token).post(`/tasks/${taskGid}/approve`)).status).toBe(404);
    expect((await client(t).post(`/tasks/${taskGid}/approve`)).status).toBe(401);
    expect((await client(t, editor.token).post(`/tasks/${taskGid}/approve`)).body.data.approval_status).toBe(
      "approved",
    );
  });

  it("refuses a decision on a task that is not an approval, and unknown tasks", async () => {
    const plain = await client(t, editor.token).post("/tasks", { name: "Plain", projects: [project.gid] });
    const answer = await client(t, editor.token).post(`/tasks/${plain.body.data.gid}/approve`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/^task: only approval tasks/);
    expect(plain.body.data.approval_status).toBeUndefined();
    expect((await client(t, editor.token).post("/tasks/123/approve")).status).toBe(404);
    const taskGid = await approvalTask("Approve it");
    const unknownField = await client(t, guest.token).post(`/tasks/${taskGid}/reject`, { reason: "x" });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0].message).toBe("reason: Unknown field");
  });
});
