import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transact } from "../src/domain/context.ts";
import { newGid } from "../src/ids.ts";
import {
  client,
  makeProject,
  makeTask,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string };
let admin: TestUser;
let member: TestUser;
let guest: TestUser;
let outsider: TestUser;

const PASSWORD = "correct horse battery";
const BROWSER = "Mozilla/5.0 (AuditTest)";

async function browserPost(path: string, data: unknown, cookie?: string) {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": BROWSER };
  if (cookie) Object.assign(headers, { cookie, "x-requested-with": "XMLHttpRequest" });
  const response = await fetch(`${t.api}${path}`, { method: "POST", headers, body: JSON.stringify({ data }) });
  return { status: response.status, cookie: /takt_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0] };
}

const auditPath = (query = "") => `/workspaces/${workspace.gid}/audit_log_events${query}`;

async function eventsOf(query: string) {
  const answer = await client(t, admin.token).get(auditPath(query));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.data as any[];
}

async function lastOfType(type: string) {
  const rows = await eventsOf(`?event_type=${type}`);
  expect(rows.length, `no ${type} event`).toBeGreaterThan(0);
  return rows.at(-1);
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t, "Audited Agency");
  admin = await makeUser(t, workspace.gid, "admin", "Ada Admin");
  member = await makeUser(t, workspace.gid, "member", "Max Member");
  guest = await makeUser(t, workspace.gid, "guest", "Gus Guest");
  const other = await makeWorkspace(t, "Elsewhere");
  outsider = await makeUser(t, other.gid, "admin", "Olga Outsider");
});
afterAll(() => t?.close());

describe("audit log: what is recorded", () => {
  it("records sign-ins (both outcomes) and sign-outs with the browser's context", async () => {
    const failed = await browserPost("/auth/login", { email: member.email, password: "wrong password" });
    expect(failed.status).toBe(401);
    const signedIn = await browserPost("/auth/login", { email: member.email, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect((await browserPost("/auth/logout", {}, signedIn.cookie)).status).toBe(200);

    const success = await lastOfType("user_login_succeeded");
    expect(success).toEqual({
      gid: expect.stringMatching(/^\d+$/),
      resource_type: "audit_log_event",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event_type: "user_login_succeeded",
      event_category: "logins",
      actor: { actor_type: "user", gid: member.gid, name: "Max Member", email: member.email },
      resource: { resource_type: "user", gid: member.gid, name: "Max Member", email: member.email },
      details: {},
      context: { context_type: "web", client_ip_address: "127.0.0.1", user_agent: BROWSER },
    });
    const failure = await lastOfType("user_login_failed");
    expect(failure.actor).toEqual({ actor_type: "anonymous" });
    expect(failure.resource).toMatchObject({ resource_type: "user", gid: member.gid, email: member.email });
    const signOut = await lastOfType("user_logged_out");
    expect(signOut.actor.gid).toBe(member.gid);
    expect(signOut.context.context_type).toBe("web");
    expect(signOut.context).not.toHaveProperty("api_authentication_method");
  });

  it("records token creation and revocation, and password changes, with the API context", async () => {
    const api = client(t, member.token);
    const made = await api.post("/personal_access_tokens", { name: "Deploy script" });
    expect(made.status).toBe(201);
    expect((await api.delete(`/personal_access_tokens/${made.body.data.gid}`)).status).toBe(200);
    const created = await lastOfType("personal_access_token_created");
    expect(created).toMatchObject({
      event_category: "apps",
      actor: { actor_type: "user", gid: member.gid },
      resource: { resource_type: "personal_access_token", gid: made.body.data.gid, name: "Deploy script" },
      context: { context_type: "api", api_authentication_method: "personal_access_token" },
    });
    // The token itself is never part of the log.
    expect(JSON.stringify(created)).not.toContain(made.body.data.token);
    expect((await lastOfType("personal_access_token_revoked")).resource.gid).toBe(made.body.data.gid);

    const changed = await api.put("/users/me/password", {
      current_password: PASSWORD,
      new_password: "another password",
    });
    expect(changed.status).toBe(200);
    expect((await lastOfType("user_password_changed")).actor.gid).toBe(member.gid);
  });

  it("records permission changes: workspace role, project and team membership", async () => {
    const api = client(t, admin.token);
    const promoted = await makeUser(t, workspace.gid, "admin", "Pia Promoted");
    // addUser makes a full member: an admin added again is demoted, which the log shows.
    expect((await api.post(`/workspaces/${workspace.gid}/addUser`, { user: promoted.gid })).status).toBe(200);
    expect((await lastOfType("user_workspace_role_changed")).details).toEqual({
      old_value: "admin",
      new_value: "member",
    });

    const project = await makeProject(t, workspace.gid, {
      name: "Client site",
      privacy: "private",
      members: [{ user: admin, access: "admin" }],
    });
    const added = await api.post(`/projects/${project.gid}/addMembers`, {
      members: member.gid,
      access_level: "editor",
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const addedEvent = await lastOfType("project_member_added");
    expect(addedEvent).toMatchObject({
      event_category: "permissions",
      resource: { resource_type: "project", gid: project.gid, name: "Client site" },
      details: { user: { gid: member.gid, name: "Max Member", email: member.email } },
    });
    const memberships = await api.get(`/projects/${project.gid}/project_memberships?user=${member.gid}`);
    const membershipGid = memberships.body.data[0].gid;
    expect((await api.put(`/project_memberships/${membershipGid}`, { access_level: "viewer" })).status).toBe(200);
    expect((await lastOfType("project_member_access_changed")).details).toMatchObject({
      user: { gid: member.gid },
      new_value: "viewer",
    });
    expect((await api.post(`/projects/${project.gid}/removeMembers`, { members: member.gid })).status).toBe(200);
    expect((await lastOfType("project_member_removed")).details.user.gid).toBe(member.gid);

    const team = await makeTeam(t, workspace.gid, "Design", [admin]);
    expect((await api.post(`/teams/${team.gid}/addUser`, { user: member.gid })).status).toBe(200);
    expect((await lastOfType("team_member_added")).resource).toMatchObject({ gid: team.gid, name: "Design" });
    expect((await api.post(`/teams/${team.gid}/removeUser`, { user: member.gid })).status).toBe(200);
    expect((await lastOfType("team_member_removed")).details.user.gid).toBe(member.gid);
  });

  it("records invitations, exports, secret reveals, deletions and removed users", async () => {
    const api = client(t, admin.token);
    const invited = await api.post("/invitations", {
      workspace: workspace.gid,
      email: "new.hire@agency.test",
      role: "member",
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect((await lastOfType("user_invited")).resource).toMatchObject({
      resource_type: "invitation",
      email: "new.hire@agency.test",
    });
    expect((await api.delete(`/invitations/${invited.body.data.gid}`)).status).toBe(200);
    expect((await lastOfType("invitation_revoked")).resource.gid).toBe(invited.body.data.gid);

    const project = await makeProject(t, workspace.gid, {
      name: "Exported",
      members: [{ user: admin, access: "admin" }],
      sections: ["To do", "Spare"],
    });
    expect((await api.get(`/projects/${project.gid}/export.csv`)).status).toBe(200);
    expect((await lastOfType("project_exported")).details).toEqual({ format: "csv" });
    expect((await api.post(`/workspaces/${workspace.gid}/export`, {})).status).toBe(201);
    expect((await lastOfType("workspace_exported")).event_category).toBe("content_export");

    const field = await api.post("/custom_fields", {
      workspace: workspace.gid,
      name: "Hosting password",
      resource_subtype: "secret",
    });
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    await api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.body.data.gid });
    const task = await api.post("/tasks", {
      name: "Server",
      projects: [project.gid],
      custom_fields: { [field.body.data.gid]: "s3cr3t-value" },
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const reveal = await api.post(`/tasks/${task.body.data.gid}/custom_fields/${field.body.data.gid}/reveal`);
    expect(reveal.status).toBe(200);
    const revealed = await lastOfType("secret_revealed");
    expect(revealed).toMatchObject({
      event_category: "content_access",
      resource: { resource_type: "custom_field", gid: field.body.data.gid, name: "Hosting password" },
      details: { task: { gid: task.body.data.gid, name: "Server" } },
    });
    expect(JSON.stringify(revealed)).not.toContain("s3cr3t-value");

    expect((await api.delete(`/tasks/${task.body.data.gid}`)).status).toBe(200);
    expect((await lastOfType("task_deleted")).resource).toMatchObject({ gid: task.body.data.gid, name: "Server" });
    expect((await api.delete(`/sections/${project.sections[1].gid}`)).status).toBe(200);
    expect((await lastOfType("section_deleted")).resource).toMatchObject({
      gid: project.sections[1].gid,
      name: "Spare",
    });
    expect((await api.delete(`/custom_fields/${field.body.data.gid}`)).status).toBe(200);
    expect((await lastOfType("custom_field_deleted")).resource.name).toBe("Hosting password");

    const doomed = await makeProject(t, workspace.gid, { name: "Doomed", members: [{ user: admin, access: "admin" }] });
    const doomedTasks = await Promise.all(
      [1, 2, 3].map((n) =>
        makeTask(t, workspace.gid, { name: `Doomed ${n}`, project: doomed, section: doomed.sections[0] }),
      ),
    );
    const beforeDelete = (await eventsOf("?event_type=task_deleted")).length;
    expect((await api.delete(`/projects/${doomed.gid}`)).status).toBe(200);
    expect(await lastOfType("project_deleted")).toMatchObject({
      resource: { resource_type: "project", gid: doomed.gid, name: "Doomed" },
      details: { tasks_deleted: doomedTasks.length },
    });
    // One row for the project, not one per task that went with it.
    expect((await eventsOf("?event_type=task_deleted")).length).toBe(beforeDelete);

    const webhookGid = newGid();
    await t.handle.db
      .insertInto("webhooks")
      .values({
        gid: webhookGid,
        workspace_gid: Number(workspace.gid),
        resource_type: "project",
        resource_gid: Number(project.gid),
        target: "https://hooks.example.test/takt?key=receiver-secret",
        secret: "s",
        filters: "[]",
        active: 1,
        created_by_gid: Number(admin.gid),
        first_event_id: 0,
        created_at: new Date().toISOString(),
        last_success_at: null,
        last_failure_at: null,
        last_failure_content: null,
        failing_since: null,
        delivery_retry_count: 0,
        next_attempt_after: null,
        lease_owner: null,
        lease_until: null,
      })
      .execute();
    expect((await api.delete(`/webhooks/${webhookGid}`)).status).toBe(200);
    const webhookDeleted = await lastOfType("webhook_deleted");
    expect(webhookDeleted.resource).toEqual({
      resource_type: "webhook",
      gid: String(webhookGid),
      name: "https://hooks.example.test/takt",
    });

    const leaving = await makeUser(t, workspace.gid, "member", "Lea Leaving");
    expect((await api.post(`/workspaces/${workspace.gid}/removeUser`, { user: leaving.email })).status).toBe(200);
    expect((await lastOfType("user_removed_from_workspace")).resource).toMatchObject({
      gid: leaving.gid,
      email: leaving.email,
    });
  });

  it("writes nothing for a change that rolled back", async () => {
    const task = await makeTask(t, workspace.gid, { name: "Survivor" });
    const ctx = { ...t.ctx, actor: { gid: Number(admin.gid), name: admin.name, email: admin.email, language: "en" } };
    await expect(
      transact(ctx, async (tx) => {
        await tx.trx.deleteFrom("tasks").where("gid", "=", Number(task.gid)).execute();
        await tx.emit({
          workspace_gid: Number(workspace.gid),
          resource_type: "task",
          resource_gid: Number(task.gid),
          parent_type: "workspace",
          parent_gid: Number(workspace.gid),
          action: "deleted",
        });
        const inside = await tx.trx
          .selectFrom("audit_log_events")
          .select("gid")
          .where("resource_gid", "=", Number(task.gid))
          .execute();
        expect(inside).toHaveLength(1);
        throw new Error("the command failed after its audit row was written");
      }),
    ).rejects.toThrow(/command failed/);
    expect(await eventsOf(`?resource_gid=${task.gid}`)).toEqual([]);
    const still = await t.handle.db.selectFrom("tasks").select("gid").where("gid", "=", Number(task.gid)).execute();
    expect(still).toHaveLength(1);

    // Over HTTP: removing a project's last admin is refused, and the log has no removal for it.
    const project = await makeProject(t, workspace.gid, { members: [{ user: admin, access: "admin" }] });
    const refused = await client(t, admin.token).post(`/projects/${project.gid}/removeMembers`, { members: admin.gid });
    expect(refused.status).toBe(400);
    expect(await eventsOf(`?resource_gid=${project.gid}&event_type=project_member_removed`)).toEqual([]);
  });
});

describe("audit log: reading it", () => {
  it("filters by type, actor, resource and time, and pages with next_page", async () => {
    const byMember = await eventsOf(`?actor_gid=${member.gid}`);
    expect(byMember.length).toBeGreaterThan(3);
    expect(byMember.every((event) => event.actor.gid === member.gid)).toBe(true);
    const anonymous = await eventsOf("?actor_type=anonymous");
    expect(anonymous.every((event) => event.actor.actor_type === "anonymous")).toBe(true);
    expect(anonymous.length).toBeGreaterThan(0);
    const aboutMember = await eventsOf(`?resource_gid=${member.gid}&event_type=user_login_succeeded`);
    expect(aboutMember.length).toBe(1);

    const all = await eventsOf("");
    const times = all.map((event) => event.created_at);
    expect([...times].sort()).toEqual(times);
    const newest = await eventsOf("?sort=desc&limit=1");
    expect(newest[0].gid).toBe(all.at(-1).gid);
    const future = await eventsOf(`?start_at=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future).toEqual([]);
    const past = await eventsOf(`?end_at=${encodeURIComponent("2020-01-01T00:00:00Z")}`);
    expect(past).toEqual([]);

    const api = client(t, admin.token);
    const first = await api.get(auditPath("?limit=2"));
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_page.offset).toBeTruthy();
    const second = await api.get(auditPath(`?limit=2&offset=${first.body.next_page.offset}`));
    expect(second.body.data[0].gid).toBe(all[2].gid);
    const picked = await api.get(auditPath("?limit=1&opt_fields=event_type"));
    expect(picked.body.data[0]).toEqual({
      gid: all[0].gid,
      resource_type: "audit_log_event",
      event_type: all[0].event_type,
    });
  });

  it("is for workspace admins only", async () => {
    expect((await client(t, member.token).get(auditPath())).status).toBe(403);
    expect((await client(t, guest.token).get(auditPath())).status).toBe(403);
    expect((await client(t, outsider.token).get(auditPath())).status).toBe(404);
    expect((await client(t).get(auditPath())).status).toBe(401);
    expect((await client(t, admin.token).get("/workspaces/123/audit_log_events")).status).toBe(404);
    expect((await client(t, admin.token).get("/workspaces/nope/audit_log_events")).status).toBe(400);
    // Another workspace's admin sees only their own log.
    const theirs = await client(t, outsider.token).get(`/workspaces/${workspace.gid}/audit_log_events`);
    expect(theirs.status).toBe(404);
  });

  it("names the parameter on bad input", async () => {
    const api = client(t, admin.token);
    const cases: [string, RegExp][] = [
      ["?start_at=yesterday", /^start_at:/],
      ["?end_at=2024-13-45", /^end_at:/],
      ["?actor_type=robot", /^actor_type:/],
      ["?actor_gid=abc", /^actor_gid:/],
      ["?resource_gid=-1", /^resource_gid:/],
      ["?limit=1000", /^limit:/],
      ["?limit=5&offset=garbage", /^offset:/],
      ["?sort=sideways", /^sort:/],
    ];
    for (const [query, message] of cases) {
      const answer = await api.get(auditPath(query));
      expect(answer.status, query).toBe(400);
      expect(answer.body.errors[0].message, query).toMatch(message);
    }
  });
});
