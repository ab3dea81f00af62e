import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let guest: TestUser;
let otherGuest: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  owner = await makeUser(t, workspace.gid, "member", "Oleg Owner");
  editor = await makeUser(t, workspace.gid, "member", "Eva Editor");
  viewer = await makeUser(t, workspace.gid, "member", "Vera Viewer");
  stranger = await makeUser(t, workspace.gid, "member", "Sasha Stranger");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  otherGuest = await makeUser(t, workspace.gid, "guest", "Other Client");
  const elsewhere = await makeWorkspace(t, "Other Co");
  outsider = await makeUser(t, elsewhere.gid, "admin", "Olga Outsider");
});
afterAll(() => t?.close());

function privateProject(name: string, sections = ["Onboarding", "In work", "Done"]) {
  return makeProject(t, workspace.gid, {
    name,
    privacy: "private",
    members: [
      { user: owner, access: "admin" },
      { user: editor, access: "editor" },
      { user: viewer, access: "viewer" },
      { user: guest, access: "commenter" },
    ],
    sections,
  });
}

async function names(projectGid: string, token = owner.token) {
  const answer = await client(t, token).get(`/projects/${projectGid}/sections`);
  return answer.body.data.map((section: { name: string }) => section.name);
}

async function sectionCount() {
  const row = await t.handle.db
    .selectFrom("sections")
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

describe("sections", () => {
  it("lists a project's sections in order, compact, with pagination", async () => {
    const project = await privateProject("Listing");
    const api = client(t, guest.token);
    const all = await api.get(`/projects/${project.gid}/sections`);
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual(
      project.sections.map((section) => ({ gid: section.gid, resource_type: "section", name: section.name })),
    );
    const first = await api.get(`/projects/${project.gid}/sections?limit=2`);
    expect(first.body.data.map((section: { name: string }) => section.name)).toEqual(["Onboarding", "In work"]);
    const second = await api.get(`/projects/${project.gid}/sections?limit=2&offset=${first.body.next_page.offset}`);
    expect(second.body.data.map((section: { name: string }) => section.name)).toEqual(["Done"]);
    expect(second.body.next_page).toBeNull();
    const full = await api.get(`/projects/${project.gid}/sections?opt_fields=name,project.name,created_at`);
    expect(full.body.data[0]).toEqual({
      gid: project.sections[0].gid,
      resource_type: "section",
      name: "Onboarding",
      created_at: expect.any(String),
      project: { gid: project.gid, resource_type: "project", name: "Listing" },
    });
  });

  it("creates sections at the end or next to a sibling, for editors", async () => {
    const project = await privateProject("Creating");
    const api = client(t, editor.token);
    const last = await api.post(`/projects/${project.gid}/sections`, { name: "  Archive  " });
    expect(last.status).toBe(201);
    expect(last.headers.get("location")).toBe(`/api/1.0/sections/${last.body.data.gid}`);
    expect(last.body.data).toEqual({
      gid: expect.any(String),
      resource_type: "section",
      name: "Archive",
      marks_complete: false,
      created_at: expect.any(String),
      project: { gid: project.gid, resource_type: "project", name: "Creating" },
      projects: [{ gid: project.gid, resource_type: "project", name: "Creating" }],
    });
    await api.post(`/projects/${project.gid}/sections`, { name: "Backlog", insert_before: project.sections[0].gid });
    await api.post(`/projects/${project.gid}/sections`, { name: "QA", insert_after: project.sections[1].gid });
    expect(await names(project.gid)).toEqual(["Backlog", "Onboarding", "In work", "QA", "Done", "Archive"]);
    const events = await eventsOf(last.body.data.gid);
    expect(events).toEqual([
      expect.objectContaining({
        resource_type: "section",
        action: "added",
        parent_type: "project",
        parent_gid: Number(project.gid),
      }),
    ]);
  });

  it("rejects bad section input naming the field, and writes nothing", async () => {
    const project = await privateProject("Bad input");
    const other = await privateProject("Elsewhere");
    const api = client(t, editor.token);
    const before = await sectionCount();
    const cases: [unknown, RegExp][] = [
      [{}, /^name: Missing input/],
      [{ name: "" }, /^name: must not be empty/],
      [{ name: 7 }, /^name:/],
      [{ name: "s".repeat(1025) }, /^name: Too big/],
      [{ name: "Ok", insert_before: "999999" }, /^insert_before: no section 999999 in this project/],
      [{ name: "Ok", insert_after: other.sections[0].gid }, /^insert_after: no section/],
      [{ name: "Ok", insert_after: "abc" }, /^insert_after: must be a gid string/],
      [
        { name: "Ok", insert_before: project.sections[0].gid, insert_after: project.sections[1].gid },
        /^insert_after: pass insert_before or insert_after, not both/,
      ],
      [{ name: "Ok", colour: "red" }, /^colour: Unknown field/],
    ];
    for (const [data, message] of cases) {
      const answer = await api.post(`/projects/${project.gid}/sections`, data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await api.post("/projects/999999/sections", { name: "Ok" })).status).toBe(404);
    expect(await sectionCount()).toBe(before);
  });

  it("renames a section and moves it on update", async () => {
    const project = await privateProject("Renaming");
    const api = client(t, editor.token);
    const [onboarding, inWork, done] = project.sections;
    const renamed = await api.put(`/sections/${inWork.gid}`, { name: "Doing" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ gid: inWork.gid, name: "Doing", project: { gid: project.gid } });
    const moved = await api.put(`/sections/${done.gid}`, { insert_before: onboarding.gid });
    expect(moved.status).toBe(200);
    expect(await names(project.gid)).toEqual(["Done", "Onboarding", "Doing"]);
    const read = await client(t, guest.token).get(`/sections/${inWork.gid}`);
    expect(read.body.data.name).toBe("Doing");
    const bad = await api.put(`/sections/${inWork.gid}`, { name: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^name:/);
    const self = await api.put(`/sections/${inWork.gid}`, { insert_after: inWork.gid });
    expect(self.body.errors[0].message).toMatch(/^insert_after: a section cannot be placed next to itself/);
    expect(await names(project.gid)).toEqual(["Done", "Onboarding", "Doing"]);
    const changes = (await eventsOf(inWork.gid)).map((event) => event.change);
    expect(changes).toEqual([{ field: "name", action: "changed", new_value: "Doing" }]);
  });

  it("reorders with sections/insert, writing only the moved row", async () => {
    const project = await privateProject("Ordering", ["A", "B", "C", "D"]);
    const [a, b, c, d] = project.sections;
    const api = client(t, editor.token);
    const keysBefore = await t.handle.db
      .selectFrom("sections")
      .select(["gid", "order_key"])
      .where("project_gid", "=", Number(project.gid))
      .execute();
    const answer = await api.post(`/projects/${project.gid}/sections/insert`, {
      section: d.gid,
      before_section: b.gid,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({});
    expect(await names(project.gid)).toEqual(["A", "D", "B", "C"]);
    const keysAfter = await t.handle.db
      .selectFrom("sections")
      .select(["gid", "order_key"])
      .where("project_gid", "=", Number(project.gid))
      .execute();
    const changed = keysAfter.filter(
      (row) => keysBefore.find((old) => old.gid === row.gid)?.order_key !== row.order_key,
    );
    expect(changed.map((row) => String(row.gid))).toEqual([d.gid]);
    await api.post(`/projects/${project.gid}/sections/insert`, { section: a.gid, after_section: c.gid });
    expect(await names(project.gid)).toEqual(["D", "B", "C", "A"]);
    await api.post(`/projects/${project.gid}/sections/insert`, { section: c.gid, before_section: d.gid });
    expect(await names(project.gid)).toEqual(["C", "D", "B", "A"]);

    const other = await privateProject("Other board");
    const cases: [unknown, RegExp][] = [
      [{ section: a.gid }, /^before_section: Missing input/],
      [{ before_section: a.gid }, /^section: Missing input/],
      [{ section: a.gid, before_section: b.gid, after_section: c.gid }, /^after_section: pass before_section/],
      [
        { section: other.sections[0].gid, before_section: a.gid },
        /^section: no section .* cannot move between projects/,
      ],
      [{ section: a.gid, after_section: other.sections[0].gid }, /^after_section: no section/],
      [{ section: a.gid, before_section: a.gid }, /^before_section: a section cannot be placed next to itself/],
      [{ section: 5, before_section: a.gid }, /^section:/],
    ];
    for (const [data, message] of cases) {
      const bad = await api.post(`/projects/${project.gid}/sections/insert`, data);
      expect(bad.status, JSON.stringify(data)).toBe(400);
      expect(bad.body.errors[0].message).toMatch(message);
    }
    expect(await names(project.gid)).toEqual(["C", "D", "B", "A"]);
    expect((await eventsOf(d.gid)).map((event) => event.change)).toEqual([{ field: "position", action: "changed" }]);
  });

  it("deletes only empty sections and never the last one", async () => {
    const project = await privateProject("Deleting", ["Full", "Empty"]);
    const [full, empty] = project.sections;
    await makeTask(t, workspace.gid, { name: "Work", project, section: full });
    const api = client(t, editor.token);
    const notEmpty = await api.delete(`/sections/${full.gid}`);
    expect(notEmpty.status).toBe(400);
    expect(notEmpty.body.errors[0].message).toMatch(/^section: Sections must be empty to be deleted/);
    const removed = await api.delete(`/sections/${empty.gid}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toEqual({});
    expect((await api.get(`/sections/${empty.gid}`)).status).toBe(404);
    expect(await eventsOf(empty.gid)).toEqual([
      expect.objectContaining({ action: "removed", parent_type: "project", parent_gid: Number(project.gid) }),
    ]);
    const single = await privateProject("Single", ["Only"]);
    const last = await api.delete(`/sections/${single.sections[0].gid}`);
    expect(last.status).toBe(400);
    expect(last.body.errors[0].message).toMatch(/^section: The last remaining section of a project cannot be deleted/);
    expect(await names(single.gid)).toEqual(["Only"]);
    expect(await names(project.gid)).toEqual(["Full"]);
  });

  it("lets viewers and commenters read but not change sections", async () => {
    const project = await privateProject("Read only");
    const [first, second] = project.sections;
    for (const user of [viewer, guest]) {
      const api = client(t, user.token);
      expect((await api.get(`/sections/${first.gid}`)).status).toBe(200);
      const create = await api.post(`/projects/${project.gid}/sections`, { name: "Mine" });
      expect(create.status).toBe(403);
      expect(create.body.errors[0].message).toMatch(/editor access/);
      expect((await api.put(`/sections/${first.gid}`, { name: "Mine" })).status).toBe(403);
      expect((await api.delete(`/sections/${second.gid}`)).status).toBe(403);
      expect(
        (await api.post(`/projects/${project.gid}/sections/insert`, { section: second.gid, before_section: first.gid }))
          .status,
      ).toBe(403);
    }
    expect(await names(project.gid)).toEqual(["Onboarding", "In work", "Done"]);
  });

  it("hides a private project's sections from a member without access, another guest and outsiders", async () => {
    const project = await privateProject("Hidden");
    const [first, second] = project.sections;
    for (const user of [stranger, otherGuest, outsider]) {
      const api = client(t, user.token);
      expect((await api.get(`/projects/${project.gid}/sections`)).status).toBe(404);
      const read = await api.get(`/sections/${first.gid}`);
      expect(read.status).toBe(404);
      expect(read.body.errors[0].message).toMatch(/^section: Unknown object/);
      expect((await api.post(`/projects/${project.gid}/sections`, { name: "Mine" })).status).toBe(404);
      expect((await api.put(`/sections/${first.gid}`, { name: "Mine" })).status).toBe(404);
      expect((await api.delete(`/sections/${second.gid}`)).status).toBe(404);
      expect(
        (await api.post(`/projects/${project.gid}/sections/insert`, { section: second.gid, before_section: first.gid }))
          .status,
      ).toBe(404);
    }
    expect((await client(t, owner.token).get("/sections/123456")).status).toBe(404);
    expect((await client(t, owner.token).get("/sections/abc")).status).toBe(400);
    expect(await names(project.gid)).toEqual(["Onboarding", "In work", "Done"]);
  });

  it("lets workspace members edit the sections of a public project", async () => {
    const project = await makeProject(t, workspace.gid, { name: "Open board" });
    const created = await client(t, stranger.token).post(`/projects/${project.gid}/sections`, { name: "Ideas" });
    expect(created.status).toBe(201);
    expect((await client(t, guest.token).get(`/projects/${project.gid}/sections`)).status).toBe(404);
  });
});
