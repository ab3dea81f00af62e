import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeTeam, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let admin: TestUser;
let lead: TestUser;
let member: TestUser;
let other: TestUser;
let guest: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  other = await makeUser(t, workspace.gid, "member", "Dmitri Designer");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  const elsewhere = await makeWorkspace(t, "Other Co");
  outsider = await makeUser(t, elsewhere.gid, "admin", "Olga Outsider");
});
afterAll(() => t?.close());

async function teamCount() {
  const row = await t.handle.db
    .selectFrom("teams")
    .select((eb) => eb.fn.countAll().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function eventsOf(gid: string) {
  return t.handle.db.selectFrom("events").selectAll().where("resource_gid", "=", Number(gid)).orderBy("id").execute();
}

describe("teams", () => {
  it("lets a full member create a team, making them its admin", async () => {
    const answer = await client(t, lead.token).post("/teams", {
      organization: workspace.gid,
      name: "  Production ",
      description: "Makes the things",
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBe(`/api/1.0/teams/${answer.body.data.gid}`);
    expect(answer.body.data).toMatchObject({
      resource_type: "team",
      name: "Production",
      description: "Makes the things",
      html_description: "<body>Makes the things</body>",
      organization: { gid: workspace.gid, resource_type: "workspace", name: workspace.name },
      permalink_url: expect.stringMatching(new RegExp(`/teams/${answer.body.data.gid}$`)),
    });
    const memberships = await client(t, lead.token).get(`/teams/${answer.body.data.gid}/team_memberships`);
    expect(memberships.body.data).toEqual([
      {
        gid: expect.any(String),
        resource_type: "team_membership",
        user: { gid: lead.gid, resource_type: "user", name: "Lena Lead" },
        team: { gid: answer.body.data.gid, resource_type: "team", name: "Production" },
        is_guest: false,
        is_limited_access: false,
        is_admin: true,
      },
    ]);
    const single = await client(t, member.token).get(`/team_memberships/${memberships.body.data[0].gid}`);
    expect(single.status).toBe(200);
    expect(single.body.data.is_admin).toBe(true);
    expect((await client(t, guest.token).get(`/team_memberships/${memberships.body.data[0].gid}`)).status).toBe(404);
    const events = await eventsOf(answer.body.data.gid);
    expect(events[0]).toMatchObject({ resource_type: "team", action: "added", parent_type: "workspace" });
  });

  it("accepts workspace as well as organization, and html_description", async () => {
    const answer = await client(t, member.token).post("/teams", {
      workspace: workspace.gid,
      name: "Sales",
      html_description: "<body><strong>Leads</strong><script>alert(1)</script></body>",
    });
    expect(answer.status).toBe(201);
    expect(answer.body.data.description).toBe("Leads");
  });

  it("rejects bad input naming the field, and writes nothing", async () => {
    const api = client(t, member.token);
    const before = await teamCount();
    const cases: [unknown, RegExp][] = [
      [{ organization: workspace.gid }, /^name: Missing input/],
      [{ organization: workspace.gid, name: "" }, /^name: must not be empty/],
      [{ organization: workspace.gid, name: "   " }, /^name: must not be empty/],
      [{ organization: workspace.gid, name: 42 }, /^name:/],
      [{ organization: workspace.gid, name: "x".repeat(1025) }, /^name: Too big/],
      [{ name: "No workspace" }, /^organization: Missing input/],
      [{ organization: workspace.gid, name: "Team", colour: "red" }, /^colour: Unknown field/],
      [{ organization: "abc", name: "Team" }, /^organization: must be a gid string/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post("/teams", data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await api.post("/teams", { organization: "123456", name: "Ghost" })).status).toBe(404);
    expect(await teamCount()).toBe(before);
  });

  it("keeps guests and outsiders away from teams", async () => {
    const team = await makeTeam(t, workspace.gid, "Management", [member]);
    for (const user of [guest, outsider]) {
      const api = client(t, user.token);
      expect((await api.get(`/teams/${team.gid}`)).status).toBe(404);
      expect((await api.get(`/teams/${team.gid}/users`)).status).toBe(404);
      expect((await api.get(`/teams/${team.gid}/team_memberships`)).status).toBe(404);
      expect((await api.put(`/teams/${team.gid}`, { name: "Mine" })).status).toBe(404);
      expect((await api.post(`/teams/${team.gid}/addUser`, { user: "me" })).status).toBe(404);
    }
    expect((await client(t, guest.token).get(`/workspaces/${workspace.gid}/teams`)).status).toBe(403);
    expect((await client(t, outsider.token).get(`/workspaces/${workspace.gid}/teams`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/users/me/teams?organization=${workspace.gid}`)).status).toBe(403);
    const create = await client(t, guest.token).post("/teams", { organization: workspace.gid, name: "Clients" });
    expect(create.status).toBe(403);
    expect((await client(t, outsider.token).post("/teams", { organization: workspace.gid, name: "X" })).status).toBe(
      404,
    );
    expect((await client(t, member.token).get("/teams/notanumber")).status).toBe(400);
    expect((await client(t, member.token).get("/teams/999999")).status).toBe(404);
  });

  it("lists a workspace's teams by name with pagination", async () => {
    const api = client(t, other.token);
    const all = await api.get(`/workspaces/${workspace.gid}/teams`);
    expect(all.status).toBe(200);
    const names = all.body.data.map((team: { name: string }) => team.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(["Production", "Sales", "Management"]));
    expect(all.body.data[0]).toEqual({ gid: expect.any(String), resource_type: "team", name: names[0] });
    const first = await api.get(`/workspaces/${workspace.gid}/teams?limit=2`);
    expect(first.body.data).toHaveLength(2);
    const second = await api.get(`/workspaces/${workspace.gid}/teams?limit=2&offset=${first.body.next_page.offset}`);
    expect([...first.body.data, ...second.body.data].map((team: { name: string }) => team.name)).toEqual(
      names.slice(0, 4),
    );
    const withFields = await api.get(`/workspaces/${workspace.gid}/teams?opt_fields=name,organization.name`);
    expect(withFields.body.data[0].organization).toEqual({
      gid: workspace.gid,
      resource_type: "workspace",
      name: workspace.name,
    });
    expect((await api.get(`/workspaces/${workspace.gid}/teams?limit=0`)).body.errors[0].message).toMatch(/^limit:/);
  });

  it("adds and removes users, by gid, email or me, only for team or workspace admins", async () => {
    const created = await client(t, lead.token).post("/teams", { organization: workspace.gid, name: "Marketing" });
    const team = created.body.data.gid as string;
    // Anyone may join a team themselves (admin.test.ts); adding someone else takes a team or workspace admin.
    const forbidden = await client(t, member.token).post(`/teams/${team}/addUser`, { user: other.email });
    expect(forbidden.status).toBe(403);
    const added = await client(t, lead.token).post(`/teams/${team}/addUser`, { user: member.email });
    expect(added.status).toBe(200);
    expect(added.body.data).toMatchObject({
      resource_type: "team_membership",
      user: { gid: member.gid, name: "Boris Member" },
      team: { gid: team, name: "Marketing" },
      is_admin: false,
    });
    const again = await client(t, lead.token).post(`/teams/${team}/addUser`, { user: member.gid });
    expect(again.body.data.gid).toBe(added.body.data.gid);
    const byAdmin = await client(t, admin.token).post(`/teams/${team}/addUser`, { user: other.gid });
    expect(byAdmin.status).toBe(200);
    const users = await client(t, member.token).get(`/teams/${team}/users`);
    expect(users.body.data.map((user: { name: string }) => user.name)).toEqual([
      "Boris Member",
      "Dmitri Designer",
      "Lena Lead",
    ]);
    const paged = await client(t, member.token).get(`/teams/${team}/users?limit=1`);
    expect(paged.body.data).toHaveLength(1);
    expect(paged.body.next_page.offset).toEqual(expect.any(String));

    const bad = client(t, lead.token);
    expect((await bad.post(`/teams/${team}/addUser`, { user: guest.gid })).body.errors[0].message).toMatch(
      /^user: guests cannot join teams/,
    );
    expect((await bad.post(`/teams/${team}/addUser`, { user: outsider.email })).body.errors[0].message).toMatch(
      /^user: no member of this workspace/,
    );
    expect((await bad.post(`/teams/${team}/addUser`, {})).body.errors[0].message).toMatch(/^user: Missing input/);
    expect((await bad.post(`/teams/${team}/addUser`, { user: 5 })).body.errors[0].message).toMatch(/^user:/);

    // Others may not remove someone; anyone may leave.
    expect((await client(t, member.token).post(`/teams/${team}/removeUser`, { user: other.gid })).status).toBe(403);
    expect((await client(t, other.token).post(`/teams/${team}/removeUser`, { user: "me" })).status).toBe(200);
    expect((await client(t, lead.token).post(`/teams/${team}/removeUser`, { user: member.gid })).status).toBe(200);
    const left = await client(t, lead.token).get(`/teams/${team}/users`);
    expect(left.body.data.map((user: { name: string }) => user.name)).toEqual(["Lena Lead"]);
    const events = await eventsOf(team);
    expect(events.map((event) => JSON.parse(event.change ?? "null")?.action ?? event.action)).toEqual([
      "added",
      "added",
      "added",
      "removed",
      "removed",
    ]);
    expect(JSON.parse(events[1].change ?? "{}")).toEqual({
      field: "members",
      action: "added",
      added_value: { gid: member.gid, resource_type: "user" },
    });
  });

  it("updates a team for its admins and workspace admins only", async () => {
    const created = await client(t, lead.token).post("/teams", { organization: workspace.gid, name: "HR" });
    const team = created.body.data.gid as string;
    await client(t, lead.token).post(`/teams/${team}/addUser`, { user: member.gid });
    expect((await client(t, member.token).put(`/teams/${team}`, { name: "People" })).status).toBe(403);
    const renamed = await client(t, lead.token).put(`/teams/${team}`, { name: "People", description: "Hiring" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ name: "People", description: "Hiring" });
    const byAdmin = await client(t, admin.token).put(`/teams/${team}`, { description: "Hiring and care" });
    expect(byAdmin.body.data.description).toBe("Hiring and care");
    const tooLong = await client(t, lead.token).put(`/teams/${team}`, { name: "y".repeat(1025) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].message).toMatch(/^name:/);
    const moved = await client(t, lead.token).put(`/teams/${team}`, { organization: "123" });
    expect(moved.body.errors[0].message).toMatch(/^organization:/);
    expect((await client(t, member.token).get(`/teams/${team}`)).body.data.name).toBe("People");
  });

  it("refuses a rename mixed with a bad field whole: nothing changes, no event", async () => {
    const created = await client(t, admin.token).post("/teams", { organization: workspace.gid, name: "Finance" });
    const team = created.body.data.gid as string;
    const eventsBefore = (await eventsOf(team)).length;
    const cases: [unknown, RegExp][] = [
      [{ name: "Money", organization: "123" }, /^organization: a team cannot move/],
      [{ name: "Money", description: "a", html_description: "<body>b</body>" }, /^html_description: pass/],
      [{ name: "Money", description: "x".repeat(65_537) }, /^description:/],
    ];
    for (const [data, message] of cases) {
      const answer = await client(t, admin.token).put(`/teams/${team}`, data);
      expect(answer.status, JSON.stringify(data).slice(0, 80)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await client(t, admin.token).get(`/teams/${team}`)).body.data).toMatchObject({ name: "Finance" });
    expect(await eventsOf(team)).toHaveLength(eventsBefore);
  });

  it("lists a user's teams in a workspace", async () => {
    const mine = await client(t, lead.token).get(`/users/me/teams?organization=${workspace.gid}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((team: { name: string }) => team.name)).toEqual(["Marketing", "People", "Production"]);
    const theirs = await client(t, member.token).get(`/users/${lead.gid}/teams?workspace=${workspace.gid}`);
    expect(theirs.body.data.map((team: { name: string }) => team.name)).toEqual(["Marketing", "People", "Production"]);
    const missing = await client(t, lead.token).get("/users/me/teams");
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toMatch(/^organization: Missing input/);
    expect((await client(t, lead.token).get(`/users/${outsider.gid}/teams?organization=${workspace.gid}`)).status).toBe(
      404,
    );
    const memberships = await client(t, lead.token).get(`/team_memberships?user=me&workspace=${workspace.gid}`);
    expect(memberships.body.data).toHaveLength(3);
    expect((await client(t, lead.token).get("/team_memberships")).status).toBe(400);
  });
});
