import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let workspace: { gid: string; name: string };
let user: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
let otherProject: Awaited<ReturnType<typeof makeProject>>;
let foreignProject: Awaited<ReturnType<typeof makeProject>>;
let task: { gid: string; [key: string]: any };
let sibling: { gid: string };
let child: { gid: string };
const UNKNOWN = "1234567890123";

async function counts() {
  const tables = ["tasks", "task_memberships", "task_followers", "task_dependencies", "events", "sections"] as const;
  const rows = await Promise.all(
    tables.map((table) =>
      t.handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("count"))
        .executeTakeFirstOrThrow(),
    ),
  );
  return Object.fromEntries(tables.map((table, index) => [table, Number(rows[index].count)]));
}

async function taskRows() {
  return t.handle.db.selectFrom("tasks").selectAll().orderBy("gid").execute();
}

beforeAll(async () => {
  t = await startTestApp();
  workspace = await makeWorkspace(t);
  user = await makeUser(t, workspace.gid, "member", "Irina Input");
  project = await makeProject(t, workspace.gid, { name: "Main", sections: ["One", "Two"] });
  otherProject = await makeProject(t, workspace.gid, { name: "Other", sections: ["Elsewhere"] });
  const foreign = await makeWorkspace(t, "Foreign Co");
  await makeUser(t, foreign.gid, "admin");
  foreignProject = await makeProject(t, foreign.gid, { name: "Foreign" });
  const api = client(t, user.token);
  task = (await api.post("/tasks", { name: "Target", projects: [project.gid], due_on: "2030-05-10" })).body.data;
  sibling = (await api.post("/tasks", { name: "Sibling", projects: [project.gid] })).body.data;
  child = (await api.post("/tasks", { name: "Child", parent: task.gid })).body.data;
});
afterAll(() => t?.close());

// [description, method, path, body, expected status, message pattern]
type Case = [string, "post" | "put" | "get" | "delete", string, unknown, number, RegExp];

function cases(): Case[] {
  const name1025 = "x".repeat(1025);
  const T = task.gid;
  return [
    // POST /tasks
    ["create: no data", "post", "/tasks", undefined, 400, /^data: Missing input/],
    ["create: name of the wrong type", "post", "/tasks", { name: 42, workspace: workspace.gid }, 400, /^name: /],
    ["create: over-long name", "post", "/tasks", { name: name1025, workspace: workspace.gid }, 400, /^name: Too big/],
    ["create: projects not an array", "post", "/tasks", { name: "a", projects: project.gid }, 400, /^projects: /],
    ["create: project gid as a number", "post", "/tasks", { name: "a", projects: [1] }, 400, /^projects\.0: /],
    ["create: unknown project", "post", "/tasks", { name: "a", projects: [UNKNOWN] }, 404, /^projects: Unknown object/],
    ["create: malformed project gid", "post", "/tasks", { name: "a", projects: ["abc"] }, 404, /^projects: /],
    [
      "create: project of another workspace",
      "post",
      "/tasks",
      { name: "a", projects: [foreignProject.gid] },
      404,
      /^projects: /,
    ],
    [
      "create: projects of two workspaces",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, projects: [project.gid, foreignProject.gid] },
      404,
      /^projects: /,
    ],
    ["create: unknown workspace", "post", "/tasks", { name: "a", workspace: UNKNOWN }, 404, /^workspace: /],
    ["create: no workspace, project or parent", "post", "/tasks", { name: "a" }, 400, /^workspace: Missing input/],
    ["create: unknown parent", "post", "/tasks", { name: "a", parent: UNKNOWN }, 404, /^parent: /],
    [
      "create: membership without project",
      "post",
      "/tasks",
      { name: "a", memberships: [{ section: project.sections[0].gid }] },
      400,
      /^memberships\.0\.project: Missing input/,
    ],
    [
      "create: membership section of another project",
      "post",
      "/tasks",
      { name: "a", memberships: [{ project: project.gid, section: otherProject.sections[0].gid }] },
      400,
      /^memberships\.0\.section: /,
    ],
    [
      "create: membership with unknown section",
      "post",
      "/tasks",
      { name: "a", memberships: [{ project: project.gid, section: UNKNOWN }] },
      404,
      /^memberships\.0\.section: /,
    ],
    [
      "create: bad due_on",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, due_on: "2030-02-30" },
      400,
      /^due_on: /,
    ],
    [
      "create: due_on as a time",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, due_on: "tomorrow" },
      400,
      /^due_on: /,
    ],
    [
      "create: bad due_at",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, due_at: "2030-01-01" },
      400,
      /^due_at: /,
    ],
    [
      "create: bad start_on",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, start_on: "01/02/2030" },
      400,
      /^start_on: /,
    ],
    [
      "create: due_on with due_at",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, due_on: "2030-01-01", due_at: "2030-01-01T10:00:00Z" },
      400,
      /^due_at: cannot be set together with due_on/,
    ],
    [
      "create: start_on after due_on",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, due_on: "2030-01-01", start_on: "2030-01-02" },
      400,
      /^start_on: /,
    ],
    [
      "create: start_on after due_at",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, due_at: "2030-01-01T10:00:00Z", start_on: "2030-01-05" },
      400,
      /^start_on: /,
    ],
    [
      "create: notes with html_notes",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, notes: "a", html_notes: "<body>b</body>" },
      400,
      /^html_notes: /,
    ],
    [
      "create: completed as a string",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, completed: "yes" },
      400,
      /^completed: /,
    ],
    [
      "create: unknown subtype",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, resource_subtype: "section" },
      400,
      /^resource_subtype: /,
    ],
    [
      "create: unknown assignee",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, assignee: UNKNOWN },
      404,
      /^assignee: /,
    ],
    [
      "create: unknown assignee email",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, assignee: "nobody@example.test" },
      404,
      /^assignee: /,
    ],
    [
      "create: followers as a number",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, followers: 7 },
      400,
      /^followers: /,
    ],
    [
      "create: unknown follower",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, followers: [UNKNOWN] },
      404,
      /^followers: /,
    ],
    [
      "create: unknown field",
      "post",
      "/tasks",
      { name: "a", workspace: workspace.gid, colour: "red" },
      400,
      /^colour: Unknown field/,
    ],
    ["create subtask: parent in body", "post", `/tasks/${T}/subtasks`, { name: "a", parent: T }, 400, /^parent: /],
    ["create subtask: unknown parent", "post", `/tasks/${UNKNOWN}/subtasks`, { name: "a" }, 404, /^task: /],

    // GET /tasks
    ["list: no filter", "get", "/tasks", undefined, 400, /^project: Missing input/],
    ["list: workspace without assignee", "get", `/tasks?workspace=${workspace.gid}`, undefined, 400, /^assignee: /],
    ["list: assignee without workspace", "get", "/tasks?assignee=me", undefined, 400, /^workspace: /],
    [
      "list: project and section",
      "get",
      `/tasks?project=${project.gid}&section=${project.sections[0].gid}`,
      undefined,
      400,
      /^section: /,
    ],
    ["list: unknown project", "get", `/tasks?project=${UNKNOWN}`, undefined, 404, /^project: /],
    ["list: unknown section", "get", `/sections/${UNKNOWN}/tasks`, undefined, 404, /^section: /],
    ["list: malformed project path", "get", `/projects/abc/tasks`, undefined, 400, /^project_gid: Not a valid gid/],
    ["list: bad limit", "get", `/projects/${project.gid}/tasks?limit=101`, undefined, 400, /^limit: /],
    ["list: bad offset", "get", `/projects/${project.gid}/tasks?limit=10&offset=zzz`, undefined, 400, /^offset: /],
    [
      "list: bad completed_since",
      "get",
      `/projects/${project.gid}/tasks?completed_since=yesterday`,
      undefined,
      400,
      /^completed_since: /,
    ],
    [
      "list: bad modified_since",
      "get",
      `/projects/${project.gid}/tasks?modified_since=2030-13-01`,
      undefined,
      400,
      /^modified_since: /,
    ],
    [
      "list: unknown assignee",
      "get",
      `/tasks?assignee=${UNKNOWN}&workspace=${workspace.gid}`,
      undefined,
      404,
      /^assignee: /,
    ],
    ["list: unknown workspace", "get", `/tasks?assignee=me&workspace=${UNKNOWN}`, undefined, 404, /^workspace: /],
    ["subtasks: unknown task", "get", `/tasks/${UNKNOWN}/subtasks`, undefined, 404, /^task: /],
    ["dependencies: unknown task", "get", `/tasks/${UNKNOWN}/dependencies`, undefined, 404, /^task: /],
    ["dependents: unknown task", "get", `/tasks/${UNKNOWN}/dependents`, undefined, 404, /^task: /],

    // GET, PUT, DELETE /tasks/{gid}
    ["get: unknown task", "get", `/tasks/${UNKNOWN}`, undefined, 404, /^task: Unknown object/],
    ["get: malformed gid", "get", "/tasks/not-a-gid", undefined, 400, /^task_gid: Not a valid gid/],
    ["update: no data", "put", `/tasks/${T}`, undefined, 400, /^data: /],
    ["update: name of the wrong type", "put", `/tasks/${T}`, { name: ["a"] }, 400, /^name: /],
    ["update: over-long name", "put", `/tasks/${T}`, { name: name1025 }, 400, /^name: /],
    ["update: bad due_on", "put", `/tasks/${T}`, { due_on: "2030-1-1" }, 400, /^due_on: /],
    ["update: bad due_at", "put", `/tasks/${T}`, { due_at: "soon" }, 400, /^due_at: /],
    [
      "update: due_on with due_at",
      "put",
      `/tasks/${T}`,
      { due_on: "2030-01-01", due_at: "2030-01-01T10:00:00Z" },
      400,
      /^due_at: /,
    ],
    [
      "update: start_on after the due date",
      "put",
      `/tasks/${T}`,
      { start_on: "2030-05-11" },
      400,
      /^start_on: .*2030-05-10/,
    ],
    [
      "update: due_on before the start",
      "put",
      `/tasks/${child.gid}`,
      { start_on: "2030-05-01", due_on: "2030-04-01" },
      400,
      /^start_on: /,
    ],
    ["update: completed as a number", "put", `/tasks/${T}`, { completed: 1 }, 400, /^completed: /],
    [
      "update: workspace is not writable",
      "put",
      `/tasks/${T}`,
      { workspace: workspace.gid },
      400,
      /^workspace: Unknown field/,
    ],
    [
      "update: projects are not writable",
      "put",
      `/tasks/${T}`,
      { projects: [otherProject.gid] },
      400,
      /^projects: Unknown field/,
    ],
    ["update: unknown assignee", "put", `/tasks/${T}`, { assignee: "ghost@example.test" }, 404, /^assignee: /],
    ["update: unknown task", "put", `/tasks/${UNKNOWN}`, { name: "x" }, 404, /^task: /],
    ["delete: unknown task", "delete", `/tasks/${UNKNOWN}`, undefined, 404, /^task: /],

    // setParent
    ["setParent: missing parent", "post", `/tasks/${T}/setParent`, {}, 400, /^parent: Missing input/],
    ["setParent: parent as a number", "post", `/tasks/${T}/setParent`, { parent: 5 }, 400, /^parent: /],
    ["setParent: unknown parent", "post", `/tasks/${T}/setParent`, { parent: UNKNOWN }, 404, /^parent: /],
    ["setParent: to itself", "post", `/tasks/${T}/setParent`, { parent: T }, 400, /^parent: /],
    ["setParent: under its own child", "post", `/tasks/${T}/setParent`, { parent: child.gid }, 400, /^parent: /],
    [
      "setParent: anchor without parent",
      "post",
      `/tasks/${sibling.gid}/setParent`,
      { parent: null, insert_before: child.gid },
      400,
      /^insert_before: /,
    ],
    [
      "setParent: anchor not a subtask",
      "post",
      `/tasks/${sibling.gid}/setParent`,
      { parent: T, insert_after: sibling.gid },
      400,
      /^insert_after: /,
    ],
    [
      "setParent: anchor of another parent",
      "post",
      `/tasks/${sibling.gid}/setParent`,
      { parent: T, insert_before: T },
      400,
      /^insert_before: /,
    ],
    [
      "setParent: both anchors",
      "post",
      `/tasks/${sibling.gid}/setParent`,
      { parent: T, insert_before: child.gid, insert_after: child.gid },
      400,
      /^insert_after: /,
    ],
    [
      "setParent: unknown anchor format",
      "post",
      `/tasks/${sibling.gid}/setParent`,
      { parent: T, insert_after: "zz" },
      404,
      /^insert_after: /,
    ],

    // addProject / removeProject / sections addTask
    ["addProject: missing project", "post", `/tasks/${T}/addProject`, {}, 400, /^project: Missing input/],
    ["addProject: unknown project", "post", `/tasks/${T}/addProject`, { project: UNKNOWN }, 404, /^project: /],
    [
      "addProject: foreign project",
      "post",
      `/tasks/${T}/addProject`,
      { project: foreignProject.gid },
      404,
      /^project: /,
    ],
    [
      "addProject: unknown section",
      "post",
      `/tasks/${T}/addProject`,
      { project: otherProject.gid, section: UNKNOWN },
      404,
      /^section: /,
    ],
    [
      "addProject: section of another project",
      "post",
      `/tasks/${T}/addProject`,
      { project: otherProject.gid, section: project.sections[1].gid },
      400,
      /^section: /,
    ],
    [
      "addProject: anchor not in project",
      "post",
      `/tasks/${T}/addProject`,
      { project: otherProject.gid, insert_before: sibling.gid },
      400,
      /^insert_before: /,
    ],
    [
      "addProject: next to itself",
      "post",
      `/tasks/${T}/addProject`,
      { project: project.gid, insert_after: T },
      400,
      /^insert_after: /,
    ],
    [
      "addProject: section as a number",
      "post",
      `/tasks/${T}/addProject`,
      { project: project.gid, section: 3 },
      400,
      /^section: /,
    ],
    [
      "removeProject: missing project",
      "post",
      `/tasks/${T}/removeProject`,
      { projects: [project.gid] },
      400,
      /^project: Missing input/,
    ],
    ["removeProject: unknown project", "post", `/tasks/${T}/removeProject`, { project: UNKNOWN }, 404, /^project: /],
    [
      "section addTask: missing task",
      "post",
      `/sections/${project.sections[1].gid}/addTask`,
      {},
      400,
      /^task: Missing input/,
    ],
    [
      "section addTask: unknown task",
      "post",
      `/sections/${project.sections[1].gid}/addTask`,
      { task: UNKNOWN },
      404,
      /^task: /,
    ],
    ["section addTask: unknown section", "post", `/sections/${UNKNOWN}/addTask`, { task: T }, 404, /^section: /],
    [
      "section addTask: anchor in another section",
      "post",
      `/sections/${project.sections[1].gid}/addTask`,
      { task: T, insert_before: sibling.gid },
      400,
      /^insert_before: /,
    ],

    // followers
    ["addFollowers: missing followers", "post", `/tasks/${T}/addFollowers`, {}, 400, /^followers: Missing input/],
    ["addFollowers: empty list", "post", `/tasks/${T}/addFollowers`, { followers: [] }, 400, /^followers: /],
    ["addFollowers: empty string", "post", `/tasks/${T}/addFollowers`, { followers: " , " }, 400, /^followers: /],
    ["addFollowers: a number", "post", `/tasks/${T}/addFollowers`, { followers: 12 }, 400, /^followers: /],
    [
      "addFollowers: unknown user",
      "post",
      `/tasks/${T}/addFollowers`,
      { followers: [user.gid, UNKNOWN] },
      404,
      /^followers: /,
    ],
    [
      "removeFollowers: unknown user",
      "post",
      `/tasks/${T}/removeFollowers`,
      { followers: "nobody@x.test" },
      404,
      /^followers: /,
    ],
    ["addFollowers: unknown task", "post", `/tasks/${UNKNOWN}/addFollowers`, { followers: ["me"] }, 404, /^task: /],

    // dependencies
    ["addDependencies: missing list", "post", `/tasks/${T}/addDependencies`, {}, 400, /^dependencies: Missing input/],
    [
      "addDependencies: empty list",
      "post",
      `/tasks/${T}/addDependencies`,
      { dependencies: [] },
      400,
      /^dependencies: /,
    ],
    [
      "addDependencies: a string",
      "post",
      `/tasks/${T}/addDependencies`,
      { dependencies: sibling.gid },
      400,
      /^dependencies: /,
    ],
    [
      "addDependencies: too many",
      "post",
      `/tasks/${T}/addDependencies`,
      { dependencies: Array.from({ length: 31 }, () => sibling.gid) },
      400,
      /^dependencies: /,
    ],
    [
      "addDependencies: one unknown among known",
      "post",
      `/tasks/${T}/addDependencies`,
      { dependencies: [sibling.gid, UNKNOWN] },
      404,
      /^dependencies: /,
    ],
    [
      "addDependencies: itself",
      "post",
      `/tasks/${T}/addDependencies`,
      { dependencies: [sibling.gid, T] },
      400,
      /^dependencies: /,
    ],
    [
      "removeDependencies: unknown",
      "post",
      `/tasks/${T}/removeDependencies`,
      { dependencies: [UNKNOWN] },
      404,
      /^dependencies: /,
    ],
    [
      "addDependents: missing list",
      "post",
      `/tasks/${T}/addDependents`,
      { dependencies: [sibling.gid] },
      400,
      /^dependents: /,
    ],
    ["addDependents: unknown", "post", `/tasks/${T}/addDependents`, { dependents: ["0"] }, 404, /^dependents: /],
    ["removeDependents: itself", "post", `/tasks/${T}/removeDependents`, { dependents: [T] }, 400, /^dependents: /],

    // duplicate
    ["duplicate: missing name", "post", `/tasks/${T}/duplicate`, { include: "notes" }, 400, /^name: Missing input/],
    ["duplicate: blank name", "post", `/tasks/${T}/duplicate`, { name: "   " }, 400, /^name: /],
    ["duplicate: over-long name", "post", `/tasks/${T}/duplicate`, { name: name1025 }, 400, /^name: /],
    [
      "duplicate: unknown part",
      "post",
      `/tasks/${T}/duplicate`,
      { name: "c", include: "notes,everything" },
      400,
      /^include: /,
    ],
    ["duplicate: include as a number", "post", `/tasks/${T}/duplicate`, { name: "c", include: 3 }, 400, /^include: /],
    ["duplicate: unknown task", "post", `/tasks/${UNKNOWN}/duplicate`, { name: "c" }, 404, /^task: /],
  ];
}

describe("bad input", () => {
  it("answers every bad request with the right status and a message naming the field, and writes nothing", async () => {
    const api = client(t, user.token);
    const before = await counts();
    const rows = await taskRows();
    for (const [description, method, path, body, status, message] of cases()) {
      const answer =
        method === "get"
          ? await api.get(path)
          : method === "delete"
            ? await api.delete(path)
            : method === "put"
              ? await api.put(path, body)
              : await api.post(path, body);
      expect(answer.status, `${description}: ${JSON.stringify(answer.body)}`).toBe(status);
      expect(answer.body.errors[0].message, description).toMatch(message);
    }
    expect(await counts()).toEqual(before);
    expect(await taskRows()).toEqual(rows);
  });

  it("rejects bodies that are not JSON or not wrapped in data", async () => {
    const api = client(t, user.token);
    const before = await counts();
    for (const [method, path] of [
      ["POST", "/tasks"],
      ["PUT", `/tasks/${task.gid}`],
      ["POST", `/tasks/${task.gid}/setParent`],
      ["POST", `/tasks/${task.gid}/addProject`],
      ["POST", `/tasks/${task.gid}/addFollowers`],
      ["POST", `/tasks/${task.gid}/addDependencies`],
      ["POST", `/tasks/${task.gid}/duplicate`],
      ["POST", `/sections/${project.sections[0].gid}/addTask`],
    ]) {
      const broken = await api.raw(method, path, '{"data": {"name": "x"');
      expect(broken.status, path).toBe(400);
      expect(broken.body.errors[0].message).toMatch(/JSON/);
      const unwrapped = await api.raw(method, path, JSON.stringify({ name: "x" }));
      expect(unwrapped.status, path).toBe(400);
      expect(unwrapped.body.errors[0].message).toMatch(/^data: /);
      const list = await api.raw(method, path, JSON.stringify({ data: ["x"] }));
      expect(list.status, path).toBe(400);
    }
    expect(await counts()).toEqual(before);
  });

  it("still accepts the boundary values", async () => {
    const api = client(t, user.token);
    const longest = await api.post("/tasks", {
      name: "y".repeat(1024),
      workspace: workspace.gid,
      due_on: "2032-02-29",
      start_on: "2032-02-29",
    });
    expect(longest.status).toBe(201);
    expect(longest.body.data.name).toHaveLength(1024);
    const cleared = await api.put(`/tasks/${longest.body.data.gid}`, { due_on: null, start_on: null });
    expect(cleared.body.data).toMatchObject({ due_on: null, start_on: null, due_at: null });
  });
});
