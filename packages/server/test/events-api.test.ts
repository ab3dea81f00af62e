import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gidMillisAgo } from "../src/events/consumer.ts";
import { encodeSyncToken } from "../src/events/sync-token.ts";
import {
  client,
  commitLateTaskEvent,
  makeProject,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let admin: TestUser;
let member: TestUser;
let guest: TestUser;
let outsider: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
let secretProject: Awaited<ReturnType<typeof makeProject>>;
let guestProject: Awaited<ReturnType<typeof makeProject>>;

interface PresentedEvent {
  action: string;
  resource: { gid: string; resource_type: string };
  parent: { gid: string; resource_type: string } | null;
  change?: { field: string; action: string; new_value?: unknown };
  user: { gid: string } | null;
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  const other = await makeWorkspace(t, "Other Co");
  outsider = await makeUser(t, other.gid, "admin", "Olga Outsider");
  project = await makeProject(t, workspace.gid, { name: "Website", sections: ["To do", "Done"] });
  secretProject = await makeProject(t, workspace.gid, {
    name: "Salaries",
    privacy: "private",
    members: [{ user: admin, access: "admin" }],
  });
  guestProject = await makeProject(t, workspace.gid, {
    name: "Client portal",
    privacy: "private",
    members: [
      { user: admin, access: "admin" },
      { user: guest, access: "commenter" },
    ],
  });
});
afterAll(() => t?.close());

async function syncToken(token: string, resource: string): Promise<string> {
  const first = await client(t, token).get(`/events?resource=${resource}`);
  expect(first.status).toBe(412);
  expect(first.body.errors[0].message).toEqual(expect.any(String));
  expect(first.body.sync).toEqual(expect.any(String));
  return first.body.sync;
}

async function createTask(token: string, name: string, projectGid: string) {
  const answer = await client(t, token).post("/tasks", { name, projects: [projectGid] });
  expect(answer.status).toBe(201);
  return answer.body.data.gid as string;
}

describe("GET /events", () => {
  it("answers 412 with a sync token first, then the changes since, bubbling up from tasks, subtasks and stories", async () => {
    const before = await createTask(admin.token, "Made before the token", project.gid);
    const sync = await syncToken(member.token, project.gid);

    const empty = await client(t, member.token).get(`/events?resource=${project.gid}&sync=${sync}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ data: [], sync: expect.any(String), has_more: false });

    const task = await createTask(admin.token, "Landing page", project.gid);
    expect((await client(t, admin.token).put(`/tasks/${task}`, { completed: true })).status).toBe(200);
    const comment = await client(t, admin.token).post(`/tasks/${task}/stories`, { text: "Looks good" });
    expect(comment.status).toBe(201);
    const subtask = await client(t, admin.token).post(`/tasks/${task}/subtasks`, { name: "Hero image" });
    expect(subtask.status).toBe(201);
    expect((await client(t, admin.token).put(`/tasks/${subtask.body.data.gid}`, { name: "Hero video" })).status).toBe(
      200,
    );

    const changes = await client(t, member.token).get(`/events?resource=${project.gid}&sync=${empty.body.sync}`);
    expect(changes.status).toBe(200);
    expect(changes.body.has_more).toBe(false);
    const events = changes.body.data as PresentedEvent[];
    const about = (gid: string) => events.filter((event) => event.resource.gid === gid);
    expect(about(before)).toEqual([]);
    expect(about(task)).toContainEqual(
      expect.objectContaining({
        action: "added",
        parent: { gid: project.gid, resource_type: "project" },
        user: expect.objectContaining({ gid: admin.gid }),
      }),
    );
    expect(about(task)).toContainEqual(
      expect.objectContaining({
        action: "changed",
        change: expect.objectContaining({ field: "completed", new_value: true }),
      }),
    );
    expect(about(comment.body.data.gid)).toContainEqual(
      expect.objectContaining({ action: "added", parent: { gid: task, resource_type: "task" } }),
    );
    expect(about(subtask.body.data.gid)).toContainEqual(
      expect.objectContaining({ action: "changed", change: expect.objectContaining({ field: "name" }) }),
    );

    // Nothing is handed out twice.
    const again = await client(t, member.token).get(`/events?resource=${project.gid}&sync=${changes.body.sync}`);
    expect(again.body.data).toEqual([]);
  });

  it("follows a single task, including its subtasks and comments", async () => {
    const task = await createTask(admin.token, "Copywriting", project.gid);
    const sync = await syncToken(member.token, task);
    const other = await createTask(admin.token, "Unrelated", project.gid);
    await client(t, admin.token).put(`/tasks/${other}`, { name: "Still unrelated" });
    await client(t, admin.token).post(`/tasks/${task}/stories`, { text: "First draft attached" });
    await client(t, admin.token).post(`/tasks/${task}/subtasks`, { name: "Proofread" });
    const answer = await client(t, member.token).get(`/events?resource=${task}&sync=${sync}`);
    expect(answer.status).toBe(200);
    const events = answer.body.data as PresentedEvent[];
    expect(events.some((event) => event.resource.gid === other)).toBe(false);
    expect(events.some((event) => event.resource.resource_type === "story")).toBe(true);
    expect(events.some((event) => event.parent?.gid === task && event.resource.resource_type === "task")).toBe(true);
  });

  it("pages at 100 events with has_more", async () => {
    const task = await createTask(admin.token, "Busy task", project.gid);
    const sync = await syncToken(member.token, task);
    for (let index = 0; index < 105; index++) {
      expect((await client(t, admin.token).put(`/tasks/${task}`, { name: `Busy task ${index}` })).status).toBe(200);
    }
    const first = await client(t, member.token).get(`/events?resource=${task}&sync=${sync}`);
    expect(first.body.data).toHaveLength(100);
    expect(first.body.has_more).toBe(true);
    const second = await client(t, member.token).get(`/events?resource=${task}&sync=${first.body.sync}`);
    expect(second.body.has_more).toBe(false);
    expect(second.body.data).toHaveLength(5);
    const names = [...first.body.data, ...second.body.data].map((event: PresentedEvent) => event.change?.new_value);
    expect(names).toEqual(Array.from({ length: 105 }, (_, index) => `Busy task ${index}`));
  });

  it("returns an event whose transaction committed after a later one exactly once", async () => {
    const task = await createTask(admin.token, "Racy task", project.gid);
    const sync = await syncToken(member.token, task);
    await client(t, admin.token).put(`/tasks/${task}`, { name: "Racy task, renamed" });
    const first = await client(t, member.token).get(`/events?resource=${task}&sync=${sync}`);
    expect(first.body.data).toHaveLength(1);
    // An event whose id was taken two seconds ago but that commits only now, after the read above.
    const lateId = gidMillisAgo(2_000);
    await commitLateTaskEvent(t, {
      id: lateId,
      workspaceGid: workspace.gid,
      actorGid: admin.gid,
      taskGid: task,
      field: "notes",
      createdAt: new Date(Date.now() - 2_000).toISOString(),
    });
    const second = await client(t, member.token).get(`/events?resource=${task}&sync=${first.body.sync}`);
    expect(second.body.data.map((event: PresentedEvent) => event.change?.field)).toEqual(["notes"]);
    const third = await client(t, member.token).get(`/events?resource=${task}&sync=${second.body.sync}`);
    expect(third.body.data).toEqual([]);
  });

  it("answers 412 with a fresh token for an expired, foreign or garbled token", async () => {
    const stale = encodeSyncToken({
      resource: Number(project.gid),
      cursor: 1,
      recent: [],
      issuedAt: Date.now() - 25 * 60 * 60 * 1000,
    });
    for (const sync of [stale, await syncToken(member.token, workspace.gid), "garbage"]) {
      const answer = await client(t, member.token).get(`/events?resource=${project.gid}&sync=${sync}`);
      expect(answer.status).toBe(412);
      expect(answer.body.errors[0].message).toMatch(/invalid or too old/);
      expect(answer.body.sync).toEqual(expect.any(String));
      const fresh = await client(t, member.token).get(`/events?resource=${project.gid}&sync=${answer.body.sync}`);
      expect(fresh.status).toBe(200);
    }
  });

  it("rejects bad input and hides what the caller cannot see", async () => {
    expect((await client(t).get(`/events?resource=${project.gid}`)).status).toBe(401);
    const missing = await client(t, member.token).get("/events");
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toBe("resource: Missing input");
    expect((await client(t, member.token).get("/events?resource=12345")).status).toBe(404);
    expect((await client(t, member.token).get("/events?resource=not-a-gid")).status).toBe(404);
    // A private project: invisible to a member who is not in it, to a guest it is not shared with, to outsiders.
    expect((await client(t, member.token).get(`/events?resource=${secretProject.gid}`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/events?resource=${secretProject.gid}`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/events?resource=${project.gid}`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/events?resource=${workspace.gid}`)).status).toBe(404);
    expect((await client(t, outsider.token).get(`/events?resource=${project.gid}`)).status).toBe(404);
    // The project shared with the guest streams for them.
    expect((await client(t, guest.token).get(`/events?resource=${guestProject.gid}`)).status).toBe(412);
  });

  it("filters a workspace stream down to what the caller may see", async () => {
    const sync = await syncToken(member.token, workspace.gid);
    const open = await createTask(admin.token, "Public work", project.gid);
    const hidden = await createTask(admin.token, "Pay rise for Boris", secretProject.gid);
    const answer = await client(t, member.token).get(`/events?resource=${workspace.gid}&sync=${sync}`);
    expect(answer.status).toBe(200);
    const gids = (answer.body.data as PresentedEvent[]).map((event) => event.resource.gid);
    expect(gids).toContain(open);
    expect(gids).not.toContain(hidden);
    const adminSync = await syncToken(admin.token, workspace.gid);
    const later = await createTask(admin.token, "Bonus plan", secretProject.gid);
    const adminView = await client(t, admin.token).get(`/events?resource=${workspace.gid}&sync=${adminSync}`);
    expect((adminView.body.data as PresentedEvent[]).map((event) => event.resource.gid)).toContain(later);
  });

  it("honours opt_fields", async () => {
    const task = await createTask(admin.token, "Shaped", project.gid);
    const sync = await syncToken(member.token, task);
    await client(t, admin.token).put(`/tasks/${task}`, { name: "Shaped again" });
    const answer = await client(t, member.token).get(
      `/events?resource=${task}&sync=${sync}&opt_fields=action,change.field`,
    );
    expect(answer.body.data).toEqual([{ action: "changed", change: { field: "name" } }]);
  });
});
