import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string };
let admin: TestUser;
let editor: TestUser;
let guest: TestUser;
let otherGuest: TestUser;
let outsider: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Ada Admin");
  editor = await makeUser(t, workspace.gid, "member", "Ed Editor");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Client");
  otherGuest = await makeUser(t, workspace.gid, "guest", "Oscar Other");
  outsider = await makeUser(t, workspace.gid, "member", "Mo Member");
  project = await makeProject(t, workspace.gid, {
    name: "Client A",
    privacy: "private",
    owner: admin,
    members: [
      { user: admin, access: "admin" },
      { user: editor, access: "editor" },
      { user: guest, access: "commenter" },
    ],
    sections: ["Onboarding", "In work", "Done"],
  });
  await makeProject(t, workspace.gid, {
    name: "Client B",
    privacy: "private",
    members: [{ user: otherGuest, access: "commenter" }],
  });
  await makeTask(t, workspace.gid, { name: "Brief", project, section: project.sections[1] });
  await makeTask(t, workspace.gid, { name: "Mockups", project, section: project.sections[1] });
});

afterAll(async () => {
  await t?.close();
});

describe("status updates", () => {
  let updateGid: string;

  it("an editor posts a status update; the project shows it as its current status", async () => {
    const answer = await client(t, editor.token).post("/status_updates", {
      parent: project.gid,
      status_type: "at_risk",
      title: "Waiting for the logo",
      html_text: "<body>We need the <strong>logo</strong><script>x</script></body>",
    });
    expect(answer.status).toBe(201);
    updateGid = answer.body.data.gid;
    expect(answer.headers.get("location")).toBe(`/api/1.0/status_updates/${updateGid}`);
    expect(answer.body.data).toMatchObject({
      resource_type: "status_update",
      resource_subtype: "project_status_update",
      status_type: "at_risk",
      title: "Waiting for the logo",
      text: "We need the logo",
      html_text: "<body>We need the <strong>logo</strong></body>",
      author: { gid: editor.gid, name: "Ed Editor" },
      parent: { gid: project.gid, resource_type: "project", name: "Client A" },
    });
    const shown = await client(t, admin.token).get(`/projects/${project.gid}`);
    expect(shown.body.data.current_status_update).toEqual({
      gid: updateGid,
      resource_type: "status_update",
      resource_subtype: "project_status_update",
      title: "Waiting for the logo",
      status_type: "at_risk",
    });
  });

  it("the project's guest reads them, newest first, but cannot post or delete", async () => {
    await client(t, editor.token).post("/status_updates", {
      parent: project.gid,
      status_type: "on_track",
      title: "Logo received",
      text: "Back on track",
    });
    const list = await client(t, guest.token).get(`/status_updates?parent=${project.gid}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((update: { title: string }) => update.title)).toEqual([
      "Logo received",
      "Waiting for the logo",
    ]);
    expect((await client(t, guest.token).get(`/status_updates/${updateGid}`)).status).toBe(200);
    const post = await client(t, guest.token).post("/status_updates", {
      parent: project.gid,
      status_type: "complete",
      title: "Done!",
    });
    expect(post.status).toBe(403);
    expect((await client(t, guest.token).delete(`/status_updates/${updateGid}`)).status).toBe(403);
  });

  it("a guest of another project, or a member outside the private project, finds nothing", async () => {
    for (const user of [otherGuest, outsider]) {
      expect((await client(t, user.token).get(`/status_updates?parent=${project.gid}`)).status).toBe(404);
      expect((await client(t, user.token).get(`/status_updates/${updateGid}`)).status).toBe(404);
      expect((await client(t, user.token).delete(`/status_updates/${updateGid}`)).status).toBe(404);
      const post = await client(t, user.token).post("/status_updates", {
        parent: project.gid,
        status_type: "on_track",
        title: "x",
      });
      expect(post.status).toBe(404);
    }
    expect((await client(t).get(`/status_updates?parent=${project.gid}`)).status).toBe(401);
  });

  it("refuses bad input, naming the field", async () => {
    const api = client(t, editor.token);
    expect((await api.post("/status_updates", { parent: project.gid, title: "x" })).body.errors[0].message).toBe(
      "status_type: Missing input",
    );
    const badType = await api.post("/status_updates", { parent: project.gid, title: "x", status_type: "great" });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].message).toMatch(/^status_type: /);
    expect((await api.post("/status_updates", { status_type: "on_track", title: "x" })).body.errors[0].message).toBe(
      "parent: Missing input",
    );
    expect(
      (await api.post("/status_updates", { parent: project.gid, status_type: "on_track", title: " " })).status,
    ).toBe(400);
    expect((await api.post("/status_updates", { parent: "999", status_type: "on_track", title: "x" })).status).toBe(
      404,
    );
    expect((await api.get("/status_updates")).body.errors[0].message).toBe("parent: Missing input");
    expect((await api.get("/status_updates/abc")).status).toBe(400);
  });

  it("the author deletes their update", async () => {
    expect((await client(t, editor.token).delete(`/status_updates/${updateGid}`)).status).toBe(200);
    expect((await client(t, editor.token).get(`/status_updates/${updateGid}`)).status).toBe(404);
  });
});

describe("guest home", () => {
  it("shows a guest their project's stages with counts, the current stage and the latest status", async () => {
    const home = await client(t, guest.token).get(`/workspaces/${workspace.gid}/guest_home`);
    expect(home.status).toBe(200);
    expect(home.body.data).toHaveLength(1);
    const [entry] = home.body.data;
    expect(entry).toMatchObject({ gid: project.gid, name: "Client A", access_level: "commenter" });
    expect(
      entry.sections.map((section: { name: string; num_tasks: number }) => [section.name, section.num_tasks]),
    ).toEqual([
      ["Onboarding", 0],
      ["In work", 2],
      ["Done", 0],
    ]);
    expect(entry.current_section.name).toBe("In work");
    expect(entry.current_status_update).toMatchObject({ title: "Logo received", status_type: "on_track" });
  });

  it("never shows another client's project, and is refused outside the workspace", async () => {
    const other = await client(t, otherGuest.token).get(`/workspaces/${workspace.gid}/guest_home`);
    expect(other.body.data.map((entry: { name: string }) => entry.name)).toEqual(["Client B"]);
    const stranger = await makeUser(t, null, "member", "Stranger");
    expect((await client(t, stranger.token).get(`/workspaces/${workspace.gid}/guest_home`)).status).toBe(404);
    expect((await client(t).get(`/workspaces/${workspace.gid}/guest_home`)).status).toBe(401);
  });
});
