import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "../src/domain/auth/auth.commands.ts";
import { encodeOffset } from "../src/http/pagination.ts";
import { newGid } from "../src/ids.ts";
import { client, makeProject, makeTeam, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import {
  badIds,
  changedTables,
  deepJson,
  expectWellFormed,
  FUZZ_RUNS,
  FUZZ_SEED,
  hugeString,
  junk,
  LONG_RUN,
  type RawAnswer,
  request,
  shown,
  snapshot,
  unicodeString,
} from "./helpers/fuzz-kit.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Every /api/1.0 route, found by walking app.routeList, gets generated input of four kinds: bodies, query
// strings (opt_fields, offset, limit, filters), ids in the path, and content types. Each answer must be a 2xx
// or a 4xx with {"errors":[{"message"}]}, within the request deadline; a 4xx must leave the database as it was.
// npm test sweeps every route a few times per kind; `npm run fuzz` (TAKT_FUZZ_RUNS) draws routes at random
// for TAKT_FUZZ_RUNS cases per kind. Replay a failure with TAKT_FUZZ_SEED=<the seed printed>.

const PER_ROUTE = Number(process.env.TAKT_FUZZ_PER_ROUTE || 2);
const TIMEOUT = LONG_RUN ? 24 * 3600_000 : 240_000;

type Fixture = Record<string, string>;
let t: TestApp;
const fx: Fixture = {};
let admin: TestUser;
let member: TestUser;
let guest: TestUser;
const offsets: string[] = [];

interface Route {
  method: string;
  template: string; // "/tasks/:task_gid"
  params: string[];
}

let routes: Route[] = [];

// The fixture's object for each path parameter; for parameters it has nothing of (gid), an object of the kind
// the path names, or any real id.
function realParam(route: Route, param: string): string {
  if (param === "gid") {
    if (route.template.includes("/project_templates/")) return fx.projectTemplate ?? fx.project;
    if (route.template.includes("/rules/")) return fx.rule ?? fx.project;
    return fx.task;
  }
  const named: Record<string, string | undefined> = {
    workspace_gid: fx.workspace,
    project_gid: fx.project,
    section_gid: fx.section,
    task_gid: fx.task,
    story_gid: fx.story,
    user_gid: member?.gid,
    team_gid: fx.team,
    team_membership_gid: fx.teamMembership,
    membership_gid: fx.projectMembership,
    list_gid: fx.userTaskList,
    webhook_gid: fx.webhook,
    invitation_gid: fx.invitation,
    token: "not-a-real-token",
    token_gid: fx.accessToken,
    attachment_gid: fx.attachment,
    custom_field_gid: fx.customField,
    enum_option_gid: fx.enumOption,
    tag_gid: fx.tag,
    sprint_gid: fx.sprint,
    status_update_gid: fx.statusUpdate,
    form_gid: fx.form,
    notification_gid: fx.notification,
    time_tracking_entry_gid: fx.timeEntry,
    crm_intake_gid: fx.crmIntake,
    portfolio_gid: fx.portfolio,
    portfolio_membership_gid: fx.portfolioMembership,
    goal_gid: fx.goal,
    goal_relationship_gid: fx.goalRelationship,
    time_tracking_category_gid: fx.category,
    rate_gid: fx.rate,
    budget_gid: fx.budget,
    timesheet_approval_status_gid: fx.timesheetApproval,
    allocation_gid: fx.allocation,
  };
  return named[param] ?? fx.task;
}

function pathOf(route: Route, values: Record<string, string>): string {
  let path = route.template;
  for (const param of route.params) path = path.replace(`:${param}`, encodeURIComponent(values[param]));
  return path;
}

const hasBody = (route: Route) => route.method === "POST" || route.method === "PUT" || route.method === "PATCH";

// ---------- generated input ----------

// Field names used across the API, so generated bodies reach past "Unknown field" into the handlers.
const FIELDS = [
  "name",
  "text",
  "html_text",
  "notes",
  "html_notes",
  "title",
  "description",
  "workspace",
  "organization",
  "team",
  "project",
  "projects",
  "section",
  "task",
  "tasks",
  "parent",
  "assignee",
  "followers",
  "members",
  "user",
  "email",
  "password",
  "role",
  "access_level",
  "due_on",
  "due_at",
  "start_on",
  "completed",
  "resource_subtype",
  "enum_options",
  "custom_fields",
  "custom_field",
  "tags",
  "tag",
  "color",
  "privacy_setting",
  "insert_before",
  "insert_after",
  "before_section",
  "after_section",
  "dependencies",
  "dependents",
  "resource",
  "target",
  "filters",
  "status_type",
  "fields",
  "values",
  "duration_minutes",
  "entered_on",
  "story_points",
  "is_pinned",
  "include",
  "language",
  "archived",
  "fill_token",
  "scrum_enabled",
  "trigger",
  "actions",
];

const realIds = () =>
  fc.constantFrom(
    ...[fx.workspace, fx.project, fx.section, fx.task, fx.task2, fx.story, fx.team, fx.tag, fx.customField, fx.sprint]
      .concat([member.gid, guest.gid])
      .filter(Boolean),
  );

const value = () =>
  fc.oneof(
    { weight: 4, arbitrary: realIds() },
    { weight: 2, arbitrary: fc.array(realIds(), { maxLength: 3 }) },
    { weight: 3, arbitrary: junk },
    { weight: 2, arbitrary: unicodeString },
    { weight: 1, arbitrary: fc.constantFrom(...badIds) },
    { weight: 1, arbitrary: fc.array(junk, { minLength: 50, maxLength: 200 }) },
  );

// A request body as text: {"data": {...}} of known fields, something that is not that shape at all,
// a 1 MB string, or JSON nested 10,000 levels deep.
const bodyText = () =>
  fc.oneof(
    { weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value(), { maxKeys: 5 }).map(wrap) },
    { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 4 }).map(wrap) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(null, [], "text", 42, true, {}, { data: null }, { data: [] }, { data: "x" }, { data: 1 })
        .map((body) => JSON.stringify(body)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...FIELDS), hugeString).map(([key, text]) => wrap({ [key]: text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("object", "array") as fc.Arbitrary<"object" | "array">, fc.constantFrom("data", "name"))
        .map(([kind, key]) => `{"data":{"${key}":${deepJson(10_000, kind)}}}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(deepJson(10_000, "object"), deepJson(10_000, "array")) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"data":',
        '{"data":{"name":"x"',
        "[",
        "nul",
        '{"data":{"name":"\\ud800"}}',
        "{'a':1}",
      ),
    },
  );

function wrap(data: Record<string, unknown>): string {
  return JSON.stringify({ data });
}

// opt_fields: real names, nested paths, nonsense, prototype keys, and thousands of them.
const fieldName = fc.constantFrom(
  "name",
  "gid",
  "resource_type",
  "assignee.name",
  "memberships.section.name",
  "projects.team.name",
  "workspace.name",
  "custom_fields.enum_value.name",
  "completed",
  "a.b.c.d.e.f.g",
  "__proto__",
  "__proto__.polluted",
  "constructor.prototype",
  "toString",
  "",
  ".",
  "..",
  "name.",
  ".name",
  "this.is.(weird)",
);
const optFields = fc.oneof(
  { weight: 6, arbitrary: fc.array(fieldName, { maxLength: 8 }).map((list) => list.join(",")) },
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof(fieldName, unicodeString), { maxLength: 4 }).map((list) => list.join(",")),
  },
  { weight: 2, arbitrary: fc.constantFrom("name,".repeat(2_000), `${"a.".repeat(2_000)}b`, ",,,,", "name,,gid") },
  // Past the 16 KB the HTTP parser takes for a request line: refused before any route runs.
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(20_000), "name,".repeat(200_000)) },
);

// Offsets: real ones from other lists, forged, truncated, and not base64 at all.
const offset = () =>
  fc.oneof(
    fc.constantFrom(...offsets),
    fc.constantFrom(...offsets).map((token) => token.slice(0, Math.max(1, token.length - 3))),
    fc.nat({ max: 10_000 }).map(encodeOffset),
    fc
      .oneof(
        fc.record({ v: fc.constantFrom(1, 2, "1", null), o: fc.oneof(fc.integer(), fc.string(), fc.double()) }),
        fc.constantFrom({ v: 1, o: 1e300 }, { v: 1, o: 2 ** 62 }, { v: 1, o: -1 }, { v: 1 }, []),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map((forged) => Buffer.from(JSON.stringify(forged) ?? "").toString("base64url")),
    fc.string({ maxLength: 40 }),
    unicodeString,
  );

// Query parameters the routes read, with real ids and everything else.
const QUERY_KEYS = [
  "workspace",
  "project",
  "section",
  "parent",
  "resource",
  "assignee",
  "user",
  "team",
  "tag",
  "sync",
  "text",
  "query",
  "resource_type",
  "completed_since",
  "modified_since",
  "created_at.after",
  "due_on.before",
  "start_on",
  "end_on",
  "count",
  "include",
  "archived",
  "is_archived",
];
const query = () =>
  fc
    .record(
      {
        limit: fc.oneof(fc.integer({ min: -5, max: 150 }).map(String), fc.constantFrom("", "1.5", "1e2", "0x10", "🙂")),
        offset: offset(),
        opt_fields: optFields,
        opt_pretty: fc.constantFrom("", "true", "false", "1"),
        other: fc.dictionary(
          fc.constantFrom(...QUERY_KEYS),
          fc.oneof(realIds(), unicodeString, fc.constantFrom(...badIds), fc.string({ maxLength: 20 })),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: [] },
    )
    .map(({ other, ...params }) => {
      const search = new URLSearchParams();
      for (const [key, item] of Object.entries({ ...params, ...other })) {
        search.append(key, String(item).replace(/[\ud800-\udfff]/gu, "\ufffd"));
      }
      return search.toString();
    });

// Wrong or odd content types for a body.
const CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=xyz",
  "application/json; charset=utf-16",
  "application/json; charset=nonsense",
  "application/json; charset=",
  "application/json;;;",
  "application/xml",
  "application/octet-stream",
  "image/png",
  "*/*",
  "json",
  "",
  "none", // no Content-Type header at all
];
const contentTyped = () =>
  fc.record({
    type: fc.constantFrom(...CONTENT_TYPES),
    body: fc.oneof(
      fc.constantFrom(
        'data={"name":"x"}',
        "name=x&workspace=1",
        '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--xyz--\r\n',
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\ncut off',
        "--xyz\r\nno header here\r\n\r\nx\r\n--xyz--\r\n",
        '{"data":{"name":"x"}}',
        '\ufeff{"data":{}}',
        "",
      ),
      bodyText(),
    ),
  });

// ---------- one request, checked ----------

let before: Map<string, string>;
let requests = 0;
const statuses = new Map<number, number>();

const tokenOf = () => fc.constantFrom(admin.token, admin.token, admin.token, member.token, guest.token, "");

async function exercise(
  route: Route,
  path: string,
  init: { token: string; type?: string; body?: string },
  what: string,
): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.type !== undefined && init.type !== "none") headers["content-type"] = init.type;
  const answer = await request(`${t.api}${path}`, {
    method: route.method,
    headers,
    body: route.method === "GET" || route.method === "HEAD" ? undefined : init.body,
  });
  requests += 1;
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  const label = `${route.method} ${shown(path)} [${init.type ?? "application/json"}] ${shown(init.body ?? "")} ${what}`;
  const previous = before;
  before = await snapshot(t); // first, so a failure here does not blame the next request
  expectWellFormed(answer, label);
  if (answer.status >= 400) expect(changedTables(previous, before), `${label} -> ${answer.status} wrote`).toEqual([]);
  return answer;
}

interface Kind {
  name: string;
  applies: (route: Route) => boolean;
  // Path parameters are real unless the kind says otherwise; DELETE routes get real ids only in their own sweep.
  input: (route: Route) => fc.Arbitrary<{ path: string; token: string; type?: string; body?: string }>;
}

const realValues = (route: Route) => Object.fromEntries(route.params.map((param) => [param, realParam(route, param)]));

// Deleting routes get ids that match nothing, so the fixture survives until the deletion sweep at the end.
const safePath = (route: Route) =>
  route.method === "DELETE"
    ? fc
        .constantFrom(...badIds.filter((id) => id.length < 300), "1", String(newGid()))
        .map((id) => pathOf(route, Object.fromEntries(route.params.map((param) => [param, id]))))
    : fc.constant(pathOf(route, realValues(route)));

const KINDS: Kind[] = [
  {
    name: "bodies",
    applies: (route) => hasBody(route) || route.method === "DELETE",
    input: (route) =>
      fc.record({ path: safePath(route), token: tokenOf(), body: bodyText(), type: fc.constant("application/json") }),
  },
  {
    name: "query strings",
    applies: () => true,
    input: (route) =>
      fc.record({ path: safePath(route), token: tokenOf(), search: query() }).map(({ path, token, search }) => ({
        path: `${path}?${search}`,
        token,
        type: hasBody(route) ? "application/json" : undefined,
        body: hasBody(route) ? '{"data":{}}' : undefined,
      })),
  },
  {
    name: "ids in the path",
    applies: (route) => route.params.length > 0,
    input: (route) =>
      fc
        .record({
          param: fc.constantFrom(...route.params),
          id: fc.oneof(
            fc.constantFrom(...badIds),
            unicodeString.map((text) => text.replace(/[\ud800-\udfff]/gu, "\ufffd") || "x"),
            // A real id of another kind of object.
            fc.constantFrom(fx.workspace, fx.team, fx.section, fx.story, fx.tag, admin.gid),
          ),
          token: tokenOf(),
          body: bodyText(),
        })
        .map(({ param, id, token, body }) => ({
          path: pathOf(route, { ...realValues(route), [param]: id }),
          token,
          type: hasBody(route) ? "application/json" : undefined,
          body: hasBody(route) ? body : undefined,
        }))
        // A DELETE with every other id real would delete the fixture: all its ids are bad.
        .chain((input) =>
          route.method === "DELETE" ? safePath(route).map((path) => ({ ...input, path })) : fc.constant(input),
        ),
  },
  {
    name: "content types",
    applies: (route) => hasBody(route) || route.method === "DELETE",
    input: (route) =>
      fc
        .record({ path: safePath(route), token: tokenOf(), typed: contentTyped() })
        .map(({ path, token, typed }) => ({ path, token, type: typed.type, body: typed.body })),
  },
];

async function runKind(kind: Kind) {
  const applicable = routes.filter(kind.applies);
  const check = async (route: Route, input: { path: string; token: string; type?: string; body?: string }) => {
    await exercise(route, input.path, input, `(kind: ${kind.name}, seed ${FUZZ_SEED})`);
  };
  if (LONG_RUN) {
    const arbitrary = fc
      .integer({ min: 0, max: applicable.length - 1 })
      .chain((index) => kind.input(applicable[index]).map((input) => ({ route: applicable[index], input })));
    await fc.assert(
      fc.asyncProperty(arbitrary, ({ route, input }) => check(route, input)),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    return;
  }
  // Every route, a few cases each; each route has its own seed derived from the run's.
  for (const [index, route] of applicable.entries()) {
    await fc.assert(
      fc.asyncProperty(kind.input(route), (input) => check(route, input)),
      { numRuns: PER_ROUTE, seed: FUZZ_SEED + index, endOnFailure: true },
    );
  }
}

// ---------- the fixture ----------

async function post(user: TestUser, path: string, data: unknown): Promise<string | undefined> {
  const answer = await client(t, user.token).post(path, data);
  return answer.status < 300 ? answer.body?.data?.gid : undefined;
}

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await makeWorkspace(t, "Fuzz Agency");
  fx.workspace = workspace.gid;
  admin = await makeUser(t, fx.workspace, "admin", "Ada Admin");
  member = await makeUser(t, fx.workspace, "member", "Max Member");
  guest = await makeUser(t, fx.workspace, "guest", "Gil Guest");
  const team = await makeTeam(t, fx.workspace, "Production", [admin, member]);
  fx.team = team.gid;
  const project = await makeProject(t, fx.workspace, {
    name: "Client P",
    privacy: "private",
    team: fx.team,
    owner: admin,
    members: [
      { user: admin, access: "admin" },
      { user: member, access: "editor" },
      { user: guest, access: "commenter" },
    ],
    sections: ["Onboarding", "In work", "Done"],
  });
  fx.project = project.gid;
  fx.section = project.sections[0].gid;
  fx.task = (await post(admin, "/tasks", { name: "Design", projects: [fx.project], assignee: member.gid })) ?? "1";
  fx.task2 = (await post(admin, "/tasks", { name: "Build", projects: [fx.project] })) ?? "1";
  fx.story = (await post(admin, `/tasks/${fx.task}/stories`, { text: "First draft attached" })) ?? "1";
  fx.statusUpdate =
    (await post(admin, "/status_updates", { parent: fx.project, status_type: "on_track", title: "Fine" })) ?? "1";
  fx.form =
    (await post(admin, `/projects/${fx.project}/forms`, {
      title: "Re-order",
      fields: [{ key: "product", label: "Product", type: "text", required: true, maps_to: "name" }],
    })) ?? "1";
  fx.invitation =
    (await post(admin, "/invitations", {
      email: "invitee@example.test",
      role: "guest",
      workspace: fx.workspace,
      project: fx.project,
      access_level: "commenter",
    })) ?? "1";
  const enumField = await client(t, admin.token).post("/custom_fields", {
    workspace: fx.workspace,
    name: "Priority",
    resource_subtype: "enum",
    enum_options: [{ name: "High" }],
  });
  fx.customField = enumField.body?.data?.gid ?? "1";
  fx.enumOption = enumField.body?.data?.enum_options?.[0]?.gid ?? "1";
  fx.tag = (await post(admin, "/tags", { workspace: fx.workspace, name: "Urgent" })) ?? "1";
  await client(t, admin.token).post(`/projects/${fx.project}/scrum`, { scrum_enabled: true });
  fx.sprint = (await post(admin, `/projects/${fx.project}/sprints`, { name: "Sprint 1" })) ?? "1";
  fx.timeEntry = (await post(admin, `/tasks/${fx.task}/time_tracking_entries`, { duration_minutes: 30 })) ?? "1";
  fx.crmIntake = (await post(admin, `/workspaces/${fx.workspace}/crm_intakes`, { name: "amoCRM" })) ?? "1";
  fx.portfolio = (await post(admin, "/portfolios", { workspace: fx.workspace, name: "Clients" })) ?? "1";
  await post(admin, `/portfolios/${fx.portfolio}/addItem`, { item: fx.project });
  const portfolioMemberships = await client(t, admin.token).get(`/portfolios/${fx.portfolio}/portfolio_memberships`);
  fx.portfolioMembership = portfolioMemberships.body?.data?.[0]?.gid ?? "1";
  fx.goal = (await post(admin, "/goals", { workspace: fx.workspace, name: "Grow" })) ?? "1";
  fx.goalRelationship =
    (await post(admin, `/goals/${fx.goal}/addSupportingRelationship`, { supporting_resource: fx.project })) ?? "1";
  fx.category = (await post(admin, "/time_tracking_categories", { workspace: fx.workspace, name: "Design" })) ?? "1";
  fx.rate = (await post(admin, "/rates", { parent: fx.project, rate: 50 })) ?? "1";
  fx.budget = (await post(admin, "/budgets", { parent: fx.project, budget_type: "time" })) ?? "1";
  fx.timesheetApproval =
    (await post(admin, "/timesheet_approval_statuses", { workspace: fx.workspace, start_date: "2030-01-07" })) ?? "1";
  fx.allocation =
    (await post(admin, "/allocations", {
      parent: fx.project,
      assignee: "me",
      start_date: "2030-01-07",
      end_date: "2030-01-11",
    })) ?? "1";
  fx.projectTemplate = (await post(admin, `/projects/${fx.project}/saveAsTemplate`, { name: "Template" })) ?? "1";

  const db = t.handle.db;
  const now = new Date().toISOString();
  const membership = await db
    .selectFrom("project_memberships")
    .select("gid")
    .where("project_gid", "=", Number(fx.project))
    .executeTakeFirstOrThrow();
  fx.projectMembership = String(membership.gid);
  const teamMembership = await db
    .selectFrom("team_memberships")
    .select("gid")
    .where("team_gid", "=", Number(fx.team))
    .executeTakeFirstOrThrow();
  fx.teamMembership = String(teamMembership.gid);
  const list = await client(t, member.token).get(`/users/me/user_task_list?workspace=${fx.workspace}`);
  fx.userTaskList = list.body?.data?.gid ?? "1";
  fx.accessToken = String((await createAccessToken(db, Number(admin.gid), "fuzz")).row.gid);
  const webhookGid = newGid();
  await db
    .insertInto("webhooks")
    .values({
      gid: webhookGid,
      workspace_gid: Number(fx.workspace),
      resource_type: "project",
      resource_gid: Number(fx.project),
      target: "https://hooks.example.test/takt",
      secret: "s",
      filters: "[]",
      active: 1,
      created_by_gid: Number(admin.gid),
      first_event_id: 0,
      created_at: now,
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
  fx.webhook = String(webhookGid);
  const notificationGid = newGid();
  await db
    .insertInto("inbox_notifications")
    .values({
      gid: notificationGid,
      workspace_gid: Number(fx.workspace),
      user_gid: Number(admin.gid),
      event_id: newGid(),
      kind: "comment",
      actor_gid: Number(member.gid),
      task_gid: Number(fx.task),
      project_gid: null,
      story_gid: null,
      text: "Max Member commented",
      created_at: now,
      read_at: null,
      archived_at: null,
      emailed_at: null,
    })
    .execute();
  fx.notification = String(notificationGid);
  const form = new FormData();
  form.append("parent", fx.task);
  form.append("file", new Blob([Buffer.from("hello")], { type: "text/plain" }), "brief.txt");
  const upload = await request(`${t.api}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.token}` },
    body: form,
  });
  fx.attachment = upload.body?.data?.gid ?? "1";

  // Real offsets, handed out by lists, to be replayed against other lists.
  for (const path of [`/workspaces/${fx.workspace}/users?limit=1`, `/projects/${fx.project}/sections?limit=1`]) {
    const answer = await client(t, admin.token).get(path);
    if (answer.body?.next_page?.offset) offsets.push(answer.body.next_page.offset);
  }
  offsets.push(encodeOffset(1));

  routes = [
    ...new Map(
      t.app.routeList
        .filter((route) => route.url.startsWith("/api/1.0/") && !["HEAD", "OPTIONS"].includes(route.method))
        // The WebSocket upgrade has its own tests (realtime.test.ts); a plain GET of it is not an API call.
        .filter((route) => route.url !== "/api/1.0/realtime")
        .map((route) => {
          const template = route.url.replace(/^\/api\/1\.0/, "");
          const params = [...template.matchAll(/:([a-z_]+)/g)].map((match) => match[1]);
          return [`${route.method} ${template}`, { method: route.method, template, params }] as const;
        }),
    ).values(),
  ];
  before = await snapshot(t);
  console.log(
    `fuzz-routes: ${routes.length} routes, seed ${FUZZ_SEED} (replay with TAKT_FUZZ_SEED=${FUZZ_SEED}), ${
      LONG_RUN ? `${FUZZ_RUNS} cases per kind` : `${PER_ROUTE} cases per route and kind`
    }`,
  );
}, 120_000);

afterAll(async () => {
  const counts = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`);
  console.log(`fuzz-routes: ${requests} requests (${counts.join(", ")})`);
  await t?.close();
});

describe("generated input on every route", () => {
  it("finds the routes to fuzz", () => {
    expect(routes.length).toBeGreaterThan(150);
  });

  for (const kind of KINDS) {
    it(`${kind.name}: a 2xx, or a 4xx with an Asana error that changes nothing`, { timeout: TIMEOUT }, async () => {
      await runKind(kind);
    });
  }

  // Inputs the fuzzer once found a 500 or a non-Asana error with, kept as plain cases.
  it("known findings stay fixed", async () => {
    const multipart = { method: "POST", headers: { authorization: `Bearer ${admin.token}` } };
    for (const path of ["/attachments", `/workspaces/${fx.workspace}/imports`]) {
      for (const [type, body] of [
        ["multipart/form-data; boundary=xyz", "name=x&workspace=1"],
        ["multipart/form-data", "--xyz--"],
        [
          "multipart/form-data; boundary=xyz",
          '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nab',
        ],
      ]) {
        const answer = await request(`${t.api}${path}`, {
          ...multipart,
          headers: { ...multipart.headers, "content-type": type },
          body,
        });
        expect(answer.status, `${path} ${type} ${body}`).toBe(400);
        expect(answer.body.errors[0].message).toBe("The multipart/form-data body is malformed.");
      }
    }
    // A request line past the HTTP parser's 16 KB: refused by Node before any route, still in Asana's shape.
    const long = await request(`${t.api}/users/me?opt_fields=${"x".repeat(20_000)}`, {
      method: "GET",
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(long.status).toBe(431);
    expect(long.body.errors[0].message).toMatch(/too large/);
  });

  // Last: the deleting routes with their real ids, each with an odd body or content type.
  it("deleting routes with real ids", { timeout: TIMEOUT }, async () => {
    for (const route of routes.filter((candidate) => candidate.method === "DELETE")) {
      const input = fc.sample(contentTyped(), { numRuns: 1, seed: FUZZ_SEED })[0];
      await exercise(
        route,
        pathOf(route, realValues(route)),
        { token: admin.token, ...input },
        `(deletion sweep, seed ${FUZZ_SEED})`,
      );
    }
  });
});
