import { Validator } from "@seriousme/openapi-schema-validator";
import { Project, Story, Task, User } from "@takt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { API_PREFIX, buildOpenApiDocument } from "../src/http/openapi.ts";
import { client, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let admin: TestUser;
let workspace: { gid: string };

// Every field a schema declares, as opt_fields: the answer then holds all of them, the opt-in ones too.
const everyField = (schema: z.ZodObject) => Object.keys(schema.shape).join(",");

// The live answer read through its contract: a missing or mistyped field fails the parse, and a field the
// contract does not declare is stripped by it, which the equality then catches.
function expectHonest(schema: z.ZodType, live: unknown) {
  const parsed = schema.safeParse(live);
  expect(parsed.error?.issues ?? [], JSON.stringify(live, null, 1)).toEqual([]);
  expect(parsed.data).toEqual(live);
}

// The document as the server serves it, read like any client would.
async function servedDocument(): Promise<any> {
  return (await fetch(`${t.api}/openapi.json`)).json();
}

beforeAll(async () => {
  t = await startTestApp();
  const ws = await makeWorkspace(t);
  workspace = ws;
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
});

afterAll(async () => {
  await t?.close();
});

describe("the OpenAPI document", () => {
  it("is served without signing in, and is a valid OpenAPI 3.1 document", async () => {
    const answer = await fetch(`${t.api}/openapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    const document: any = await answer.json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe("Takt API");
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // Every reference resolves within the document.
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((match) => match[1]);
    expect(refs.length).toBeGreaterThan(100);
    const unresolved = refs.filter(
      (ref) => ref.split("/").reduce((node: any, key) => node?.[decodeURIComponent(key)], document) === undefined,
    );
    expect([...new Set(unresolved)]).toEqual([]);
  });

  it("has an operation for every /api/1.0 route the server answers", async () => {
    const document = await servedDocument();
    const routes = t.app.routeList.filter(
      (route) => route.url.startsWith(`${API_PREFIX}/`) && route.method !== "HEAD" && route.method !== "OPTIONS",
    );
    expect(routes.length).toBeGreaterThan(150);
    const missing = routes.filter((route) => {
      const path = route.url.slice(API_PREFIX.length).replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      return !document.paths[path]?.[route.method.toLowerCase()];
    });
    expect(missing.map((route) => `${route.method} ${route.url}`)).toEqual([]);
    const operations = Object.values(document.paths as Record<string, Record<string, unknown>>).flatMap((ops) =>
      Object.keys(ops),
    );
    expect(operations.length).toBe(new Set(routes.map((route) => `${route.method} ${route.url}`)).size);
  });

  it("is built by a pure function of the route list", async () => {
    const served = await servedDocument();
    const built = buildOpenApiDocument(t.app.routeList, { version: served.info.version });
    expect(built).toEqual(served);
  });

  it("describes a task's answer, its errors, its parameters and how to authenticate", async () => {
    const document = await servedDocument();
    expect(document.components.schemas.Task.properties.permissions.description).toMatch(/opt_fields=permissions/);
    expect(document.components.schemas.Error.properties.errors.type).toBe("array");
    expect(document.components.securitySchemes.personalAccessToken).toMatchObject({ type: "http", scheme: "bearer" });
    const operation = document.paths["/tasks/{task_gid}"].get;
    expect(operation.parameters).toContainEqual(expect.objectContaining({ name: "task_gid", in: "path" }));
    expect(operation.parameters).toContainEqual({ $ref: "#/components/parameters/opt_fields" });
    expect(operation.responses["404"]).toEqual({ $ref: "#/components/responses/NotFound" });
    expect(document.paths["/openapi.json"].get.security).toEqual([]);
    // The errors' help link points at the section the docs page shows.
    expect(document.info.description).toContain('<h2 id="errors">Errors</h2>');
  });

  it("names the docs' errors section in every error's help", async () => {
    const answer = await client(t).get("/tasks/1");
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].help).toContain("/api/1.0/docs#errors");
  });
});

describe("the docs page", () => {
  it("is public HTML with its own narrow CSP, and its viewer files are served from here", async () => {
    const page = await fetch(`${t.api}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    for (const source of sources.filter((url) => url.startsWith("/"))) {
      const file = await fetch(`${t.url}${source}`);
      expect(file.status, source).toBe(200);
      expect((await file.arrayBuffer()).byteLength, source).toBeGreaterThan(100);
    }
    expect(sources.every((url) => url.startsWith("/") || url.startsWith("data:"))).toBe(true);
    expect((await fetch(`${t.api}/docs/package.json`)).status).toBe(404);
    // Names every object has (inherited from its prototype) are not viewer files either.
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect((await fetch(`${t.api}/docs/${name}`)).status, name).toBe(404);
    }
  });
});

describe("the contracts match what the server answers", () => {
  it("a task asked for every field", async () => {
    const api = client(t, admin.token);
    const other = await makeUser(t, workspace.gid, "member", "Boris Builder");
    const project = (
      await api.post("/projects", { name: "Contracts", workspace: workspace.gid, followers: [other.gid] })
    ).body.data;
    const section = (await api.post(`/projects/${project.gid}/sections`, { name: "In work" })).body.data;
    const enumField = (
      await api.post(`/projects/${project.gid}/addCustomFieldSetting`, {
        custom_field: {
          name: "Priority",
          resource_subtype: "enum",
          enum_options: [{ name: "High", color: "red" }, { name: "Low" }],
        },
      })
    ).body.data.custom_field;
    const numberField = (
      await api.post(`/projects/${project.gid}/addCustomFieldSetting`, {
        custom_field: {
          name: "Budget",
          resource_subtype: "number",
          format: "currency",
          currency_code: "EUR",
          precision: 2,
        },
      })
    ).body.data.custom_field;
    const tag = (await api.post("/tags", { name: "urgent", color: "dark-red", workspace: workspace.gid })).body.data;
    const blocker = (await api.post("/tasks", { name: "Brief", projects: [project.gid] })).body.data;
    const created = await api.post("/tasks", {
      name: "Landing page",
      notes: "Hero, pricing, footer",
      assignee: other.gid,
      followers: [other.gid],
      due_on: "2031-05-01",
      start_on: "2031-04-20",
      memberships: [{ project: project.gid, section: section.gid }],
      tags: [tag.gid],
      custom_fields: { [enumField.gid]: enumField.enum_options[0].gid, [numberField.gid]: 1250.5 },
      recurrence: { rrule: "FREQ=WEEKLY;BYDAY=MO" },
    });
    expect(created.status).toBe(201);
    const task = created.body.data;
    await api.post(`/tasks/${task.gid}/addDependencies`, { dependencies: [blocker.gid] });
    await api.post(`/tasks/${task.gid}/subtasks`, { name: "Copy" });
    await api.post(`/tasks/${task.gid}/stories`, { text: "Looks good" });
    await api.put(`/tasks/${task.gid}`, { estimated_minutes: 90 });

    const live = await api.get(`/tasks/${task.gid}?opt_fields=${everyField(Task)}`);
    expect(live.status).toBe(200);
    expect(live.body.data.custom_fields).toHaveLength(2);
    expect(live.body.data.num_comments).toBe(1);
    expect(live.body.data.permissions).toMatchObject({ edit: true, comment: true });
    expectHonest(Task, live.body.data);
    // The default answer (no opt_fields) too: every field but the opt-in ones.
    expectHonest(Task, (await api.get(`/tasks/${task.gid}`)).body.data);
    const subtask = (await api.get(`/tasks/${task.gid}/subtasks`)).body.data[0];
    expectHonest(Task, (await api.get(`/tasks/${subtask.gid}`)).body.data);
    expectHonest(Task, (await api.get(`/tasks/${blocker.gid}`)).body.data);

    // A project, a story and a user, the same way.
    const liveProject = await api.get(`/projects/${project.gid}?opt_fields=${everyField(Project)}`);
    expect(liveProject.body.data.permissions).toMatchObject({ edit: true });
    expectHonest(Project, liveProject.body.data);
    expectHonest(Project, (await api.get(`/projects/${project.gid}`)).body.data);
    const stories = (await api.get(`/tasks/${task.gid}/stories?opt_fields=${everyField(Story)}`)).body.data;
    expect(stories.length).toBeGreaterThan(3);
    for (const story of stories) expectHonest(Story, story);
    expectHonest(User, (await api.get(`/users/me?opt_fields=${everyField(User)}`)).body.data);
    expectHonest(User, (await api.get(`/users/${other.gid}`)).body.data);
  });
});
