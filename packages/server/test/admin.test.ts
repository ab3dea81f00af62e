import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "../src/domain/auth/auth.commands.ts";
import { startWorker } from "../src/jobs/worker.ts";
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
let admin: TestUser;
let lead: TestUser;
let leaver: TestUser;
let guest: TestUser;
let team: { gid: string; name: string };
let clientProject: { gid: string; name: string; sections: { gid: string; name: string }[] };
let secretProject: { gid: string; name: string; sections: { gid: string; name: string }[] };

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  leaver = await makeUser(t, workspace.gid, "member", "Leo Leaver");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  team = await makeTeam(t, workspace.gid, "Production", [lead, leaver]);
  clientProject = await makeProject(t, workspace.gid, {
    name: "Bakery bot",
    team: team.gid,
    members: [
      { user: admin, access: "admin" },
      { user: leaver, access: "editor" },
      { user: guest, access: "commenter" },
    ],
    sections: ["Onboarding", "In work", "QA", "Done"],
  });
  secretProject = await makeProject(t, workspace.gid, {
    name: "Secret pitch",
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: guest, access: "viewer" },
    ],
  });
});
afterAll(() => t?.close());

const people = (user: TestUser, query = "") => client(t, user.token).get(`/workspaces/${workspace.gid}/people${query}`);
const names = (answer: { body: { data: { user: { name: string } }[] } }) =>
  answer.body.data.map((person) => person.user.name);

describe("the people page", () => {
  it("lists people with their role and teams, and a guest with the projects the reader sees", async () => {
    const answer = await people(admin);
    expect(answer.status).toBe(200);
    expect(names(answer)).toEqual(["Anna Admin", "Clara Client", "Lena Lead", "Leo Leaver"]);
    const leoRow = answer.body.data.find((person: { user: { name: string } }) => person.user.name === "Leo Leaver");
    expect(leoRow).toMatchObject({ role: "member", status: "active", teams: [{ name: "Production" }], projects: [] });
    // The admin is not in the private pitch: the guest's row names only the project the admin sees.
    const clara = answer.body.data.find((person: { role: string }) => person.role === "guest");
    expect(clara.projects).toEqual([
      { gid: clientProject.gid, resource_type: "project", name: "Bakery bot", access_level: "commenter" },
    ]);
    // Its member sees both.
    const seenByLead = (await people(lead, "?role=guest")).body.data[0];
    expect(seenByLead.projects.map((project: { name: string }) => project.name)).toEqual([
      "Bakery bot",
      "Secret pitch",
    ]);
  });

  it("searches by name or email and filters by role and team", async () => {
    expect(names(await people(admin, "?search=LEO"))).toEqual(["Leo Leaver"]);
    expect(names(await people(admin, `?search=${encodeURIComponent(lead.email.slice(0, 8))}`))).toEqual(["Lena Lead"]);
    expect(names(await people(admin, "?role=admin"))).toEqual(["Anna Admin"]);
    expect(names(await people(admin, `?team=${team.gid}`))).toEqual(["Lena Lead", "Leo Leaver"]);
    expect((await people(admin, "?role=owner")).status).toBe(400);
  });

  it("is for full members: a guest is refused, a member reads it but may not change roles", async () => {
    expect((await people(guest)).status).toBe(403);
    expect((await people(lead)).status).toBe(200);
    const change = await client(t, lead.token).put(`/workspaces/${workspace.gid}/people/${leaver.gid}`, {
      role: "admin",
    });
    expect(change.status).toBe(403);
  });

  it("changes a role, audit-logged, and keeps the last admin", async () => {
    const promoted = await client(t, admin.token).put(`/workspaces/${workspace.gid}/people/${lead.gid}`, {
      role: "admin",
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.data).toMatchObject({ role: "admin", status: "active" });
    const log = await client(t, admin.token).get(
      `/workspaces/${workspace.gid}/audit_log_events?event_type=user_workspace_role_changed`,
    );
    expect(log.body.data[0]).toMatchObject({
      resource: { gid: lead.gid },
      details: { old_value: "member", new_value: "admin" },
    });
    const back = await client(t, lead.token).put(`/workspaces/${workspace.gid}/people/${lead.gid}`, { role: "member" });
    expect(back.status).toBe(403);
    await client(t, admin.token).put(`/workspaces/${workspace.gid}/people/${lead.gid}`, { role: "member" });
    const self = await client(t, admin.token).put(`/workspaces/${workspace.gid}/people/${admin.gid}`, {
      role: "member",
    });
    expect(self.status).toBe(403);
  });

  it("deactivates a person: open tasks go to the successor, access ends, the audit log says so; reactivation gives it back", async () => {
    const open = await makeTask(t, workspace.gid, {
      name: "Write the bot's greeting",
      project: clientProject,
      section: clientProject.sections[1],
      assignee: leaver,
    });
    const done = await makeTask(t, workspace.gid, { name: "Old work", assignee: leaver });
    await t.handle.db.updateTable("tasks").set({ completed: 1 }).where("gid", "=", Number(done.gid)).execute();

    const refused = await client(t, admin.token).post(`/workspaces/${workspace.gid}/people/${leaver.gid}/deactivate`, {
      reassign_to: guest.gid,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/^reassign_to:/);
    expect((await client(t, leaver.token).get(`/tasks/${open.gid}`)).status).toBe(200);

    const answer = await client(t, admin.token).post(`/workspaces/${workspace.gid}/people/${leaver.gid}/deactivate`, {
      reassign_to: lead.gid,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ status: "deactivated", role: "member", user: { name: "Leo Leaver" } });
    const task = await client(t, admin.token).get(`/tasks/${open.gid}`);
    expect(task.body.data.assignee).toMatchObject({ gid: lead.gid });
    const old = await t.handle.db
      .selectFrom("tasks")
      .select("assignee_gid")
      .where("gid", "=", Number(done.gid))
      .executeTakeFirstOrThrow();
    expect(old.assignee_gid).toBe(Number(leaver.gid));
    // In no other workspace, their token stops working, and says why.
    const shut = await client(t, leaver.token).get(`/projects/${clientProject.gid}`);
    expect(shut.status).toBe(401);
    expect(shut.body.errors[0].message).toContain("deactivated");
    expect(names(await people(admin))).not.toContain("Leo Leaver");
    expect(names(await people(admin, "?status=deactivated"))).toEqual(["Leo Leaver"]);
    const teamUsers = await client(t, admin.token).get(`/teams/${team.gid}/users`);
    expect(teamUsers.body.data.map((user: { name: string }) => user.name)).toEqual(["Lena Lead"]);
    const log = await client(t, admin.token).get(
      `/workspaces/${workspace.gid}/audit_log_events?event_type=user_deactivated`,
    );
    expect(log.body.data[0]).toMatchObject({
      resource: { gid: leaver.gid, name: "Leo Leaver" },
      details: { open_tasks_reassigned: 1, reassigned_to: lead.gid },
    });

    const again = await client(t, admin.token).post(`/workspaces/${workspace.gid}/people/${leaver.gid}/deactivate`, {});
    expect(again.status).toBe(404);

    const back = await client(t, admin.token).post(`/workspaces/${workspace.gid}/people/${leaver.gid}/reactivate`);
    expect(back.status).toBe(200);
    expect(back.body.data).toMatchObject({ status: "active", role: "member", teams: [{ name: "Production" }] });
    expect((await client(t, leaver.token).get(`/projects/${clientProject.gid}`)).status).toBe(200);
    const relog = await client(t, admin.token).get(
      `/workspaces/${workspace.gid}/audit_log_events?event_type=user_reactivated`,
    );
    expect(relog.body.data).toHaveLength(1);
    expect(
      (await client(t, admin.token).post(`/workspaces/${workspace.gid}/people/${leaver.gid}/reactivate`)).status,
    ).toBe(400);
  });
});

describe("teams", () => {
  it("any full member joins and leaves a public team; its abilities say so; only admins manage it", async () => {
    const design = await makeTeam(t, workspace.gid, "Design");
    const read = async (user: TestUser) =>
      (await client(t, user.token).get(`/teams/${design.gid}?opt_fields=name,permissions`)).body.data.permissions;
    expect(await read(lead)).toEqual({
      edit: false,
      edit_visibility: false,
      add_members: false,
      remove_members: false,
      manage_join_requests: false,
      join: true,
      request_to_join: false,
      leave: false,
    });
    expect(await read(admin)).toMatchObject({ edit: true, add_members: true, remove_members: true });
    expect((await client(t, lead.token).post(`/teams/${design.gid}/addUser`, { user: "me" })).status).toBe(200);
    expect(await read(lead)).toMatchObject({ join: false, leave: true });
    const addOther = await client(t, lead.token).post(`/teams/${design.gid}/addUser`, { user: leaver.gid });
    expect(addOther.status).toBe(403);
    expect((await client(t, guest.token).post(`/teams/${design.gid}/addUser`, { user: "me" })).status).toBe(404);
    expect((await client(t, lead.token).post(`/teams/${design.gid}/removeUser`, { user: "me" })).status).toBe(200);
  });
});

describe("team membership from a project invitation", () => {
  it("a member invited into a team's project joins the team; a guest does not", async () => {
    const invite = async (email: string, role: "member" | "guest") => {
      const answer = await client(t, admin.token).post("/invitations", {
        workspace: workspace.gid,
        email,
        role,
        project: clientProject.gid,
      });
      expect(answer.status).toBe(201);
      const link = answer.body.data.invite_url as string;
      const token = link.slice(link.lastIndexOf("/") + 1);
      const accepted = await fetch(`${t.api}/invitations/accept/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: { name: email.split("@")[0], password: "a long password" } }),
      });
      expect(accepted.status).toBe(200);
    };
    await invite(`mila.${Date.now()}@agency.test`, "member");
    await invite(`gleb.${Date.now()}@client.test`, "guest");
    const users = await client(t, admin.token).get(`/teams/${team.gid}/users`);
    const teamNames = users.body.data.map((user: { name: string }) => user.name);
    expect(teamNames.some((name: string) => name.startsWith("mila."))).toBe(true);
    expect(teamNames.some((name: string) => name.startsWith("gleb."))).toBe(false);
  });
});

describe("the client's stage", () => {
  it("is the furthest stage with open work until the team sets it; the guest home shows it and its history", async () => {
    await makeTask(t, workspace.gid, {
      name: "Review request",
      project: clientProject,
      section: clientProject.sections[0],
    });
    await makeTask(t, workspace.gid, {
      name: "Test the bot",
      project: clientProject,
      section: clientProject.sections[2],
    });
    const home = async () =>
      (await client(t, guest.token).get(`/workspaces/${workspace.gid}/guest_home`)).body.data.find(
        (project: { gid: string }) => project.gid === clientProject.gid,
      );
    expect((await home()).current_section).toMatchObject({ name: "QA" });

    const byGuest = await client(t, guest.token).post(`/projects/${clientProject.gid}/setStage`, {
      section: clientProject.sections[3].gid,
    });
    expect(byGuest.status).toBe(403);
    const foreign = await client(t, admin.token).post(`/projects/${clientProject.gid}/setStage`, {
      section: secretProject.sections[0].gid,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].message).toMatch(/^section:/);

    const set = await client(t, admin.token).post(`/projects/${clientProject.gid}/setStage`, {
      section: clientProject.sections[1].gid,
    });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ explicit: true, section: { name: "In work" } });
    await client(t, admin.token).post(`/projects/${clientProject.gid}/setStage`, {
      section: clientProject.sections[3].gid,
    });
    const seen = await home();
    expect(seen.current_section).toMatchObject({ name: "Done" });
    expect(seen.stage_history.map((change: { name: string }) => change.name)).toEqual(["In work", "Done"]);
    const stage = await client(t, guest.token).get(`/projects/${clientProject.gid}/stage`);
    expect(stage.body.data).toMatchObject({ explicit: true, section: { name: "Done" } });
    const reset = await client(t, admin.token).post(`/projects/${clientProject.gid}/setStage`, { section: null });
    expect(reset.body.data).toMatchObject({ explicit: false, section: { name: "QA" } });
    expect((await client(t, guest.token).get(`/projects/${secretProject.gid}/stage`)).status).toBe(200);
    const outsider = await makeUser(t, workspace.gid, "member");
    expect((await client(t, outsider.token).get(`/projects/${secretProject.gid}/stage`)).status).toBe(404);
  });
});

describe("templates", () => {
  it("a fresh workspace has the gallery in its creator's language, and a project from it keeps the board view", async () => {
    const fresh = await startTestApp();
    const worker = startWorker(fresh.app.takt, { pollMs: 25 });
    try {
      const setup = await fetch(`${fresh.api}/setup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          data: {
            workspace_name: "Пекарня",
            name: "Ольга",
            email: "olga@bakery.test",
            password: "a long password",
            language: "ru",
          },
        }),
      });
      expect(setup.status).toBeLessThan(300);
      const olga = ((await setup.json()) as { data: { gid: string } }).data;
      const { token } = await createAccessToken(fresh.handle.db, Number(olga.gid), "test");
      const api = client(fresh, token);
      const get = async (path: string) => (await api.get(path)).body;
      const me = await get("/users/me");
      const workspaceGid = me.data.workspaces[0].gid;
      const templates = await get(`/project_templates?workspace=${workspaceGid}&opt_fields=name`);
      expect(templates.data.map((template: { name: string }) => template.name).sort()).toEqual(
        ["Запуск бота", "Контент-план", "Онбординг клиента", "Scrum-команда"].sort(),
      );
      const onboarding = templates.data.find((template: { name: string }) => template.name === "Онбординг клиента");
      const started = await api.post(`/project_templates/${onboarding.gid}/instantiateProject`, {
        name: "Булочная",
        requested_dates: [{ gid: "1", value: "2026-03-02" }],
      });
      expect(started.status).toBe(201);
      let job = started.body.data;
      for (let attempt = 0; attempt < 200 && job.status !== "succeeded" && job.status !== "failed"; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        job = (await get(`/jobs/${job.gid}`)).data;
      }
      expect(job.status).toBe("succeeded");
      const project = await get(`/projects/${job.new_project.gid}`);
      expect(project.data.default_view).toBe("board");
      const sections = await get(`/projects/${job.new_project.gid}/sections`);
      expect(sections.data.map((section: { name: string }) => section.name)).toEqual([
        "Онбординг",
        "В работе",
        "QA",
        "Готово",
      ]);
    } finally {
      await worker.stop();
      await fresh.close();
    }
  });
});

describe("the trash", () => {
  it("keeps a deleted task with its subtasks, comments and links for its deleter to restore; nobody else can", async () => {
    const api = client(t, admin.token);
    const task = await makeTask(t, workspace.gid, {
      name: "Print the menus",
      project: clientProject,
      section: clientProject.sections[1],
      assignee: lead,
    });
    const subtask = await api.post(`/tasks/${task.gid}/subtasks`, { name: "Pick the paper" });
    expect(subtask.status).toBe(201);
    const other = await makeTask(t, workspace.gid, {
      name: "Order paper",
      project: clientProject,
      section: clientProject.sections[0],
    });
    expect((await api.post(`/tasks/${task.gid}/addDependencies`, { dependencies: [other.gid] })).status).toBe(200);
    expect((await api.post(`/tasks/${task.gid}/stories`, { text: "Glossy, please" })).status).toBe(201);

    expect((await api.delete(`/tasks/${task.gid}`)).status).toBe(200);
    expect((await api.get(`/tasks/${task.gid}`)).status).toBe(404);
    const trash = await api.get(`/workspaces/${workspace.gid}/trash`);
    expect(trash.body.data).toMatchObject([
      { resource: { gid: task.gid, name: "Print the menus" }, project: { gid: clientProject.gid, name: "Bakery bot" } },
    ]);
    expect((await client(t, lead.token).get(`/workspaces/${workspace.gid}/trash`)).body.data).toEqual([]);
    expect((await client(t, lead.token).post(`/trash/${task.gid}/restore`)).status).toBe(404);

    const restored = await api.post(`/trash/${task.gid}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.data).toEqual({ gid: task.gid, resource_type: "task", name: "Print the menus" });
    const back = await api.get(
      `/tasks/${task.gid}?opt_fields=name,assignee,memberships.section.name,num_subtasks,dependencies`,
    );
    expect(back.body.data).toMatchObject({
      name: "Print the menus",
      assignee: { gid: lead.gid },
      memberships: [{ section: { name: "In work" } }],
      num_subtasks: 1,
      dependencies: [{ gid: other.gid }],
    });
    const comments = await api.get(`/tasks/${task.gid}/stories`);
    expect(comments.body.data.map((story: { text: string }) => story.text)).toContain("Glossy, please");
    expect((await api.get(`/workspaces/${workspace.gid}/trash`)).body.data).toEqual([]);
    expect((await api.post(`/trash/${task.gid}/restore`)).status).toBe(404);
    const events = await t.handle.db
      .selectFrom("events")
      .select("action")
      .where("resource_gid", "=", Number(task.gid))
      .where("action", "=", "undeleted")
      .execute();
    expect(events).toHaveLength(1);
  });
});
