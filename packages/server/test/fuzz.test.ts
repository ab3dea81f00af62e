import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeOffset } from "../src/http/pagination.ts";
import {
  type Answer,
  client,
  makeProject,
  makeTask,
  makeTeam,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { changedTables, FUZZ_RUNS, FUZZ_SEED, LONG_RUN, snapshot } from "./helpers/fuzz-kit.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Property tests over HTTP: whatever JSON a client sends to a write endpoint, the answer is a 2xx or a 4xx
// with {errors:[{message}]}, never a 500; and a refused request leaves every table as it was.
// Every endpoint listed here must exist: a route that goes missing fails its case.

// npm test runs a bounded number of cases per property; npm run fuzz sets TAKT_FUZZ_RUNS (see helpers/fuzz-kit.ts).
const RUNS = LONG_RUN ? FUZZ_RUNS : 40;
// Generous, so a slow machine fails on a finding, not on the clock; a run is normally a second or two.
const TIMEOUT = 30_000 + RUNS * 1_000;

let t: TestApp;
let admin: TestUser;
let member: TestUser;
let ids: Record<string, string>;

// ---------- what a random body is made of ----------

const badGid = fc.constantFrom(
  "0",
  "-1",
  "abc",
  "1.5",
  "1e3",
  "",
  " ",
  "99999999999999999999",
  "9007199254740993",
  "0012",
  "me",
  "null",
  "../1",
  "1 OR 1=1",
);
const badDate = fc.constantFrom(
  "2024-02-30",
  "2024-13-01",
  "20240101",
  "yesterday",
  "2024-01-01T25:00:00Z",
  "0000-00-00",
  "99999-01-01",
  "2024-1-1",
  "2024-06-01T10:00:00",
  "",
);
const weirdString = fc.constantFrom(
  "\u0000",
  "a\u0000b",
  "\ud800",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "' OR 1=1 --",
  "😀".repeat(30),
  "\n\t",
  "   ",
  "__proto__",
  "constructor",
  "%00",
  "a,b,c",
);
const hugeString = fc.integer({ min: 1_000, max: 300_000 }).map((length) => "x".repeat(length));
const numberish = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const { junk } = fc.letrec<{ junk: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    numberish,
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    badGid,
    badDate,
    weirdString,
    hugeString,
  ),
  junk: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("leaf"),
    tie("leaf"),
    fc.array(tie("junk"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie("junk"), { maxKeys: 4 }),
  ),
}));

// Bodies that are not {"data": {...}} at all.
const malformedBody = fc.oneof(
  fc.constantFrom(null, [], "text", 42, true, {}, { data: null }, { data: [] }, { data: "x" }, { data: 1 }),
  fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 3 }),
  fc.record({ data: fc.array(junk, { maxLength: 3 }) }),
);

// A plausible body with some fields replaced by junk, an unknown field added, or fields left out.
function bodyFor(fields: Record<string, fc.Arbitrary<unknown>>) {
  const names = Object.keys(fields);
  const plausible = fc.record(fields, { requiredKeys: [] });
  const mutated = fc
    .tuple(
      plausible,
      fc.dictionary(fc.constantFrom(...names), junk, { maxKeys: 3 }),
      fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), junk), { freq: 4 }),
    )
    .map(([base, broken, extra]) => {
      const data: Record<string, unknown> = { ...base, ...broken };
      if (extra) data[extra[0]] = extra[1];
      return { data };
    });
  return fc.oneof(
    { weight: 1, arbitrary: malformedBody },
    { weight: 1, arbitrary: fc.record({ data: fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 5 }) }) },
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: plausible.map((data) => ({ data })) },
  );
}

const rawText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('{"data":', '{"data": {"name": "x"', "[", "nul", '{"data": {"name": "\\ud800"}}', "{'data': 1}", ""),
);

// ---------- the endpoints ----------

interface WriteEndpoint {
  method: "POST" | "PUT";
  path: () => string;
  fields: () => Record<string, fc.Arbitrary<unknown>>;
}

const name = fc.string({ minLength: 1, maxLength: 30 }).filter((text) => text.trim().length > 0);
const text = fc.string({ maxLength: 200 });
const html = fc.constantFrom(
  "<body>Hello <strong>there</strong></body>",
  "<body></body>",
  "<body><a href='x'>l</a></body>",
);
const date = fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true });
const day = date.map((value) => value.toISOString().slice(0, 10));
const time = date.map((value) => value.toISOString());
const ref = (...keys: string[]) => fc.constantFrom(...keys).map((key) => ids[key]);
const refs = (...keys: string[]) => fc.subarray(keys).map((chosen) => chosen.map((key) => ids[key]));
const placement = () => ({ insert_before: ref("task2", "task3"), insert_after: ref("task2", "task3") });

const writeEndpoints: Record<string, WriteEndpoint> = {
  "PUT /users/me": {
    method: "PUT",
    path: () => "/users/me",
    fields: () => ({ name, language: fc.constantFrom("en", "ru") }),
  },
  "PUT /workspaces/{gid}": {
    method: "PUT",
    path: () => `/workspaces/${ids.workspace}`,
    fields: () => ({ name }),
  },
  "POST /workspaces/{gid}/addUser": {
    method: "POST",
    path: () => `/workspaces/${ids.workspace}/addUser`,
    fields: () => ({ user: fc.constantFrom(member.gid, member.email, "someone@nowhere.test") }),
  },
  "POST /personal_access_tokens": {
    method: "POST",
    path: () => "/personal_access_tokens",
    fields: () => ({ name }),
  },
  "POST /setup": {
    method: "POST",
    path: () => "/setup",
    fields: () => ({
      workspace_name: name,
      name,
      email: fc.emailAddress(),
      password: fc.string({ minLength: 8, maxLength: 20 }),
      language: fc.constantFrom("en", "ru"),
      demo: fc.boolean(),
    }),
  },
  "POST /auth/login": {
    method: "POST",
    path: () => "/auth/login",
    fields: () => ({ email: fc.constantFrom(admin.email, member.email), password: text }),
  },
  "POST /teams": {
    method: "POST",
    path: () => "/teams",
    fields: () => ({
      name,
      description: text,
      html_description: html,
      organization: ref("workspace"),
      workspace: ref("workspace"),
    }),
  },
  "PUT /teams/{gid}": {
    method: "PUT",
    path: () => `/teams/${ids.team}`,
    fields: () => ({ name, description: text, html_description: html }),
  },
  "POST /teams/{gid}/addUser": {
    method: "POST",
    path: () => `/teams/${ids.team}/addUser`,
    fields: () => ({ user: fc.constantFrom(member.gid, member.email) }),
  },
  "POST /projects": {
    method: "POST",
    path: () => "/projects",
    fields: () => projectFields(),
  },
  "POST /workspaces/{gid}/projects": {
    method: "POST",
    path: () => `/workspaces/${ids.workspace}/projects`,
    fields: () => projectFields(),
  },
  "POST /teams/{gid}/projects": {
    method: "POST",
    path: () => `/teams/${ids.team}/projects`,
    fields: () => projectFields(),
  },
  "PUT /projects/{gid}": {
    method: "PUT",
    path: () => `/projects/${ids.project}`,
    fields: () => {
      const { workspace: _workspace, team: _team, ...rest } = projectFields();
      return rest;
    },
  },
  "POST /projects/{gid}/addMembers": {
    method: "POST",
    path: () => `/projects/${ids.project}/addMembers`,
    fields: () => ({ members: fc.oneof(ref("member"), refs("member")) }),
  },
  "POST /projects/{gid}/addFollowers": {
    method: "POST",
    path: () => `/projects/${ids.project}/addFollowers`,
    fields: () => ({ followers: fc.oneof(ref("member"), refs("member")) }),
  },
  "POST /projects/{gid}/removeMembers": {
    method: "POST",
    path: () => `/projects/${ids.project}/removeMembers`,
    fields: () => ({ members: fc.oneof(ref("member"), refs("member")) }),
  },
  "POST /projects/{gid}/removeFollowers": {
    method: "POST",
    path: () => `/projects/${ids.project}/removeFollowers`,
    fields: () => ({ followers: fc.oneof(ref("member"), refs("member")) }),
  },
  "POST /projects/{gid}/sections": {
    method: "POST",
    path: () => `/projects/${ids.project}/sections`,
    fields: () => ({ name, insert_before: ref("section1", "section2"), insert_after: ref("section1", "section2") }),
  },
  "POST /projects/{gid}/sections/insert": {
    method: "POST",
    path: () => `/projects/${ids.project}/sections/insert`,
    fields: () => ({
      section: ref("section1", "section2"),
      before_section: ref("section1", "section2"),
      after_section: ref("section1", "section2"),
    }),
  },
  "PUT /sections/{gid}": {
    method: "PUT",
    path: () => `/sections/${ids.section1}`,
    fields: () => ({ name, insert_before: ref("section2"), insert_after: ref("section2") }),
  },
  "POST /sections/{gid}/addTask": {
    method: "POST",
    path: () => `/sections/${ids.section2}/addTask`,
    fields: () => ({ task: ref("task1", "task2"), ...placement() }),
  },
  "POST /tasks": {
    method: "POST",
    path: () => "/tasks",
    fields: () => ({
      ...taskFields(),
      workspace: ref("workspace"),
      projects: refs("project"),
      memberships: fc.array(fc.record({ project: ref("project"), section: ref("section1", "section2") }), {
        maxLength: 2,
      }),
      parent: ref("task1"),
    }),
  },
  "PUT /tasks/{gid}": {
    method: "PUT",
    path: () => `/tasks/${ids.task1}`,
    fields: () => taskFields(),
  },
  "POST /tasks/{gid}/subtasks": {
    method: "POST",
    path: () => `/tasks/${ids.task1}/subtasks`,
    fields: () => taskFields(),
  },
  "POST /tasks/{gid}/setParent": {
    method: "POST",
    path: () => `/tasks/${ids.task2}/setParent`,
    fields: () => ({ parent: fc.oneof(ref("task1", "task3"), fc.constant(null)), ...placement() }),
  },
  "POST /tasks/{gid}/addProject": {
    method: "POST",
    path: () => `/tasks/${ids.task1}/addProject`,
    fields: () => ({ project: ref("project"), section: ref("section1", "section2"), ...placement() }),
  },
  "POST /tasks/{gid}/removeProject": {
    method: "POST",
    path: () => `/tasks/${ids.task3}/removeProject`,
    fields: () => ({ project: ref("project") }),
  },
  "POST /tasks/{gid}/addFollowers": {
    method: "POST",
    path: () => `/tasks/${ids.task1}/addFollowers`,
    fields: () => ({ followers: refs("admin", "member") }),
  },
  "POST /tasks/{gid}/removeFollowers": {
    method: "POST",
    path: () => `/tasks/${ids.task1}/removeFollowers`,
    fields: () => ({ followers: refs("admin", "member") }),
  },
  "POST /tasks/{gid}/addDependencies": {
    method: "POST",
    path: () => `/tasks/${ids.task2}/addDependencies`,
    fields: () => ({ dependencies: refs("task1", "task2", "task3") }),
  },
  "POST /tasks/{gid}/addDependents": {
    method: "POST",
    path: () => `/tasks/${ids.task3}/addDependents`,
    fields: () => ({ dependents: refs("task1", "task2", "task3") }),
  },
  "POST /tasks/{gid}/removeDependencies": {
    method: "POST",
    path: () => `/tasks/${ids.task2}/removeDependencies`,
    fields: () => ({ dependencies: refs("task1", "task2", "task3") }),
  },
  "POST /tasks/{gid}/removeDependents": {
    method: "POST",
    path: () => `/tasks/${ids.task3}/removeDependents`,
    fields: () => ({ dependents: refs("task1", "task2", "task3") }),
  },
  "POST /tasks/{gid}/duplicate": {
    method: "POST",
    path: () => `/tasks/${ids.task1}/duplicate`,
    fields: () => ({ name, include: fc.constantFrom("notes,assignee", "subtasks", "") }),
  },
  "POST /teams/{gid}/removeUser": {
    method: "POST",
    path: () => `/teams/${ids.team}/removeUser`,
    fields: () => ({ user: fc.constantFrom(member.gid, member.email) }),
  },
  "POST /workspaces/{gid}/removeUser": {
    method: "POST",
    path: () => `/workspaces/${ids.workspace}/removeUser`,
    fields: () => ({ user: fc.constantFrom(ids.outsider, "nobody@example.test") }),
  },
  "POST /invitations": {
    method: "POST",
    path: () => "/invitations",
    fields: () => ({
      workspace: ref("workspace"),
      email: fc.emailAddress().map((address) => `${address.split("@")[0].slice(0, 30)}@example.test`),
      role: fc.constantFrom("member", "guest"),
      team: fc.oneof(ref("team"), fc.constant(null)),
      project: fc.oneof(ref("project"), fc.constant(null)),
      access_level: fc.constantFrom("admin", "editor", "commenter", "viewer", null),
    }),
  },
  "POST /webhooks": {
    method: "POST",
    path: () => "/webhooks",
    fields: () => ({
      resource: ref("project", "task1", "workspace"),
      // Internal or malformed targets only: the handshake must never leave this machine.
      target: fc.constantFrom("http://127.0.0.1:9/hook", "https://localhost/hook", "ftp://example.test/x", "not a url"),
      filters: fc.array(
        fc.record({
          resource_type: fc.constantFrom("task", "project", "story", "section"),
          action: fc.constantFrom("added", "changed", "removed", "deleted"),
          fields: fc.array(fc.constantFrom("name", "assignee", "due_on"), { maxLength: 2 }),
        }),
        { maxLength: 2 },
      ),
    }),
  },
  "POST /tasks/{gid}/stories": {
    method: "POST",
    path: () => `/tasks/${ids.task1}/stories`,
    fields: () => ({ text, html_text: html, is_pinned: fc.boolean() }),
  },
  "PUT /stories/{gid}": {
    method: "PUT",
    path: () => `/stories/${ids.story}`,
    fields: () => ({ text, html_text: html, is_pinned: fc.boolean() }),
  },
};

function projectFields(): Record<string, fc.Arbitrary<unknown>> {
  return {
    name,
    workspace: ref("workspace"),
    team: ref("team"),
    notes: text,
    html_notes: html,
    color: fc.constantFrom("dark-pink", "light-green", "none", null),
    privacy_setting: fc.constantFrom("public_to_workspace", "private"),
    default_view: fc.constantFrom("list", "board", "calendar", "timeline"),
    due_on: fc.oneof(day, fc.constant(null)),
    start_on: fc.oneof(day, fc.constant(null)),
    archived: fc.boolean(),
    owner: ref("admin", "member"),
    public: fc.boolean(),
  };
}

function taskFields(): Record<string, fc.Arbitrary<unknown>> {
  return {
    name,
    notes: text,
    html_notes: html,
    assignee: fc.oneof(ref("admin", "member"), fc.constant(null), fc.constant("me")),
    due_on: fc.oneof(day, fc.constant(null)),
    due_at: fc.oneof(time, fc.constant(null)),
    start_on: fc.oneof(day, fc.constant(null)),
    completed: fc.boolean(),
    followers: refs("admin", "member"),
    resource_subtype: fc.constantFrom("default_task", "milestone", "approval", "section"),
  };
}

const listEndpoints: Record<string, () => string> = {
  "GET /users/me": () => "/users/me",
  "GET /workspaces": () => "/workspaces",
  "GET /workspaces/{gid}/users": () => `/workspaces/${ids.workspace}/users`,
  "GET /users?workspace=": () => `/users?workspace=${ids.workspace}`,
  "GET /personal_access_tokens": () => "/personal_access_tokens",
  "GET /workspaces/{gid}/teams": () => `/workspaces/${ids.workspace}/teams`,
  "GET /teams/{gid}/users": () => `/teams/${ids.team}/users`,
  "GET /projects?workspace=": () => `/projects?workspace=${ids.workspace}`,
  "GET /workspaces/{gid}/projects": () => `/workspaces/${ids.workspace}/projects`,
  "GET /teams/{gid}/projects": () => `/teams/${ids.team}/projects`,
  "GET /projects/{gid}": () => `/projects/${ids.project}`,
  "GET /projects/{gid}/sections": () => `/projects/${ids.project}/sections`,
  "GET /projects/{gid}/tasks": () => `/projects/${ids.project}/tasks`,
  "GET /sections/{gid}/tasks": () => `/sections/${ids.section1}/tasks`,
  "GET /tasks?project=": () => `/tasks?project=${ids.project}`,
  "GET /tasks/{gid}": () => `/tasks/${ids.task1}`,
  "GET /tasks/{gid}/subtasks": () => `/tasks/${ids.task1}/subtasks`,
  "GET /tasks/{gid}/stories": () => `/tasks/${ids.task1}/stories`,
};

const fieldName = fc.constantFrom(
  "name",
  "gid",
  "resource_type",
  "assignee.name",
  "assignee.email",
  "memberships.section.name",
  "projects",
  "workspaces.name",
  "due_on",
  "completed",
  "a.b.c.d.e",
  "__proto__",
  "__proto__.polluted",
  "constructor",
  "constructor.name",
  "toString",
  "hasOwnProperty",
  "",
  ".",
  "..",
  " name ",
);
const queryValue = fc.oneof(fc.string({ maxLength: 20 }), badGid, weirdString, numberish.map(String));
const offsetValue = fc.oneof(
  fc.nat({ max: 500 }).map(encodeOffset),
  fc.string({ maxLength: 30 }),
  fc
    .oneof(
      fc.record({ v: fc.constantFrom(1, 2, "1"), o: fc.oneof(numberish, fc.string()) }),
      fc.constant({ v: 1, o: 1e300 }),
      fc.constant({ v: 1, o: 2 ** 62 }),
      fc.constant({ v: 1, o: Number.MAX_SAFE_INTEGER }),
      fc.jsonValue(),
    )
    .map((value) => Buffer.from(JSON.stringify(value) ?? "").toString("base64url")),
);
const query = fc.record(
  {
    limit: fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), queryValue),
    offset: offsetValue,
    opt_fields: fc.oneof(
      fc.array(fieldName, { maxLength: 8 }).map((list) => list.join(",")),
      queryValue,
    ),
    opt_pretty: fc.constantFrom("", "true", "false", "1"),
    extra: queryValue,
  },
  { requiredKeys: [] },
);

// ---------- checks ----------

function expectWellFormed(answer: Answer, what: string) {
  const context = `${what} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  expect(answer.status, context).toBeGreaterThanOrEqual(200);
  expect(answer.status, context).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.body?.errors?.[0]?.message, context).toEqual(expect.any(String));
    expect(answer.body.errors[0].message.length, context).toBeGreaterThan(0);
  } else {
    expect(answer.body, context).toHaveProperty("data");
  }
}

async function send(method: string, path: string, token: string, body: unknown, raw?: string): Promise<Answer> {
  const api = client(t, token);
  if (raw !== undefined) return api.raw(method, path, raw);
  return api.raw(method, path, JSON.stringify(body) ?? "null");
}

async function routeExists(method: string, path: string): Promise<boolean> {
  const answer = await send(method, path, admin.token, { data: {} });
  return !(answer.status === 404 && /^No route for/.test(answer.body?.errors?.[0]?.message ?? ""));
}

beforeAll(async () => {
  console.log(`fuzz: ${RUNS} cases per property, seed ${FUZZ_SEED} (replay with TAKT_FUZZ_SEED=${FUZZ_SEED})`);
  t = await startTestApp();
  const workspace = await makeWorkspace(t, "Fuzz Co");
  admin = await makeUser(t, workspace.gid, "admin", "Ada Admin");
  member = await makeUser(t, workspace.gid, "member", "Max Member");
  const outsider = await makeUser(t, (await makeWorkspace(t, "Elsewhere")).gid, "member", "Oscar Outsider");
  const team = await makeTeam(t, workspace.gid, "Fuzzers", [admin, member]);
  const project = await makeProject(t, workspace.gid, {
    team: team.gid,
    owner: admin,
    members: [{ user: admin, access: "admin" }],
    sections: ["Inbox", "Doing"],
  });
  const [section1, section2] = project.sections;
  const task1 = await makeTask(t, workspace.gid, { name: "One", project, section: section1 });
  const task2 = await makeTask(t, workspace.gid, { name: "Two", project, section: section1 });
  const task3 = await makeTask(t, workspace.gid, { name: "Three", project, section: section2 });
  ids = {
    workspace: workspace.gid,
    admin: admin.gid,
    member: member.gid,
    team: team.gid,
    project: project.gid,
    section1: section1.gid,
    section2: section2.gid,
    task1: task1.gid,
    task2: task2.gid,
    task3: task3.gid,
    story: "1",
    outsider: outsider.gid,
  };
  const story = await client(t, admin.token).post(`/tasks/${task1.gid}/stories`, { text: "First comment" });
  if (story.status === 201) ids.story = story.body.data.gid;
});
afterAll(() => t?.close());

describe("random bodies on write endpoints", () => {
  for (const [label, endpoint] of Object.entries(writeEndpoints)) {
    it(`${label}: never a 500, and a refused request changes nothing`, { timeout: TIMEOUT }, async () => {
      expect(await routeExists(endpoint.method, endpoint.path()), `${label} is not a route`).toBe(true);
      let before = await snapshot(t);
      const body = fc.oneof(
        { weight: 9, arbitrary: bodyFor(endpoint.fields()).map((value) => ({ value, raw: undefined })) },
        { weight: 1, arbitrary: rawText.map((raw) => ({ value: undefined, raw })) },
      );
      await fc.assert(
        fc.asyncProperty(body, async ({ value, raw }) => {
          const path = endpoint.path();
          const answer = await send(endpoint.method, path, admin.token, value, raw);
          const shown = raw ?? JSON.stringify(value)?.slice(0, 500);
          expectWellFormed(answer, `${endpoint.method} ${path} ${shown}`);
          const after = await snapshot(t);
          if (answer.status >= 400) {
            expect(
              changedTables(before, after),
              `${endpoint.method} ${path} ${shown} -> ${answer.status} wrote`,
            ).toEqual([]);
          }
          before = after;
        }),
        { numRuns: RUNS, seed: FUZZ_SEED },
      );
    });
  }
});

describe("random query strings on read endpoints", () => {
  for (const [label, path] of Object.entries(listEndpoints)) {
    it(`${label}: never a 500`, { timeout: TIMEOUT }, async () => {
      const base = path();
      const probe = await client(t, admin.token).get(base);
      expect(/^No route for/.test(probe.body?.errors?.[0]?.message ?? ""), `${label} is not a route`).toBe(false);
      await fc.assert(
        fc.asyncProperty(query, async (params) => {
          const search = new URLSearchParams(params as Record<string, string>).toString();
          const url = search ? `${base}${base.includes("?") ? "&" : "?"}${search}` : base;
          const answer = await client(t, admin.token).get(url);
          expectWellFormed(answer, `GET ${url}`);
        }),
        { numRuns: RUNS, seed: FUZZ_SEED },
      );
    });
  }
});

// Ids in paths: malformed, unknown, or someone else's kind of object; always a 4xx, never a 500 or a write.
const pathTemplates = [
  "GET /users/{id}",
  "PUT /users/{id}",
  "GET /workspaces/{id}",
  "PUT /workspaces/{id}",
  "GET /workspaces/{id}/users",
  "POST /workspaces/{id}/addUser",
  "DELETE /personal_access_tokens/{id}",
  "GET /teams/{id}",
  "PUT /teams/{id}",
  "GET /projects/{id}",
  "PUT /projects/{id}",
  "DELETE /projects/{id}",
  "GET /projects/{id}/sections",
  "POST /projects/{id}/sections",
  "GET /projects/{id}/tasks",
  "GET /sections/{id}",
  "PUT /sections/{id}",
  "DELETE /sections/{id}",
  "GET /sections/{id}/tasks",
  "GET /tasks/{id}",
  "PUT /tasks/{id}",
  "DELETE /tasks/{id}",
  "GET /tasks/{id}/subtasks",
  "GET /tasks/{id}/stories",
  "POST /tasks/{id}/stories",
  "GET /stories/{id}",
  "PUT /stories/{id}",
  "DELETE /stories/{id}",
];
const pathId = fc.oneof(
  badGid,
  weirdString,
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom("a\u0000@example.test", "x@y", "%", "1".repeat(40), "z".repeat(150)),
  fc.constantFrom("workspace", "team", "project", "section1", "task1", "admin", "member").map((key) => ids[key]),
);

describe("random ids in paths", () => {
  it("never a 500, and a refused request changes nothing", { timeout: TIMEOUT * 3 }, async () => {
    let before = await snapshot(t);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...pathTemplates), pathId, async (template, id) => {
        const [method, pattern] = template.split(" ");
        const path = pattern.replace("{id}", encodeURIComponent(id.replace(/[\ud800-\udfff]/gu, "\ufffd")));
        const body = method === "GET" || method === "DELETE" ? undefined : { data: { name: "Renamed" } };
        const api = client(t, admin.token);
        const answer = body
          ? await api.raw(method, path, JSON.stringify(body))
          : await api[method === "GET" ? "get" : "delete"](path);
        if (answer.status === 404 && /^No route for/.test(answer.body?.errors?.[0]?.message ?? "")) return;
        expectWellFormed(answer, `${method} ${path.slice(0, 200)}`);
        const after = await snapshot(t);
        if (answer.status >= 400) {
          expect(changedTables(before, after), `${method} ${path} -> ${answer.status} wrote`).toEqual([]);
        }
        before = after;
      }),
      { numRuns: RUNS * 3, seed: FUZZ_SEED },
    );
  });
});

// ---------- task writes that mix valid fields with one that must be refused ----------

// A body that would change the task in several ways (name, dates, custom field values, tags, recurrence,
// approval, estimate) together with at least one field that must be refused: the whole request is refused,
// and nothing it would have written is left behind, the audit log included. The refusal may come late (an
// approval decision that needs a comment is checked after the new name was written in the same unit of work).
describe("task writes that mix valid and invalid fields", () => {
  const special: Record<string, string> = {};

  beforeAll(async () => {
    const api = client(t, admin.token);
    // A project of its own: the route fuzzing above may have renamed, moved or deleted the shared one.
    special.project = (
      await makeProject(t, ids.workspace, { owner: admin, members: [{ user: admin, access: "admin" }] })
    ).gid;
    const made = async (path: string, body: Record<string, unknown>) => {
      const answer = await api.post(path, body);
      expect(answer.status, `${path} ${JSON.stringify(answer.body)}`).toBe(201);
      return answer.body.data;
    };
    special.approval = (
      await made("/tasks", {
        name: "Sign-off",
        resource_subtype: "approval",
        assignee: admin.gid,
        projects: [special.project],
      })
    ).gid;
    special.recurring = (
      await made("/tasks", {
        name: "Weekly report",
        projects: [special.project],
        due_on: "2030-01-07",
        recurrence: { rrule: "FREQ=WEEKLY;BYDAY=MO" },
      })
    ).gid;
    special.estimated = (await made("/tasks", { name: "Estimated", projects: [special.project] })).gid;
    const estimate = await api.put(`/tasks/${special.estimated}`, { estimated_minutes: 90 });
    expect(estimate.status).toBe(200);
    const number = await made("/custom_fields", {
      workspace: ids.workspace,
      name: "Budget",
      resource_subtype: "number",
      precision: 0,
    });
    const priority = await made("/custom_fields", {
      workspace: ids.workspace,
      name: "Priority",
      resource_subtype: "enum",
      enum_options: [{ name: "High" }, { name: "Low" }],
    });
    for (const field of [number, priority]) {
      const setting = await api.post(`/projects/${special.project}/addCustomFieldSetting`, { custom_field: field.gid });
      expect(setting.status, JSON.stringify(setting.body)).toBe(200);
    }
    special.number = number.gid;
    special.priority = priority.gid;
    special.high = priority.enum_options[0].gid;
    special.tag = (await made("/tags", { workspace: ids.workspace, name: "Urgent" })).gid;
  });

  // Fields any task write may carry, each valid on its own.
  const validFields = (): Record<string, fc.Arbitrary<unknown>> => ({
    name,
    notes: text,
    due_on: day,
    assignee: fc.oneof(ref("admin", "member"), fc.constant(null)),
    completed: fc.boolean(),
    custom_fields: fc.oneof(
      fc.integer({ min: 0, max: 1_000_000 }).map((value) => ({ [special.number]: value })),
      fc.constant(null).map(() => ({ [special.priority]: special.high })),
    ),
    tags: fc.constant(null).map(() => [special.tag]),
    recurrence: fc.oneof(
      fc.constant({ rrule: "FREQ=DAILY" }),
      fc.integer({ min: 1, max: 30 }).map((days) => ({ every_n_days_after_completion: days })),
      fc.constant(null),
    ),
  });

  // Fields that make any task write fail, each alone enough to refuse the request.
  const invalidFields = (): fc.Arbitrary<Record<string, unknown>>[] => [
    fc.constantFrom(
      { recurrence: { rrule: "FREQ=WEEKLY;BYDAY=XX" } },
      { recurrence: { rrule: "every monday" } },
      { recurrence: { rrule: "FREQ=HOURLY" } },
      { recurrence: { every_n_days_after_completion: 0 } },
      { recurrence: { rrule: "FREQ=DAILY", every_n_days_after_completion: 2 } },
      { recurrence: "weekly" },
    ),
    fc.constant(null).map(() => ({ custom_fields: { [special.number]: "a lot" } })),
    fc.constant(null).map(() => ({ custom_fields: { [special.priority]: special.number } })),
    fc.constant({ custom_fields: { "12345": 1 } }),
    fc.constant({ tags: ["12345"] }),
    fc.constant({ due_on: "2030-01-01", start_on: "2030-02-01" }),
    fc.constant({ assignee: "nobody@example.test" }),
  ];

  // On PUT: scrum, approval and estimate fields too.
  const invalidUpdateFields = (): fc.Arbitrary<Record<string, unknown>>[] => [
    ...invalidFields(),
    // Asking for changes takes a comment, which PUT cannot carry; on a task that is not an approval, no decision.
    fc.constant({ approval_status: "changes_requested" }),
    fc.constantFrom({ estimated_minutes: -5 }, { estimated_minutes: 1.5 }, { estimated_minutes: "90" }),
    fc.constantFrom({ story_points: -1 }, { sprint: "12345" }),
  ];

  // On create: what only an existing task takes is an unknown field there.
  const invalidCreateFields = (): fc.Arbitrary<Record<string, unknown>>[] => [
    ...invalidFields(),
    // Asking for changes takes a comment, which a create cannot carry either.
    fc.constantFrom({ approval_status: "changes_requested" }, { estimated_minutes: 30 }, { parent: "12345" }),
  ];

  function mixed(valid: Record<string, fc.Arbitrary<unknown>>, invalid: fc.Arbitrary<Record<string, unknown>>[]) {
    return fc
      .tuple(fc.record(valid, { requiredKeys: [] }), fc.array(fc.oneof(...invalid), { minLength: 1, maxLength: 3 }))
      .map(([good, bad]) => ({ data: Object.assign({}, good, ...bad) as Record<string, unknown> }));
  }

  const cases: Record<string, { method: "POST" | "PUT"; path: () => string; body: () => fc.Arbitrary<unknown> }> = {
    "PUT an approval task": {
      method: "PUT",
      path: () => `/tasks/${special.approval}`,
      body: () =>
        mixed(
          { ...validFields(), approval_status: fc.constantFrom("approved", "rejected", "pending") },
          invalidUpdateFields(),
        ),
    },
    "PUT a recurring task": {
      method: "PUT",
      path: () => `/tasks/${special.recurring}`,
      body: () => mixed(validFields(), invalidUpdateFields()),
    },
    "PUT a task with an estimate": {
      method: "PUT",
      path: () => `/tasks/${special.estimated}`,
      body: () =>
        mixed(
          { ...validFields(), estimated_minutes: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constant(null)) },
          invalidUpdateFields(),
        ),
    },
    "PUT a plain task": {
      method: "PUT",
      path: () => `/tasks/${ids.task1}`,
      body: () => mixed(validFields(), invalidUpdateFields()),
    },
    "POST /tasks": {
      method: "POST",
      path: () => "/tasks",
      body: () =>
        mixed(
          {
            ...validFields(),
            projects: fc.constant(null).map(() => [special.project]),
            resource_subtype: fc.constantFrom("default_task", "milestone", "approval"),
          },
          invalidCreateFields(),
        ),
    },
    "POST a subtask of an approval task": {
      method: "POST",
      path: () => `/tasks/${special.approval}/subtasks`,
      body: () => mixed(validFields(), invalidCreateFields()),
    },
  };

  for (const [label, { method, path, body }] of Object.entries(cases)) {
    it(`${label}: refused as a whole, no row, event, story or audit entry`, { timeout: TIMEOUT }, async () => {
      await fc.assert(
        fc.asyncProperty(body(), async (value) => {
          const before = await snapshot(t, { audit: true });
          const answer = await send(method, path(), admin.token, value);
          const what = `${method} ${path()} ${JSON.stringify(value).slice(0, 500)} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
          expect(answer.status, what).toBeGreaterThanOrEqual(400);
          expect(answer.status, what).toBeLessThan(500);
          expect(answer.body?.errors?.[0]?.message, what).toEqual(expect.any(String));
          expect(changedTables(before, await snapshot(t, { audit: true })), `${what} wrote`).toEqual([]);
        }),
        { numRuns: RUNS, seed: FUZZ_SEED },
      );
    });
  }
});
