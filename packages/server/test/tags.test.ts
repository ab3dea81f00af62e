import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let lead: TestUser;
let guest: TestUser;
let outsider: TestUser;
let shared: { gid: string };
let hidden: { gid: string };

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "admin", "Lena Lead");
  guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
  outsider = await makeUser(t, ws.gid, "member", "Olga Outsider");
  shared = await makeProject(t, ws.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: guest, access: "editor" },
    ],
  });
  hidden = await makeProject(t, ws.gid, { privacy: "private", members: [{ user: lead, access: "admin" }] });
});
afterAll(() => t?.close());

describe("tags", () => {
  it("creates, lists, tags tasks and shows tags on tasks", async () => {
    const api = client(t, lead.token);
    const urgent = await api.post("/tags", { workspace: ws.gid, name: "Urgent", color: "dark-red" });
    expect(urgent.status).toBe(201);
    expect(urgent.body.data).toMatchObject({ resource_type: "tag", name: "Urgent", color: "dark-red", notes: "" });
    const review = await api.post(`/workspaces/${ws.gid}/tags`, { name: "Review" });
    expect(review.status).toBe(201);
    expect((await api.get(`/tags?workspace=${ws.gid}`)).body.data.map((tag: any) => tag.name)).toEqual([
      "Review",
      "Urgent",
    ]);
    expect((await api.get(`/workspaces/${ws.gid}/tags`)).body.data).toHaveLength(2);

    const visible = await api.post("/tasks", { name: "Visible", projects: [shared.gid], tags: [urgent.body.data.gid] });
    expect(visible.body.data.tags).toEqual([
      { gid: urgent.body.data.gid, resource_type: "tag", name: "Urgent", color: "dark-red" },
    ]);
    const secret = await api.post("/tasks", { name: "Hidden", projects: [hidden.gid] });
    expect((await api.post(`/tasks/${secret.body.data.gid}/addTag`, { tag: urgent.body.data.gid })).status).toBe(200);
    expect((await api.post(`/tasks/${visible.body.data.gid}/addTag`, { tag: review.body.data.gid })).status).toBe(200);
    expect((await api.get(`/tasks/${visible.body.data.gid}/tags`)).body.data.map((tag: any) => tag.name)).toEqual([
      "Urgent",
      "Review",
    ]);
    const tagged = await api.get(`/tags/${urgent.body.data.gid}/tasks?limit=1`);
    expect(tagged.body.data).toHaveLength(1);
    expect(tagged.body.next_page).not.toBeNull();

    // Guests see tags only through the tasks shared with them.
    const guestApi = client(t, guest.token);
    expect((await guestApi.get(`/workspaces/${ws.gid}/tags`)).status).toBe(403);
    expect((await guestApi.get(`/tags/${urgent.body.data.gid}`)).status).toBe(200);
    expect((await guestApi.get(`/tags/${urgent.body.data.gid}/tasks`)).body.data.map((task: any) => task.name)).toEqual(
      ["Visible"],
    );
    expect((await guestApi.put(`/tags/${urgent.body.data.gid}`, { name: "Mine" })).status).toBe(403);
    expect((await guestApi.post(`/tasks/${secret.body.data.gid}/addTag`, { tag: urgent.body.data.gid })).status).toBe(
      404,
    );
    expect((await client(t, outsider.token).get(`/tags/${urgent.body.data.gid}/tasks`)).body.data).toEqual([]);

    expect((await api.post(`/tasks/${visible.body.data.gid}/removeTag`, { tag: review.body.data.gid })).status).toBe(
      200,
    );
    const renamed = await api.put(`/tags/${review.body.data.gid}`, { name: "QA", color: null });
    expect(renamed.body.data).toMatchObject({ name: "QA", color: null });
    expect((await api.delete(`/tags/${review.body.data.gid}`)).status).toBe(200);
    expect((await api.get(`/tags/${review.body.data.gid}`)).status).toBe(404);
  });

  it("refuses bad input", async () => {
    const api = client(t, lead.token);
    const noName = await api.post("/tags", { workspace: ws.gid });
    expect(noName.status).toBe(400);
    expect(noName.body.errors[0].message).toBe("name: Missing input");
    expect((await api.post("/tags", { workspace: ws.gid, name: "X", color: "rainbow" })).status).toBe(400);
    expect((await api.post("/tags", { name: "X" })).status).toBe(400);
    expect((await api.get("/tags")).status).toBe(400);
    const task = await api.post("/tasks", { name: "T", projects: [shared.gid] });
    expect((await api.post(`/tasks/${task.body.data.gid}/addTag`, { tag: "12345" })).status).toBe(404);
    expect((await api.post("/tasks", { name: "T", projects: [shared.gid], tags: ["12345"] })).status).toBe(404);
    expect((await client(t, guest.token).post("/tags", { workspace: ws.gid, name: "G" })).status).toBe(403);
  });
});

describe("tags across the privacy boundary", () => {
  it("lets only an admin, or someone who sees every tagged task, rename or delete a tag; others get 403", async () => {
    const owner = await makeUser(t, ws.gid, "member", "Pia Private");
    const vault = await makeProject(t, ws.gid, { privacy: "private", members: [{ user: owner, access: "admin" }] });
    const ownerApi = client(t, owner.token);
    const tag = await ownerApi.post("/tags", { workspace: ws.gid, name: "Confidential" });
    const task = await ownerApi.post("/tasks", { name: "Merger", projects: [vault.gid], tags: [tag.body.data.gid] });
    expect(task.status).toBe(201);

    const outsiderApi = client(t, outsider.token);
    const deleted = await outsiderApi.delete(`/tags/${tag.body.data.gid}`);
    expect(deleted.status).toBe(403);
    expect(deleted.body.errors[0].message).toBe(
      "tag: it is on tasks you cannot see; only a workspace admin can delete it",
    );
    const renamed = await outsiderApi.put(`/tags/${tag.body.data.gid}`, { name: "Public" });
    expect(renamed.status).toBe(403);
    expect(renamed.body.errors[0].message).toBe(
      "tag: it is on tasks you cannot see; only a workspace admin can rename it",
    );
    expect((await outsiderApi.put(`/tags/${tag.body.data.gid}`, { color: "dark-blue" })).status).toBe(200);
    const kept = await ownerApi.get(`/tasks/${task.body.data.gid}/tags`);
    expect(kept.body.data).toEqual([expect.objectContaining({ gid: tag.body.data.gid, name: "Confidential" })]);

    expect((await ownerApi.put(`/tags/${tag.body.data.gid}`, { name: "Secret" })).status).toBe(200);
    expect((await client(t, lead.token).put(`/tags/${tag.body.data.gid}`, { name: "Internal" })).status).toBe(200);

    const mine = await outsiderApi.post("/tags", { workspace: ws.gid, name: "Mine" });
    expect((await outsiderApi.put(`/tags/${mine.body.data.gid}`, { name: "Still mine" })).status).toBe(200);
    expect((await outsiderApi.delete(`/tags/${mine.body.data.gid}`)).status).toBe(200);
    expect((await client(t, lead.token).delete(`/tags/${tag.body.data.gid}`)).status).toBe(200);
  });
});
