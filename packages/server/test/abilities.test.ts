import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formSpamSettings } from "../src/domain/forms/form.spam.ts";
import {
  type Answer,
  client,
  makeProject,
  makeTask,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// opt_fields=permissions: the abilities the server reports must be exactly what its routes allow. For six callers,
// each ability of a workspace, project, section, task and custom field is read, then its action is tried through
// the API: true must succeed (2xx), false must be refused (403/404). Nothing here trusts the abilities' own code.
//
// Callers: admin (workspace admin, admin of P), editor (member, editor of P), viewer (member, viewer of P),
// publicMember (member, not in P; P is public to the workspace), guest (guest, commenter on P), otherGuest (guest,
// commenter on another project Q only).
const CALLERS = ["admin", "editor", "viewer", "publicMember", "guest", "otherGuest"] as const;
type Caller = (typeof CALLERS)[number];
type Kind = "workspace" | "project" | "section" | "task" | "custom_field";
type Permissions = Record<string, boolean | string>;

let t: TestApp;
let receiver: http.Server;
let receiverUrl: string;
let users: Record<Caller, TestUser>;
let workspace: { gid: string };
let project: Awaited<ReturnType<typeof makeProject>>;
let task: string;
let libraryField: string;
let localField: string;
let form: string;
let counter = 0;

const as = (user: TestUser) => client(t, user.token);
const unique = (prefix: string) => `${prefix} ${++counter}`;

async function ok(answer: Promise<Answer>): Promise<any> {
  const done = await answer;
  if (done.status >= 300) throw new Error(`${done.status} ${JSON.stringify(done.body)}`);
  return done.body.data;
}

// P and every disposable copy of it share the same people at the same access levels.
function clientProject(name: string) {
  return makeProject(t, workspace.gid, {
    name,
    privacy: "public_to_workspace",
    members: [
      { user: users.admin, access: "admin" },
      { user: users.editor, access: "editor" },
      { user: users.viewer, access: "viewer" },
      { user: users.guest, access: "commenter" },
    ],
    sections: ["To do", "Doing"],
  });
}

async function libraryFieldOnP() {
  const field = await ok(
    as(users.admin).post("/custom_fields", {
      workspace: workspace.gid,
      name: unique("Client"),
      resource_subtype: "text",
    }),
  );
  await ok(as(users.admin).post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field.gid }));
  return field.gid as string;
}

async function localFieldOnP() {
  const setting = await ok(
    as(users.admin).post(`/projects/${project.gid}/addCustomFieldSetting`, {
      custom_field: { name: unique("Budget note"), resource_subtype: "text" },
    }),
  );
  return setting.custom_field.gid as string;
}

const PATHS: Record<Kind, string> = {
  workspace: "/workspaces",
  project: "/projects",
  section: "/sections",
  task: "/tasks",
  custom_field: "/custom_fields",
};

// The caller's abilities on one object, or undefined when they cannot see it (then every ability is false).
async function permissionsOf(user: TestUser, kind: Kind, gid: string): Promise<Permissions | undefined> {
  const answer = await as(user).get(`${PATHS[kind]}/${gid}?opt_fields=permissions`);
  if (answer.status === 404) return undefined;
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.data.permissions, `${kind} ${gid} carries permissions`).toBeTypeOf("object");
  return answer.body.data.permissions;
}

interface Probe {
  kind: Kind;
  ability: string;
  // The object whose abilities are read and acted on: the shared one, or a new one per caller when the action
  // uses it up (deleting, deciding an approval).
  target: () => Promise<string> | string;
  act: (user: TestUser, gid: string) => Promise<Answer>;
}

const PROBES: Probe[] = [
  // The workspace.
  {
    kind: "workspace",
    ability: "create_projects",
    target: () => workspace.gid,
    act: (user, gid) => as(user).post("/projects", { workspace: gid, name: unique("New project") }),
  },
  {
    kind: "workspace",
    ability: "create_teams",
    target: () => workspace.gid,
    act: (user, gid) => as(user).post("/teams", { workspace: gid, name: unique("Team") }),
  },
  {
    kind: "workspace",
    ability: "manage_members",
    target: () => workspace.gid,
    act: async (user, gid) => {
      const newcomer = await makeUser(t, null);
      return as(user).post(`/workspaces/${gid}/addUser`, { user: newcomer.email });
    },
  },
  {
    kind: "workspace",
    ability: "view_reports",
    target: () => workspace.gid,
    act: (user, gid) => as(user).get(`/workspaces/${gid}/workload`),
  },
  {
    kind: "workspace",
    ability: "view_people_report",
    target: () => workspace.gid,
    act: (user, gid) => as(user).get(`/workspaces/${gid}/people_report`),
  },
  {
    kind: "workspace",
    ability: "manage_templates",
    target: () => workspace.gid,
    act: (user, gid) => as(user).get(`/project_templates?workspace=${gid}`),
  },
  {
    kind: "workspace",
    ability: "manage_webhooks",
    target: () => workspace.gid,
    act: (user, gid) =>
      as(user).post("/webhooks", {
        resource: gid,
        target: `${receiverUrl}/hook/${++counter}`,
        filters: [{ resource_type: "task", action: "added" }],
      }),
  },
  {
    kind: "workspace",
    ability: "import_data",
    target: () => workspace.gid,
    act: (user, gid) => as(user).post(`/workspaces/${gid}/imports`, { source: "csv", content: "Name\nImported" }),
  },
  {
    kind: "workspace",
    ability: "export_workspace",
    target: () => workspace.gid,
    act: (user, gid) => as(user).post(`/workspaces/${gid}/export`),
  },
  {
    kind: "workspace",
    ability: "view_audit_log",
    target: () => workspace.gid,
    act: (user, gid) => as(user).get(`/workspaces/${gid}/audit_log_events`),
  },
  {
    kind: "workspace",
    ability: "use_crm",
    target: () => workspace.gid,
    act: (user, gid) => as(user).get(`/workspaces/${gid}/crm_intakes`),
  },
  {
    kind: "workspace",
    ability: "search",
    target: () => workspace.gid,
    act: (user, gid) => as(user).get(`/workspaces/${gid}/tasks/search?text=brief`),
  },
  // The project P.
  {
    kind: "project",
    ability: "edit",
    target: () => project.gid,
    act: (user, gid) => as(user).put(`/projects/${gid}`, { notes: unique("Scope") }),
  },
  {
    kind: "project",
    ability: "add_tasks",
    target: () => project.gid,
    act: (user, gid) => as(user).post("/tasks", { name: unique("Request"), projects: [gid] }),
  },
  {
    kind: "project",
    ability: "move_tasks",
    target: () => project.gid,
    act: (user) => as(user).post(`/sections/${project.sections[counter++ % 2].gid}/addTask`, { task }),
  },
  {
    kind: "project",
    ability: "add_sections",
    target: () => project.gid,
    act: (user, gid) => as(user).post(`/projects/${gid}/sections`, { name: unique("Stage") }),
  },
  {
    kind: "project",
    ability: "manage_fields",
    target: () => project.gid,
    act: async (user, gid) => {
      const field = await ok(
        as(users.admin).post("/custom_fields", {
          workspace: workspace.gid,
          name: unique("Tone"),
          resource_subtype: "text",
        }),
      );
      return as(user).post(`/projects/${gid}/addCustomFieldSetting`, { custom_field: field.gid });
    },
  },
  {
    kind: "project",
    ability: "manage_rules",
    target: () => project.gid,
    act: (user, gid) =>
      as(user).post("/rules", {
        project: gid,
        name: unique("Rule"),
        trigger: { type: "task_added" },
        actions: [{ type: "add_comment", text: "Thanks, we are on it" }],
      }),
  },
  {
    kind: "project",
    ability: "manage_forms",
    target: () => project.gid,
    act: (user, gid) =>
      as(user).post(`/projects/${gid}/forms`, { title: unique("Form"), fields: [{ label: "What", type: "text" }] }),
  },
  {
    kind: "project",
    ability: "manage_sprints",
    target: () => project.gid,
    act: (user, gid) => as(user).post(`/projects/${gid}/sprints`, { name: unique("Sprint") }),
  },
  {
    kind: "project",
    ability: "comment",
    target: () => project.gid,
    act: (user) => as(user).post(`/tasks/${task}/stories`, { text: unique("A comment") }),
  },
  {
    kind: "project",
    ability: "submit_forms",
    target: () => project.gid,
    act: async (user) => {
      const shown = await as(user).get(`/forms/${form}/public`);
      if (shown.status !== 200) return shown;
      return as(user).post(`/forms/${form}/submit`, {
        values: { what: unique("Reorder") },
        fill_token: shown.body.data.fill_token,
      });
    },
  },
  {
    kind: "project",
    ability: "share",
    target: () => project.gid,
    act: (user, gid) =>
      as(user).post("/invitations", {
        workspace: workspace.gid,
        email: `invitee${++counter}@example.test`,
        role: "guest",
        project: gid,
      }),
  },
  {
    kind: "project",
    ability: "add_members",
    target: () => project.gid,
    act: async (user, gid) => {
      const colleague = await makeUser(t, workspace.gid, "member");
      return as(user).post(`/projects/${gid}/addMembers`, { members: [colleague.gid], access_level: "viewer" });
    },
  },
  {
    kind: "project",
    ability: "manage_members",
    target: () => project.gid,
    act: async (user, gid) => {
      const colleague = await makeUser(t, workspace.gid, "member");
      await ok(
        as(users.admin).post(`/projects/${gid}/addMembers`, { members: [colleague.gid], access_level: "commenter" }),
      );
      return as(user).post(`/projects/${gid}/removeMembers`, { members: [colleague.gid] });
    },
  },
  {
    kind: "project",
    ability: "delete",
    target: async () => (await clientProject("Disposable")).gid,
    act: (user, gid) => as(user).delete(`/projects/${gid}`),
  },
  // A section of P.
  {
    kind: "section",
    ability: "edit",
    target: () => project.sections[0].gid,
    act: (user, gid) => as(user).put(`/sections/${gid}`, { name: "To do" }),
  },
  {
    kind: "section",
    ability: "delete",
    target: async () => (await ok(as(users.admin).post(`/projects/${project.gid}/sections`, { name: "Spare" }))).gid,
    act: (user, gid) => as(user).delete(`/sections/${gid}`),
  },
  {
    kind: "section",
    ability: "add_tasks",
    target: () => project.sections[0].gid,
    act: (user, gid) =>
      as(user).post("/tasks", { name: unique("Placed"), memberships: [{ project: project.gid, section: gid }] }),
  },
  // A task of P nobody is assigned to or follows.
  {
    kind: "task",
    ability: "edit",
    target: () => task,
    act: (user, gid) => as(user).put(`/tasks/${gid}`, { notes: unique("Brief") }),
  },
  {
    kind: "task",
    ability: "complete",
    target: () => task,
    act: (user, gid) => as(user).put(`/tasks/${gid}`, { completed: true }),
  },
  {
    kind: "task",
    ability: "comment",
    target: () => task,
    act: (user, gid) => as(user).post(`/tasks/${gid}/stories`, { text: unique("Looks good") }),
  },
  {
    kind: "task",
    ability: "attach",
    target: () => task,
    act: (user, gid) =>
      as(user).post("/attachments", {
        parent: gid,
        resource_subtype: "external",
        url: "https://example.com/brief.pdf",
        name: unique("Brief"),
      }),
  },
  {
    kind: "task",
    ability: "approve",
    // An approval the client (the guest) is asked for; a new one each time, since a decision is recorded once.
    target: async () =>
      (
        await ok(
          as(users.admin).post("/tasks", {
            name: unique("Approve the layout"),
            resource_subtype: "approval",
            assignee: users.guest.gid,
            projects: [project.gid],
          }),
        )
      ).gid,
    act: (user, gid) => as(user).post(`/tasks/${gid}/approve`),
  },
  {
    kind: "task",
    ability: "add_subtasks",
    target: () => task,
    act: (user, gid) => as(user).post(`/tasks/${gid}/subtasks`, { name: unique("Step") }),
  },
  {
    kind: "task",
    ability: "move",
    target: () => task,
    act: (user, gid) => as(user).post(`/sections/${project.sections[counter++ % 2].gid}/addTask`, { task: gid }),
  },
  {
    kind: "task",
    ability: "delete",
    target: async () =>
      (await makeTask(t, workspace.gid, { name: "Spare", project, section: project.sections[0] })).gid,
    act: (user, gid) => as(user).delete(`/tasks/${gid}`),
  },
  {
    kind: "task",
    ability: "log_time",
    target: () => task,
    act: (user, gid) =>
      as(user).post(`/tasks/${gid}/time_tracking_entries`, { duration_minutes: 15, entered_on: "2024-05-13" }),
  },
  // A workspace (library) field and a field local to P, both on P.
  ...[
    { name: "library", shared: () => libraryField, fresh: libraryFieldOnP },
    { name: "local", shared: () => localField, fresh: localFieldOnP },
  ].flatMap(({ shared, fresh }): Probe[] => [
    {
      kind: "custom_field",
      ability: "edit",
      target: shared,
      act: (user, gid) => as(user).put(`/custom_fields/${gid}`, { description: unique("What the client is called") }),
    },
    {
      kind: "custom_field",
      ability: "delete",
      target: fresh,
      act: (user, gid) => as(user).delete(`/custom_fields/${gid}`),
    },
    {
      kind: "custom_field",
      ability: "set_value",
      target: shared,
      act: (user, gid) => as(user).put(`/tasks/${task}`, { custom_fields: { [gid]: unique("Value") } }),
    },
  ]),
];

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const secret = request.headers["x-hook-secret"];
      response.writeHead(200, typeof secret === "string" ? { "X-Hook-Secret": secret } : {}).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await startTestApp({ config: { webhookAllowPrivate: true, formSubmissionsPerMinute: 0 } });
  // People here submit forms as fast as a script does.
  formSpamSettings.minFillMs = 0;
  workspace = await makeWorkspace(t);
  users = {
    admin: await makeUser(t, workspace.gid, "admin", "Anna Admin"),
    editor: await makeUser(t, workspace.gid, "member", "Egor Editor"),
    viewer: await makeUser(t, workspace.gid, "member", "Vera Viewer"),
    publicMember: await makeUser(t, workspace.gid, "member", "Pavel Public"),
    guest: await makeUser(t, workspace.gid, "guest", "Clara Client"),
    otherGuest: await makeUser(t, workspace.gid, "guest", "Oleg Other"),
  };
  await makeProject(t, workspace.gid, {
    name: "Other client",
    privacy: "private",
    members: [{ user: users.otherGuest, access: "commenter" }],
  });
  project = await clientProject("Client");
  task = (await makeTask(t, workspace.gid, { name: "Landing page brief", project, section: project.sections[0] })).gid;
  await ok(as(users.admin).post(`/projects/${project.gid}/scrum`, { scrum_enabled: true }));
  libraryField = await libraryFieldOnP();
  localField = await localFieldOnP();
  form = (
    await ok(
      as(users.admin).post(`/projects/${project.gid}/forms`, {
        title: "Reorder",
        fields: [{ key: "what", label: "What", type: "text" }],
        access: "project_guests",
      }),
    )
  ).gid;
}, 60_000);

afterAll(async () => {
  formSpamSettings.minFillMs = 3000;
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe("permissions are sent only when asked for", () => {
  it("a project, a task and a workspace answer as before without opt_fields=permissions", async () => {
    const api = as(users.editor);
    for (const path of [`/projects/${project.gid}`, `/tasks/${task}`, `/workspaces/${workspace.gid}`]) {
      expect((await ok(api.get(path))).permissions, path).toBeUndefined();
      expect((await ok(api.get(`${path}?opt_fields=name`))).permissions, path).toBeUndefined();
    }
    const shown = await ok(api.get(`/projects/${project.gid}?opt_fields=name,permissions`));
    expect(Object.keys(shown)).toEqual(["gid", "resource_type", "name", "permissions"]);
  });

  it("lists, nested workspaces, field settings and a task's fields carry them where named", async () => {
    const api = as(users.guest);
    const sections = await ok(api.get(`/projects/${project.gid}/sections?opt_fields=permissions`));
    expect(sections[0].permissions).toEqual({ edit: false, delete: false, add_tasks: false });
    const tasks = await ok(api.get(`/projects/${project.gid}/tasks?opt_fields=name,permissions`));
    expect(tasks.find((item: { gid: string }) => item.gid === task).permissions).toMatchObject({
      comment: true,
      edit: false,
    });
    const me = await ok(api.get("/users/me?opt_fields=workspaces.permissions"));
    expect(me.workspaces.find((item: { gid: string }) => item.gid === workspace.gid).permissions).toMatchObject({
      role: "guest",
      create_projects: false,
      search: true,
    });
    const settings = await ok(
      api.get(`/projects/${project.gid}/custom_field_settings?opt_fields=custom_field.name,custom_field.permissions`),
    );
    expect(settings.length).toBeGreaterThanOrEqual(2);
    for (const setting of settings) {
      expect(setting.custom_field.permissions).toEqual({ edit: false, delete: false, set_value: false });
    }
  });

  it("on a task, a field's set_value is the task's edit", async () => {
    for (const who of ["editor", "viewer", "guest"] as const) {
      const shown = await ok(as(users[who]).get(`/tasks/${task}?opt_fields=permissions,custom_fields.permissions`));
      expect(shown.custom_fields.length).toBeGreaterThanOrEqual(2);
      for (const field of shown.custom_fields) expect(field.permissions.set_value).toBe(shown.permissions.edit);
    }
  });
});

describe("each caller's abilities", () => {
  it("follow the roles: a commenter guest comments, approves, attaches and submits forms, and nothing more", async () => {
    const guestOnProject = await permissionsOf(users.guest, "project", project.gid);
    expect(guestOnProject).toMatchObject({
      comment: true,
      submit_forms: true,
      edit: false,
      add_tasks: false,
      add_sections: false,
      manage_fields: false,
      manage_rules: false,
      move_tasks: false,
      share: false,
    });
    expect(await permissionsOf(users.guest, "task", task)).toEqual({
      edit: false,
      complete: false,
      comment: true,
      attach: true,
      approve: false,
      add_subtasks: false,
      move: false,
      delete: false,
      log_time: true,
    });
    const onViewer = await permissionsOf(users.viewer, "task", task);
    expect(Object.values(onViewer ?? {}).every((value) => value === false)).toBe(true);
    const viewerOnProject = await permissionsOf(users.viewer, "project", project.gid);
    // Filling in a form needs only to see the project (form.policy.ts); everything else needs more.
    expect(Object.entries(viewerOnProject ?? {}).filter(([, value]) => value)).toEqual([["submit_forms", true]]);
    expect(await permissionsOf(users.otherGuest, "project", project.gid)).toBeUndefined();
    expect((await permissionsOf(users.publicMember, "project", project.gid))?.add_tasks).toBe(true);
    expect((await permissionsOf(users.admin, "project", project.gid))?.delete).toBe(true);
    expect((await permissionsOf(users.editor, "project", project.gid))?.delete).toBe(false);
    const roles = await Promise.all(CALLERS.map((who) => permissionsOf(users[who], "workspace", workspace.gid)));
    expect(roles.map((permissions) => permissions?.role)).toEqual([
      "admin",
      "member",
      "member",
      "member",
      "guest",
      "guest",
    ]);
  });
});

describe.each(CALLERS)("the abilities of %s match what the API lets them do", (who) => {
  it("every ability: true ⇔ the action succeeds, false ⇔ 403/404", async () => {
    const user = users[who];
    const mismatches: string[] = [];
    for (const probe of PROBES) {
      const gid = await probe.target();
      const permissions = await permissionsOf(user, probe.kind, gid);
      const allowed = permissions?.[probe.ability] ?? false;
      expect(typeof allowed, `${probe.kind}.${probe.ability} is a boolean`).toBe("boolean");
      const answer = await probe.act(user, gid);
      const succeeded = answer.status >= 200 && answer.status < 300;
      // An object named in a body that the caller cannot see is "Not a recognized ID" (400), as Asana answers.
      const unseen = answer.status === 400 && /Not a recognized ID/.test(JSON.stringify(answer.body));
      const refused = answer.status === 403 || answer.status === 404 || unseen;
      if (allowed ? !succeeded : !refused) {
        mismatches.push(
          `${probe.kind} ${gid} ${probe.ability}=${allowed} but ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
  });
});
