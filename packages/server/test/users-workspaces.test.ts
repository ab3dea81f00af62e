import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let admin: TestUser;
let member: TestUser;
let guest: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  const other = await makeWorkspace(t, "Other Co");
  outsider = await makeUser(t, other.gid, "admin", "Olga Outsider");
});
afterAll(() => t?.close());

describe("users and workspaces", () => {
  it("answers 401 without credentials and with a revoked or made-up token", async () => {
    expect((await client(t).get("/users/me")).status).toBe(401);
    const bad = await client(t, "takt_pat_nope").get("/users/me");
    expect(bad.status).toBe(401);
    expect(bad.body.errors[0].message).toMatch(/invalid or revoked/);
  });

  it("shows the caller with their workspaces", async () => {
    const me = await client(t, member.token).get("/users/me");
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ gid: member.gid, resource_type: "user", name: "Boris Member" });
    expect(me.body.data.workspaces).toEqual([{ gid: workspace.gid, resource_type: "workspace", name: workspace.name }]);
  });

  it("honours opt_fields and opt_pretty", async () => {
    const answer = await client(t, member.token).get("/users/me?opt_fields=email,workspaces.name&opt_pretty");
    expect(answer.body.data).toEqual({
      gid: member.gid,
      resource_type: "user",
      email: member.email,
      workspaces: [{ gid: workspace.gid, resource_type: "workspace", name: workspace.name }],
    });
  });

  it("lists only the caller's workspaces", async () => {
    const mine = await client(t, member.token).get("/workspaces");
    expect(mine.body.data.map((w: { gid: string }) => w.gid)).toEqual([workspace.gid]);
    expect((await client(t, outsider.token).get(`/workspaces/${workspace.gid}`)).status).toBe(404);
  });

  it("lists workspace users with pagination, and hides them from guests and outsiders", async () => {
    const first = await client(t, member.token).get(`/workspaces/${workspace.gid}/users?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_page.offset).toEqual(expect.any(String));
    const second = await client(t, member.token).get(
      `/workspaces/${workspace.gid}/users?limit=2&offset=${first.body.next_page.offset}`,
    );
    expect(second.body.data).toHaveLength(1);
    expect(second.body.next_page).toBeNull();
    const names = [...first.body.data, ...second.body.data].map((u: { name: string }) => u.name);
    expect(names).toEqual(["Anna Admin", "Boris Member", "Clara Client"]);
    expect((await client(t, guest.token).get(`/workspaces/${workspace.gid}/users`)).status).toBe(403);
    expect((await client(t, outsider.token).get(`/workspaces/${workspace.gid}/users`)).status).toBe(404);
  });

  it("shows a person to those who share a workspace as members, and to a guest only the people of their projects", async () => {
    const seen = async (viewer: TestUser, person: TestUser) =>
      (await client(t, viewer.token).get(`/users/${person.gid}`)).status;
    const colleague = await makeUser(t, workspace.gid, "member", "Dmitry Designer");
    const otherGuest = await makeUser(t, workspace.gid, "guest", "Gleb Guest");
    expect(await seen(member, colleague)).toBe(200);
    expect(await seen(member, guest)).toBe(200);
    expect(await seen(guest, guest)).toBe(200);
    expect(await seen(guest, colleague)).toBe(404);
    expect(await seen(guest, otherGuest)).toBe(404);
    expect(await seen(outsider, member)).toBe(404);
    expect(await seen(member, outsider)).toBe(404);
    await makeProject(t, workspace.gid, {
      name: "Clara's site",
      members: [
        { user: guest, access: "commenter" },
        { user: colleague, access: "editor" },
      ],
    });
    expect(await seen(guest, colleague)).toBe(200);
    expect(await seen(guest, otherGuest)).toBe(404);
    // Assigning by email resolves only people the caller sees.
    const project = await makeProject(t, workspace.gid, { members: [{ user: member, access: "editor" }] });
    const assigned = await client(t, member.token).post("/tasks", {
      name: "Brief",
      projects: [project.gid],
      assignee: outsider.email,
    });
    expect(assigned.status).toBe(404);
    expect(assigned.body.errors[0].message).toMatch(/assignee/);
  });

  it("rejects bad paging and bad bodies with a message naming the field", async () => {
    const api = client(t, admin.token);
    expect((await api.get(`/workspaces/${workspace.gid}/users?limit=0`)).body.errors[0].message).toMatch(/^limit:/);
    expect((await api.get(`/workspaces/${workspace.gid}/users?limit=5&offset=garbage`)).body.errors[0].message).toMatch(
      /^offset:/,
    );
    const noData = await api.put("/users/me");
    expect(noData.status).toBe(400);
    expect(noData.body.errors[0].message).toMatch(/^data:/);
    const wrongType = await api.put("/users/me", { name: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0].message).toMatch(/^name:/);
    const unknown = await api.put("/users/me", { nickname: "x" });
    expect(unknown.body.errors[0].message).toMatch(/^nickname: Unknown field/);
    const badJson = await api.raw("PUT", "/users/me", "{not json");
    expect(badJson.status).toBe(400);
    expect(badJson.body.errors[0].message).toMatch(/JSON/);
    const me = await api.get("/users/me");
    expect(me.body.data.name).toBe("Anna Admin");
  });

  it("lets a person change their language", async () => {
    const api = client(t, member.token);
    const answer = await api.put("/users/me", { language: "ru" });
    expect(answer.status).toBe(200);
    expect((await api.get("/users/me")).body.data.language).toBe("ru");
  });

  it("changes a profile and its email setting together, or neither", async () => {
    const api = client(t, member.token);
    const refused = await api.put("/users/me", { name: "Boris B.", email_notifications: "hourly" });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/^email_notifications:/);
    const unchanged = (await api.get("/users/me")).body.data;
    expect(unchanged).toMatchObject({ name: "Boris Member", email_notifications: "instant" });
    const changed = await api.put("/users/me", { name: "Boris B.", email_notifications: "daily_digest" });
    expect(changed.body.data).toMatchObject({ name: "Boris B.", email_notifications: "daily_digest" });
    const someoneElse = await api.put(`/users/${admin.gid}`, { name: "Not mine" });
    expect(someoneElse.status).toBe(400);
    expect((await client(t, admin.token).get("/users/me")).body.data.name).toBe("Anna Admin");
  });

  it("lets only admins rename a workspace or add people", async () => {
    expect((await client(t, member.token).put(`/workspaces/${workspace.gid}`, { name: "Mine" })).status).toBe(403);
    const renamed = await client(t, admin.token).put(`/workspaces/${workspace.gid}`, { name: "Acme Studio" });
    expect(renamed.body.data.name).toBe("Acme Studio");
    expect(
      (await client(t, member.token).post(`/workspaces/${workspace.gid}/addUser`, { user: outsider.email })).status,
    ).toBe(403);
    const added = await client(t, admin.token).post(`/workspaces/${workspace.gid}/addUser`, { user: outsider.email });
    expect(added.status).toBe(200);
    expect((await client(t, outsider.token).get(`/workspaces/${workspace.gid}`)).status).toBe(200);
  });
});
