import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
let workspace: { gid: string; name: string };
let otherWorkspace: { gid: string; name: string };
let admin: TestUser;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let guest: TestUser;
let outsider: TestUser;
let team: { gid: string; name: string };

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  owner = await makeUser(t, workspace.gid, "member", "Oleg Owner");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  stranger = await makeUser(t, workspace.gid, "member", "Sasha Stranger");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  otherWorkspace = await makeWorkspace(t, "Other Co");
  outsider = await makeUser(t, otherWorkspace.gid, "admin", "Olga Outsider");
  team = await makeTeam(t, workspace.gid, "Production", [owner, member]);
});
afterAll(() => t?.close());

async function count(table: "projects" | "project_memberships" | "sections" | "tasks" | "task_memberships") {
  const row = await t.handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function countEvents() {
  const row = await t.handle.db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function countAudit() {
  const row = await t.handle.db
    .selectFrom("audit_log_events")
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function eventsOf(gid: string) {
  const rows = await t.handle.db
    .selectFrom("events")
    .selectAll()
    .where("resource_gid", "=", Number(gid))
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ ...row, change: row.change ? JSON.parse(row.change) : null }));
}

// A private project shared with one person per access level, and a guest as commenter.
async function privateProject(name = "Client: Acme") {
  const viewer = await makeUser(t, workspace.gid, "member", `${name} viewer`);
  const editor = await makeUser(t, workspace.gid, "member", `${name} editor`);
  const project = await makeProject(t, workspace.gid, {
    name,
    privacy: "private",
    owner,
    members: [
      { user: owner, access: "admin" },
      { user: editor, access: "editor" },
      { user: viewer, access: "viewer" },
      { user: guest, access: "commenter" },
    ],
    sections: ["Onboarding", "In work"],
  });
  return { project, viewer, editor };
}

describe("creating projects", () => {
  it("creates a project with every field, its creator as admin member and owner, and a first section", async () => {
    const answer = await client(t, owner.token).post("/projects", {
      workspace: workspace.gid,
      team: team.gid,
      name: "Website relaunch",
      html_notes: '<body>Launch <strong>soon</strong><img src="x" onerror="alert(1)"></body>',
      color: "dark-green",
      default_view: "board",
      privacy_setting: "private",
      due_on: "2026-06-30",
      start_on: "2026-05-01",
      followers: member.gid,
    });
    expect(answer.status).toBe(201);
    const project = answer.body.data;
    expect(answer.headers.get("location")).toBe(`/api/1.0/projects/${project.gid}`);
    expect(project).toMatchObject({
      resource_type: "project",
      name: "Website relaunch",
      archived: false,
      color: "dark-green",
      default_view: "board",
      due_on: "2026-06-30",
      start_on: "2026-05-01",
      notes: "Launch soon",
      html_notes: "<body>Launch <strong>soon</strong></body>",
      owner: { gid: owner.gid, resource_type: "user", name: "Oleg Owner" },
      team: { gid: team.gid, resource_type: "team", name: "Production" },
      workspace: { gid: workspace.gid, resource_type: "workspace", name: workspace.name },
      privacy_setting: "private",
      public: false,
      current_status: null,
      permalink_url: expect.stringMatching(new RegExp(`^http.*/projects/${project.gid}$`)),
    });
    expect(project.created_at).toEqual(expect.any(String));
    expect(project.modified_at).toEqual(expect.any(String));
    expect(project.members).toEqual([
      { gid: owner.gid, resource_type: "user", name: "Oleg Owner" },
      { gid: member.gid, resource_type: "user", name: "Boris Member" },
    ]);
    const memberships = await client(t, owner.token).get(`/projects/${project.gid}/project_memberships`);
    expect(
      memberships.body.data.map((row: { user: { gid: string }; access_level: string }) => row.access_level),
    ).toEqual(["admin", "editor"]);
    const sections = await client(t, owner.token).get(`/projects/${project.gid}/sections`);
    expect(sections.body.data).toEqual([
      { gid: expect.any(String), resource_type: "section", name: "Untitled section" },
    ]);
    const events = await eventsOf(project.gid);
    expect(events[0]).toMatchObject({
      resource_type: "project",
      action: "added",
      parent_type: "team",
      parent_gid: Number(team.gid),
    });
    expect(events.slice(1).map((event) => event.change)).toEqual([
      { field: "members", action: "added", added_value: { gid: owner.gid, resource_type: "user" } },
      { field: "members", action: "added", added_value: { gid: member.gid, resource_type: "user" } },
    ]);
  });

  it("creates in a team or a workspace by path, and accepts Asana's legacy public flag", async () => {
    const inTeam = await client(t, member.token).post(`/teams/${team.gid}/projects`, { name: "Q3 campaign" });
    expect(inTeam.status).toBe(201);
    expect(inTeam.body.data).toMatchObject({
      team: { gid: team.gid },
      workspace: { gid: workspace.gid },
      privacy_setting: "public_to_workspace",
      public: true,
      default_view: "list",
      notes: "",
      owner: { gid: member.gid },
    });
    const inWorkspace = await client(t, member.token).post(`/workspaces/${workspace.gid}/projects`, {
      name: "Personal board",
      public: false,
      notes: "a < b & c",
    });
    expect(inWorkspace.status).toBe(201);
    expect(inWorkspace.body.data).toMatchObject({
      team: null,
      privacy_setting: "private",
      public: false,
      notes: "a < b & c",
      html_notes: "<body>a &lt; b &amp; c</body>",
    });
    const events = await eventsOf(inWorkspace.body.data.gid);
    expect(events[0]).toMatchObject({ action: "added", parent_type: "workspace", parent_gid: Number(workspace.gid) });
    const byTeamOnly = await client(t, member.token).post("/projects", { team: team.gid, name: "By team only" });
    expect(byTeamOnly.body.data.workspace.gid).toBe(workspace.gid);
  });

  it("rejects bad input naming the field, and writes nothing", async () => {
    const api = client(t, member.token);
    const foreignTeam = await makeTeam(t, otherWorkspace.gid, "Foreign");
    const before = await Promise.all([count("projects"), count("project_memberships"), count("sections")]);
    const base = { workspace: workspace.gid, name: "Valid" };
    const cases: [unknown, RegExp][] = [
      [{ workspace: workspace.gid }, /^name: Missing input/],
      [{ ...base, name: "" }, /^name: must not be empty/],
      [{ ...base, name: 42 }, /^name:/],
      [{ ...base, name: "n".repeat(1025) }, /^name: Too big/],
      [{ ...base, due_on: "2026-13-45" }, /^due_on: must be a valid date/],
      [{ ...base, due_on: "2026-02-30" }, /^due_on: must be a valid date/],
      [{ ...base, start_on: "tomorrow" }, /^start_on: must be a valid date/],
      [{ ...base, start_on: "2026-05-02", due_on: "2026-05-01" }, /^start_on: must be on or before due_on/],
      [{ ...base, default_view: "gantt" }, /^default_view:/],
      [{ ...base, color: "neon" }, /^color:/],
      [{ ...base, privacy_setting: "secret" }, /^privacy_setting:/],
      [{ ...base, public: "yes" }, /^public:/],
      [{ ...base, public: true, privacy_setting: "private" }, /^public: contradicts privacy_setting/],
      [{ ...base, notes: "a", html_notes: "<body>b</body>" }, /^html_notes: pass notes or html_notes/],
      [{ ...base, archived: "no" }, /^archived:/],
      [{ ...base, icon_name: "rocket" }, /^icon_name: Unknown field/],
      [{ ...base, team: "999999" }, /^team: Unknown object/],
      [{ ...base, team: foreignTeam.gid }, /^team: Unknown object/],
      [{ ...base, team: "abc" }, /^team: must be a gid string/],
      [{ ...base, owner: outsider.gid }, /^owner: no member of this workspace/],
      [{ ...base, owner: guest.gid }, /^owner: a guest cannot own a project/],
      [{ ...base, followers: ["999999"] }, /^followers: no member of this workspace matches 999999/],
      [{ name: "Nowhere" }, /^workspace: Missing input/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post("/projects", data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message, JSON.stringify(data)).toMatch(message);
    }
    expect((await api.post("/projects")).status).toBe(400);
    expect((await api.post(`/workspaces/${otherWorkspace.gid}/projects`, { name: "X" })).status).toBe(404);
    expect((await api.post(`/teams/${foreignTeam.gid}/projects`, { name: "X" })).status).toBe(404);
    expect(await Promise.all([count("projects"), count("project_memberships"), count("sections")])).toEqual(before);
  });

  it("does not let guests or outsiders create projects", async () => {
    const before = await count("projects");
    const byGuest = await client(t, guest.token).post("/projects", { workspace: workspace.gid, name: "Mine" });
    expect(byGuest.status).toBe(403);
    expect(byGuest.body.errors[0].message).toMatch(/Guests cannot create projects/);
    expect((await client(t, guest.token).post(`/teams/${team.gid}/projects`, { name: "Mine" })).status).toBe(404);
    expect((await client(t, outsider.token).post("/projects", { workspace: workspace.gid, name: "X" })).status).toBe(
      404,
    );
    expect(await count("projects")).toBe(before);
  });
});

describe("creating a project with its sections in one request", () => {
  it("makes the named sections, in order, instead of the untitled one", async () => {
    const api = client(t, owner.token);
    const answer = await api.post("/projects", {
      workspace: workspace.gid,
      name: "Client: Bakery",
      sections: ["Onboarding", "In work", "QA", "Done"],
    });
    expect(answer.status).toBe(201);
    const sections = await api.get(`/projects/${answer.body.data.gid}/sections`);
    expect(sections.body.data.map((section: { name: string }) => section.name)).toEqual([
      "Onboarding",
      "In work",
      "QA",
      "Done",
    ]);
    const events = await t.handle.db
      .selectFrom("events")
      .select("resource_gid")
      .where("resource_type", "=", "section")
      .where("parent_gid", "=", Number(answer.body.data.gid))
      .where("action", "=", "added")
      .execute();
    expect(events.map((event) => String(event.resource_gid)).sort()).toEqual(
      sections.body.data.map((section: { gid: string }) => section.gid).sort(),
    );
  });

  it("takes sections on the team and workspace paths too; names are trimmed", async () => {
    const api = client(t, owner.token);
    const inTeam = await api.post(`/teams/${team.gid}/projects`, { name: "Team board", sections: [" To do ", "Done"] });
    expect(inTeam.status).toBe(201);
    const inWorkspace = await api.post(`/workspaces/${workspace.gid}/projects`, {
      name: "WS board",
      sections: ["Only"],
    });
    expect(inWorkspace.status).toBe(201);
    const teamSections = await api.get(`/projects/${inTeam.body.data.gid}/sections`);
    expect(teamSections.body.data.map((section: { name: string }) => section.name)).toEqual(["To do", "Done"]);
    const workspaceSections = await api.get(`/projects/${inWorkspace.body.data.gid}/sections`);
    expect(workspaceSections.body.data.map((section: { name: string }) => section.name)).toEqual(["Only"]);
  });

  it("refuses a bad list of sections whole: no project, no section, no event", async () => {
    const api = client(t, owner.token);
    const before = await Promise.all([
      count("projects"),
      count("sections"),
      count("project_memberships"),
      countEvents(),
    ]);
    const base = { workspace: workspace.gid, name: "Half made" };
    const cases: [unknown, RegExp][] = [
      [{ ...base, sections: ["Onboarding", "   ", "Done"] }, /^sections\.1: must not be empty/],
      [{ ...base, sections: ["Fine", "x".repeat(1025)] }, /^sections\.1: Too big/],
      [{ ...base, sections: [] }, /^sections: name at least one section/],
      [{ ...base, sections: Array.from({ length: 51 }, (_, index) => `S${index}`) }, /^sections: at most 50 sections/],
      [{ ...base, sections: "Onboarding" }, /^sections:/],
      [{ ...base, sections: ["Ok", 7] }, /^sections\.1:/],
      // Valid sections, but a follower who is not in the workspace: refused after the sections were read.
      [{ ...base, sections: ["Onboarding", "Done"], followers: [outsider.gid] }, /^followers: no member/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post("/projects", data);
      expect(answer.status, JSON.stringify(data).slice(0, 80)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    const byGuest = await client(t, guest.token).post("/projects", { ...base, sections: ["Onboarding"] });
    expect(byGuest.status).toBe(403);
    expect(
      await Promise.all([count("projects"), count("sections"), count("project_memberships"), countEvents()]),
    ).toEqual(before);
  });
});

describe("refused changes leave nothing behind", () => {
  it("a rename mixed with a bad field changes neither, and records no event", async () => {
    const { project, editor } = await privateProject("Unchanged");
    const eventsBefore = await countEvents();
    const cases: [TestUser, unknown, number, RegExp][] = [
      [owner, { name: "Renamed", owner: outsider.gid }, 400, /^owner: no member of this workspace/],
      [owner, { name: "Renamed", team: "999999" }, 400, /^team: Unknown object/],
      [owner, { name: "Renamed", notes: "a", html_notes: "<body>b</body>" }, 400, /^html_notes:/],
      [owner, { name: "Renamed", start_on: "2027-01-02", due_on: "2027-01-01" }, 400, /^start_on:/],
      [owner, { name: "Renamed", color: "neon" }, 400, /^color:/],
      // Renaming needs edit access, sharing needs admin access: the editor gets neither.
      [editor, { name: "Renamed", privacy_setting: "public_to_workspace" }, 403, /admin access/],
    ];
    for (const [user, data, status, message] of cases) {
      const answer = await client(t, user.token).put(`/projects/${project.gid}`, data);
      expect(answer.status, JSON.stringify(data)).toBe(status);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    const after = await client(t, owner.token).get(`/projects/${project.gid}`);
    expect(after.body.data).toMatchObject({ name: "Unchanged", privacy_setting: "private", team: null, due_on: null });
    expect(after.body.data.owner.gid).toBe(owner.gid);
    expect(await countEvents()).toBe(eventsBefore);
  });

  it("removing people that would leave no admin keeps everyone, with no event or audit entry", async () => {
    const { project } = await privateProject("Kept");
    const api = client(t, owner.token);
    const before = await Promise.all([count("project_memberships"), countEvents(), countAudit()]);
    const answer = await api.post(`/projects/${project.gid}/removeMembers`, { members: [owner.gid] });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/at least one admin/);
    expect(await Promise.all([count("project_memberships"), countEvents(), countAudit()])).toEqual(before);
  });
});

describe("reading projects", () => {
  it("hides a private project from a member without access, a guest outside it and outsiders", async () => {
    const { project } = await privateProject("Secret merger");
    const otherGuest = await makeUser(t, workspace.gid, "guest", "Other Client");
    for (const user of [stranger, otherGuest, outsider, admin]) {
      const api = client(t, user.token);
      expect((await api.get(`/projects/${project.gid}`)).status, user.name).toBe(404);
      expect((await api.get(`/projects/${project.gid}/project_memberships`)).status).toBe(404);
      expect((await api.get(`/projects/${project.gid}/task_counts`)).status).toBe(404);
      expect((await api.put(`/projects/${project.gid}`, { name: "Mine" })).status).toBe(404);
      expect((await api.delete(`/projects/${project.gid}`)).status).toBe(404);
      expect((await api.post(`/projects/${project.gid}/addMembers`, { members: "me" })).status).toBe(404);
      const listed = await api.get(`/projects?workspace=${workspace.gid}`);
      expect(listed.body.data?.map((row: { gid: string }) => row.gid) ?? []).not.toContain(project.gid);
    }
    expect((await client(t, guest.token).get(`/projects/${project.gid}`)).status).toBe(200);
    expect((await client(t, member.token).get("/projects/not-a-gid")).status).toBe(400);
    expect((await client(t, member.token).get("/projects/424242")).status).toBe(404);
  });

  it("lists visible projects by workspace, team and archived, with pagination", async () => {
    const listTeam = await makeTeam(t, workspace.gid, "Listing", [member]);
    const api = client(t, member.token);
    const made: string[] = [];
    for (const name of ["Alpha", "Beta", "Gamma"]) {
      made.push((await api.post(`/teams/${listTeam.gid}/projects`, { name })).body.data.gid);
    }
    await api.put(`/projects/${made[2]}`, { archived: true });
    const hidden = await makeProject(t, workspace.gid, { team: listTeam.gid, privacy: "private", name: "Hidden" });
    const all = await api.get(`/teams/${listTeam.gid}/projects`);
    expect(all.body.data).toEqual([
      { gid: made[0], resource_type: "project", name: "Alpha" },
      { gid: made[1], resource_type: "project", name: "Beta" },
      { gid: made[2], resource_type: "project", name: "Gamma" },
    ]);
    const active = await api.get(`/projects?team=${listTeam.gid}&archived=false`);
    expect(active.body.data.map((row: { name: string }) => row.name)).toEqual(["Alpha", "Beta"]);
    const archived = await api.get(`/projects?team=${listTeam.gid}&archived=true&opt_fields=name,archived`);
    expect(archived.body.data).toEqual([{ gid: made[2], resource_type: "project", name: "Gamma", archived: true }]);
    const page1 = await api.get(`/projects?team=${listTeam.gid}&limit=2`);
    expect(page1.body.data.map((row: { name: string }) => row.name)).toEqual(["Alpha", "Beta"]);
    const page2 = await api.get(`/projects?team=${listTeam.gid}&limit=2&offset=${page1.body.next_page.offset}`);
    expect(page2.body.data.map((row: { name: string }) => row.name)).toEqual(["Gamma"]);
    expect(page2.body.next_page).toBeNull();
    const inWorkspace = await api.get(`/workspaces/${workspace.gid}/projects?opt_fields=name,team.name,members.name`);
    const alpha = inWorkspace.body.data.find((row: { gid: string }) => row.gid === made[0]);
    expect(alpha.team).toEqual({ gid: listTeam.gid, resource_type: "team", name: "Listing" });
    expect(alpha.members).toEqual([{ gid: member.gid, resource_type: "user", name: "Boris Member" }]);
    expect(inWorkspace.body.data.map((row: { gid: string }) => row.gid)).not.toContain(hidden.gid);

    expect((await api.get(`/projects?archived=maybe`)).body.errors[0].message).toMatch(/^archived:/);
    expect((await api.get(`/projects?limit=101`)).body.errors[0].message).toMatch(/^limit:/);
    expect((await client(t, guest.token).get(`/teams/${listTeam.gid}/projects`)).status).toBe(404);
    expect((await client(t, outsider.token).get(`/workspaces/${workspace.gid}/projects`)).status).toBe(404);
  });

  it("shows a guest only the projects shared with them", async () => {
    const { project } = await privateProject("Guest portal");
    const listed = await client(t, guest.token).get(`/workspaces/${workspace.gid}/projects`);
    expect(listed.status).toBe(200);
    const gids = listed.body.data.map((row: { gid: string }) => row.gid);
    expect(gids).toContain(project.gid);
    const all = await t.handle.db.selectFrom("projects").select("gid").execute();
    const shared = await t.handle.db
      .selectFrom("project_memberships")
      .select("project_gid")
      .where("user_gid", "=", Number(guest.gid))
      .execute();
    expect(gids.sort()).toEqual(shared.map((row) => String(row.project_gid)).sort());
    expect(all.length).toBeGreaterThan(gids.length);
  });

  it("counts tasks through opt_fields, as Asana does", async () => {
    const { project } = await privateProject("Counting");
    const sections = (await client(t, owner.token).get(`/projects/${project.gid}/sections`)).body.data;
    const tasks = [];
    for (const name of ["one", "two", "three", "milestone"]) {
      tasks.push(await makeTask(t, workspace.gid, { name, project, section: sections[0] }));
    }
    await t.handle.db.updateTable("tasks").set({ completed: 1 }).where("gid", "=", Number(tasks[0].gid)).execute();
    await t.handle.db
      .updateTable("tasks")
      .set({ resource_subtype: "milestone" })
      .where("gid", "=", Number(tasks[3].gid))
      .execute();
    const api = client(t, guest.token);
    expect((await api.get(`/projects/${project.gid}/task_counts`)).body.data).toEqual({});
    const counts = await api.get(
      `/projects/${project.gid}/task_counts?opt_fields=num_tasks,num_completed_tasks,num_incomplete_tasks,num_milestones,num_incomplete_milestones,num_completed_milestones`,
    );
    expect(counts.body.data).toEqual({
      num_tasks: 4,
      num_completed_tasks: 1,
      num_incomplete_tasks: 3,
      num_milestones: 1,
      num_incomplete_milestones: 1,
      num_completed_milestones: 0,
    });
  });
});

describe("changing projects", () => {
  it("lets editors change details, admins change sharing, and nobody less", async () => {
    const { project, viewer, editor } = await privateProject("Editing");
    const asViewer = await client(t, viewer.token).put(`/projects/${project.gid}`, { name: "Viewer's" });
    expect(asViewer.status).toBe(403);
    expect((await client(t, guest.token).put(`/projects/${project.gid}`, { name: "Client's" })).status).toBe(403);
    const asEditor = await client(t, editor.token).put(`/projects/${project.gid}`, {
      name: "Edited",
      color: "light-blue",
      due_on: "2026-12-31",
      default_view: "calendar",
    });
    expect(asEditor.status).toBe(200);
    expect(asEditor.body.data).toMatchObject({
      name: "Edited",
      color: "light-blue",
      due_on: "2026-12-31",
      default_view: "calendar",
    });
    expect(
      (await client(t, editor.token).put(`/projects/${project.gid}`, { privacy_setting: "public_to_workspace" }))
        .status,
    ).toBe(403);
    expect((await client(t, editor.token).put(`/projects/${project.gid}`, { owner: editor.gid })).status).toBe(403);
    expect((await client(t, stranger.token).get(`/projects/${project.gid}`)).status).toBe(404);
    const shared = await client(t, owner.token).put(`/projects/${project.gid}`, {
      public: true,
      owner: member.gid,
      team: team.gid,
    });
    expect(shared.status).toBe(200);
    expect(shared.body.data).toMatchObject({
      privacy_setting: "public_to_workspace",
      owner: { gid: member.gid },
      team: { gid: team.gid },
    });
    expect(shared.body.data.members.map((user: { gid: string }) => user.gid)).toContain(member.gid);
    expect((await client(t, stranger.token).get(`/projects/${project.gid}`)).status).toBe(200);
    const changes = (await eventsOf(project.gid)).filter((event) => event.action === "changed").map((e) => e.change);
    expect(changes).toEqual(
      expect.arrayContaining([
        { field: "name", action: "changed", new_value: "Edited" },
        { field: "privacy_setting", action: "changed", new_value: "public_to_workspace" },
        { field: "owner", action: "changed", new_value: { gid: member.gid, resource_type: "user" } },
        { field: "members", action: "added", added_value: { gid: member.gid, resource_type: "user" } },
      ]),
    );
  });

  it("keeps whoever makes a public project private inside it", async () => {
    const project = await makeProject(t, workspace.gid, { name: "Open to all" });
    const answer = await client(t, admin.token).put(`/projects/${project.gid}`, { privacy_setting: "private" });
    expect(answer.status).toBe(200);
    expect(answer.body.data.members).toEqual([{ gid: admin.gid, resource_type: "user", name: "Anna Admin" }]);
    expect((await client(t, admin.token).get(`/projects/${project.gid}`)).status).toBe(200);
    expect((await client(t, stranger.token).get(`/projects/${project.gid}`)).status).toBe(404);
  });

  it("rejects bad updates naming the field and changes nothing", async () => {
    const { project, editor } = await privateProject("Strict");
    const api = client(t, editor.token);
    const cases: [unknown, RegExp][] = [
      [{ name: "" }, /^name: must not be empty/],
      [{ name: "x".repeat(1025) }, /^name: Too big/],
      [{ due_on: "2026-13-45" }, /^due_on: must be a valid date/],
      [{ start_on: "2027-01-01", due_on: "2026-01-01" }, /^start_on: must be on or before due_on/],
      [{ archived: 1 }, /^archived:/],
      [{ workspace: otherWorkspace.gid }, /^workspace: a project cannot move/],
      [{ gid: "1" }, /^gid: Unknown field/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.put(`/projects/${project.gid}`, data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    const after = await api.get(`/projects/${project.gid}`);
    expect(after.body.data).toMatchObject({ name: "Strict", due_on: null, start_on: null, archived: false });
  });

  it("deletes a project with its sections and memberships, and the tasks that lived only there", async () => {
    const { project, editor } = await privateProject("Doomed");
    const keeper = await makeProject(t, workspace.gid, { members: [{ user: owner, access: "admin" }] });
    const sections = (await client(t, owner.token).get(`/projects/${project.gid}/sections`)).body.data;
    const onlyHere = await makeTask(t, workspace.gid, { name: "only here", project, section: sections[0] });
    const multiHomed = await makeTask(t, workspace.gid, { name: "both", project, section: sections[1] });
    await t.handle.db
      .insertInto("task_memberships")
      .values({
        task_gid: Number(multiHomed.gid),
        project_gid: Number(keeper.gid),
        section_gid: Number(keeper.sections[0].gid),
        order_key: "a0",
        created_at: new Date().toISOString(),
      })
      .execute();
    expect((await client(t, editor.token).delete(`/projects/${project.gid}`)).status).toBe(403);
    const answer = await client(t, owner.token).delete(`/projects/${project.gid}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({});
    expect((await client(t, owner.token).get(`/projects/${project.gid}`)).status).toBe(404);
    const db = t.handle.db;
    const gid = Number(project.gid);
    expect(await db.selectFrom("sections").select("gid").where("project_gid", "=", gid).execute()).toEqual([]);
    expect(await db.selectFrom("project_memberships").select("gid").where("project_gid", "=", gid).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom("task_memberships").select("task_gid").where("project_gid", "=", gid).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom("tasks").select("gid").where("gid", "=", Number(onlyHere.gid)).execute()).toEqual([]);
    expect(await db.selectFrom("tasks").select("gid").where("gid", "=", Number(multiHomed.gid)).execute()).toHaveLength(
      1,
    );
    const events = await eventsOf(project.gid);
    expect(events.at(-1)).toMatchObject({ resource_type: "project", action: "deleted", parent_type: "workspace" });
    expect(await eventsOf(onlyHere.gid)).toEqual([
      expect.objectContaining({ resource_type: "task", action: "deleted", parent_gid: gid }),
    ]);
  });
});

describe("project members", () => {
  it("adds members from a comma list or an array with an access level, and records events", async () => {
    const { project, editor } = await privateProject("Sharing");
    const extra = await makeUser(t, workspace.gid, "member", "Extra Person");
    const answer = await client(t, owner.token).post(`/projects/${project.gid}/addMembers`, {
      members: `${stranger.gid}, ${extra.email}`,
      access_level: "commenter",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data.resource_type).toBe("project");
    expect(answer.body.data.members.map((user: { gid: string }) => user.gid)).toEqual(
      expect.arrayContaining([stranger.gid, extra.gid]),
    );
    expect((await client(t, stranger.token).get(`/projects/${project.gid}`)).status).toBe(200);
    const memberships = await client(t, owner.token).get(
      `/projects/${project.gid}/project_memberships?user=${stranger.gid}`,
    );
    expect(memberships.body.data).toEqual([
      {
        gid: expect.any(String),
        resource_type: "project_membership",
        parent: { gid: project.gid, resource_type: "project", name: "Sharing" },
        member: { gid: stranger.gid, resource_type: "user", name: "Sasha Stranger" },
        user: { gid: stranger.gid, resource_type: "user", name: "Sasha Stranger" },
        access_level: "commenter",
      },
    ]);
    const byEditor = await client(t, editor.token).post(`/projects/${project.gid}/addMembers`, {
      members: [member.gid],
    });
    expect(byEditor.status).toBe(200);
    const added = (await eventsOf(project.gid)).map((event) => event.change);
    expect(added).toEqual([
      { field: "members", action: "added", added_value: { gid: stranger.gid, resource_type: "user" } },
      { field: "members", action: "added", added_value: { gid: extra.gid, resource_type: "user" } },
      { field: "members", action: "added", added_value: { gid: member.gid, resource_type: "user" } },
    ]);
  });

  it("refuses bad members and those without the right to share", async () => {
    const { project, viewer, editor } = await privateProject("Refusing");
    const before = await count("project_memberships");
    const api = client(t, owner.token);
    const cases: [unknown, RegExp][] = [
      [{}, /^members: Missing input/],
      [{ members: 42 }, /^members:/],
      [{ members: "" }, /^members: Missing input/],
      [{ members: stranger.gid, access_level: "owner" }, /^access_level:/],
      [{ members: `${stranger.gid},999999` }, /^members: no member of this workspace matches 999999/],
      [{ members: outsider.email }, /^members: no member of this workspace/],
      [{ members: Array.from({ length: 101 }, () => stranger.gid) }, /^members:/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post(`/projects/${project.gid}/addMembers`, data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect(
      (await client(t, viewer.token).post(`/projects/${project.gid}/addMembers`, { members: stranger.gid })).status,
    ).toBe(403);
    expect(
      (await client(t, guest.token).post(`/projects/${project.gid}/addMembers`, { members: stranger.gid })).status,
    ).toBe(403);
    const escalate = await client(t, editor.token).post(`/projects/${project.gid}/addMembers`, {
      members: stranger.gid,
      access_level: "admin",
    });
    expect(escalate.status).toBe(403);
    expect(await count("project_memberships")).toBe(before);
  });

  it("removes members; anyone may leave; the last admin stays", async () => {
    const { project, viewer, editor } = await privateProject("Leaving");
    expect(
      (await client(t, editor.token).post(`/projects/${project.gid}/removeMembers`, { members: viewer.gid })).status,
    ).toBe(403);
    const left = await client(t, viewer.token).post(`/projects/${project.gid}/removeMembers`, { members: "me" });
    expect(left.status).toBe(200);
    expect((await client(t, viewer.token).get(`/projects/${project.gid}`)).status).toBe(404);
    const lastAdmin = await client(t, owner.token).post(`/projects/${project.gid}/removeMembers`, { members: "me" });
    expect(lastAdmin.status).toBe(400);
    expect(lastAdmin.body.errors[0].message).toMatch(/^members: a project must keep at least one admin/);
    const removed = await client(t, owner.token).post(`/projects/${project.gid}/removeMembers`, {
      members: [editor.gid],
    });
    expect(removed.body.data.members.map((user: { gid: string }) => user.gid)).toEqual([owner.gid, guest.gid]);
    const change = (await eventsOf(project.gid)).at(-1)?.change;
    expect(change).toEqual({
      field: "members",
      action: "removed",
      removed_value: { gid: editor.gid, resource_type: "user" },
    });
  });

  it("treats followers as members", async () => {
    const { project } = await privateProject("Following");
    const added = await client(t, owner.token).post(`/projects/${project.gid}/addFollowers`, {
      followers: stranger.gid,
    });
    expect(added.status).toBe(200);
    expect(added.body.data.followers.map((user: { gid: string }) => user.gid)).toContain(stranger.gid);
    const removed = await client(t, owner.token).post(`/projects/${project.gid}/removeFollowers`, {
      followers: stranger.gid,
    });
    expect(removed.body.data.followers.map((user: { gid: string }) => user.gid)).not.toContain(stranger.gid);
    expect(
      (await client(t, owner.token).post(`/projects/${project.gid}/addFollowers`, {})).body.errors[0].message,
    ).toMatch(/^followers: Missing input/);
  });

  it("reads and changes one membership's access level", async () => {
    const { project, viewer, editor } = await privateProject("Levels");
    const list = await client(t, viewer.token).get(`/projects/${project.gid}/project_memberships?limit=2`);
    expect(list.body.data).toHaveLength(2);
    const rest = await client(t, viewer.token).get(
      `/projects/${project.gid}/project_memberships?limit=2&offset=${list.body.next_page.offset}`,
    );
    expect(rest.body.data).toHaveLength(2);
    const all = [...list.body.data, ...rest.body.data];
    const ofEditor = all.find((row: { user: { gid: string } }) => row.user.gid === editor.gid);
    const ofOwner = all.find((row: { user: { gid: string } }) => row.user.gid === owner.gid);
    const single = await client(t, guest.token).get(`/project_memberships/${ofEditor.gid}`);
    expect(single.body.data).toMatchObject({
      resource_type: "project_membership",
      access_level: "editor",
      write_access: "full_write",
      project: { gid: project.gid },
    });
    for (const user of [stranger, outsider]) {
      expect((await client(t, user.token).get(`/project_memberships/${ofEditor.gid}`)).status).toBe(404);
      expect(
        (await client(t, user.token).put(`/project_memberships/${ofEditor.gid}`, { access_level: "admin" })).status,
      ).toBe(404);
    }
    expect(
      (await client(t, editor.token).put(`/project_memberships/${ofEditor.gid}`, { access_level: "admin" })).status,
    ).toBe(403);
    const bad = await client(t, owner.token).put(`/project_memberships/${ofEditor.gid}`, { access_level: "boss" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^access_level:/);
    const missing = await client(t, owner.token).put(`/project_memberships/${ofEditor.gid}`, {});
    expect(missing.body.errors[0].message).toMatch(/^access_level: Missing input/);
    const changed = await client(t, owner.token).put(`/project_memberships/${ofEditor.gid}`, {
      access_level: "viewer",
    });
    expect(changed.body.data).toMatchObject({ access_level: "viewer", write_access: "comment_only" });
    expect((await client(t, editor.token).put(`/projects/${project.gid}`, { name: "Now a viewer" })).status).toBe(403);
    const demoteLast = await client(t, owner.token).put(`/project_memberships/${ofOwner.gid}`, {
      access_level: "editor",
    });
    expect(demoteLast.status).toBe(400);
    expect(demoteLast.body.errors[0].message).toMatch(/^access_level: a project must keep at least one admin/);
    expect((await client(t, owner.token).get(`/project_memberships/${ofOwner.gid}`)).body.data.access_level).toBe(
      "admin",
    );
    expect((await client(t, owner.token).get("/project_memberships/999999")).status).toBe(404);
  });
});
