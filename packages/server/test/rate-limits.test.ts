import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, maskedConfig } from "../src/config.ts";
import { migrateToLatest, openDb } from "../src/db/index.ts";
import { createSession } from "../src/domain/auth/auth.commands.ts";
import { formSpamSettings } from "../src/domain/forms/form.spam.ts";
import { EventBus } from "../src/events/bus.ts";
import { buildApp } from "../src/http/app.ts";
import { client, makeProject, makeTask, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retryAfterOf = (answer: { headers: Headers }) => Number(answer.headers.get("retry-after"));

// Plain HTTP with chosen headers (a proxy naming the client's address, a session cookie…).
async function send(base: string, method: string, path: string, headers: Record<string, string>, data?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: data === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

describe("configuration", () => {
  it("has Asana-like defaults, takes environment variables, and turns request limits off with one switch", () => {
    expect(loadConfig({}, {})).toMatchObject({
      rateLimitPerMinute: 1500,
      rateLimitIpPerMinute: 300,
      rateLimitConcurrent: 50,
      rateLimitWindowMs: 60_000,
      loginMaxFailures: 5,
      loginIpMaxFailures: 20,
      loginLockoutSeconds: 60,
      loginLockoutMaxSeconds: 3600,
      formSubmissionsPerMinute: 10,
      maxBodyBytes: 2 * 1024 * 1024,
      maxRichTextChars: 65_535,
      maxItemsPerRequest: 100,
      trustProxy: "loopback",
    });
    const env = { TAKT_RATE_LIMIT_PER_MINUTE: "600", TAKT_MAX_BODY_MB: "1", TAKT_TRUST_PROXY: "false" };
    expect(loadConfig({}, env)).toMatchObject({
      rateLimitPerMinute: 600,
      maxBodyBytes: 1024 * 1024,
      trustProxy: false,
    });
    expect(loadConfig({}, { TAKT_RATE_LIMITS: "off" })).toMatchObject({
      rateLimitPerMinute: 0,
      rateLimitIpPerMinute: 0,
      rateLimitConcurrent: 0,
      loginMaxFailures: 5,
    });
    expect(() => loadConfig({}, { TAKT_RATE_LIMIT_PER_MINUTE: "lots" })).toThrow(
      /^Invalid configuration: rateLimitPerMinute:/,
    );
    expect(maskedConfig(loadConfig({}, {}))).toMatchObject({ rateLimitPerMinute: 1500, loginMaxFailures: 5 });
  });
});

describe("rate limits per token and per address", () => {
  let t: TestApp;
  let first: TestUser;
  let second: TestUser;

  beforeAll(async () => {
    // 5 requests per 10 s per token (one back every 2 s), 3 per 10 s per address without a token.
    t = await startTestApp({ config: { rateLimitPerMinute: 5, rateLimitIpPerMinute: 3, rateLimitWindowMs: 10_000 } });
    const workspace = await makeWorkspace(t);
    first = await makeUser(t, workspace.gid, "member", "First");
    second = await makeUser(t, workspace.gid, "member", "Second");
  });
  afterAll(async () => t?.close());

  it("answers 429 with Retry-After to a token over its limit, leaves other tokens alone, and recovers", async () => {
    const api = client(t, first.token);
    // The bucket starts full: the first five always pass, however slow the machine.
    for (let index = 0; index < 5; index++) expect((await api.get("/users/me")).status).toBe(200);
    let refused = await api.get("/users/me");
    for (let tries = 0; refused.status === 200 && tries < 20; tries++) refused = await api.get("/users/me");
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].message).toBe("You have made too many requests recently. Please, be chill.");
    const wait = retryAfterOf(refused);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    // Another token has its own allowance; health checks and metrics are never limited.
    expect((await client(t, second.token).get("/users/me")).status).toBe(200);
    for (let index = 0; index < 8; index++) expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    // After the time the answer named, the token is served again.
    await sleep(wait * 1000 + 50);
    expect((await api.get("/users/me")).status).toBe(200);
  });

  it("limits requests without a token per client address", async () => {
    const from = (address: string) => ({ "x-forwarded-for": address });
    for (let index = 0; index < 3; index++) {
      expect((await send(t.api, "GET", "/setup", from("203.0.113.1"))).status).toBe(200);
    }
    const refused = await send(t.api, "GET", "/setup", from("203.0.113.1"));
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].message).toMatch(/too many requests/);
    expect(retryAfterOf(refused)).toBeGreaterThanOrEqual(1);
    // Another address, and a token from the same address, are not affected.
    expect((await send(t.api, "GET", "/setup", from("203.0.113.2"))).status).toBe(200);
    const withToken = { ...from("203.0.113.1"), authorization: `Bearer ${second.token}` };
    expect((await send(t.api, "GET", "/users/me", withToken)).status).toBe(200);
    // Guessing tokens spends the address's allowance like any unauthenticated request.
    const guessing = { ...from("203.0.113.3"), authorization: "Bearer takt_pat_guess" };
    for (let index = 0; index < 3; index++) expect((await send(t.api, "GET", "/users/me", guessing)).status).toBe(401);
    expect((await send(t.api, "GET", "/setup", from("203.0.113.3"))).status).toBe(429);
  });
});

describe("one limit per credential, whatever the cookie is called", () => {
  let t: TestApp;
  let first: TestUser;
  let second: TestUser;

  beforeAll(async () => {
    // 4 requests a minute per credential, 3 per address without an accepted one: nothing refills meanwhile.
    t = await startTestApp({ config: { rateLimitPerMinute: 4, rateLimitIpPerMinute: 3, rateLimitWindowMs: 60_000 } });
    const workspace = await makeWorkspace(t);
    first = await makeUser(t, workspace.gid, "member", "First");
    second = await makeUser(t, workspace.gid, "member", "Second");
  });
  afterAll(async () => t?.close());

  // Over TLS (the proxy says so) the browser sends __Host-takt_session.
  const overTls = (address: string, cookie: string) => ({
    "x-forwarded-for": address,
    "x-forwarded-proto": "https",
    cookie,
  });

  it("counts a browser over TLS by its own session: junk cookies beside it buy nothing, its neighbours are not hit", async () => {
    const mine = (await createSession(t.handle.db, Number(first.gid))).token;
    const theirs = (await createSession(t.handle.db, Number(second.gid))).token;
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) {
      const cookie = `__Host-takt_session=${mine}; takt_session=junk${index}`;
      statuses.push((await send(t.api, "GET", "/users/me", overTls("198.51.100.7", cookie))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Another browser behind the same address has its own allowance, beyond the address's three.
    for (let index = 0; index < 4; index++) {
      const answer = await send(t.api, "GET", "/users/me", overTls("198.51.100.7", `__Host-takt_session=${theirs}`));
      expect(answer.status).toBe(200);
    }
  });

  it("counts unknown cookies against the address, each a fresh value or not, and answers 429", async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 5; index++) {
      const cookie = index % 2 ? `takt_session=junk${index}` : `__Host-takt_session=junk${index}`;
      statuses.push((await send(t.api, "GET", "/users/me", overTls("198.51.100.8", cookie))).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it("answers 429, not 401, to wrong tokens once the address has used its allowance", async () => {
    const guessing = (index: number) => ({
      "x-forwarded-for": "198.51.100.9",
      authorization: `Bearer takt_pat_guess${index}`,
    });
    const answers = [];
    for (let index = 0; index < 5; index++) answers.push(await send(t.api, "GET", "/users/me", guessing(index)));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 429, 429]);
    expect(answers[3].body.errors[0].message).toMatch(/too many requests/);
    expect(retryAfterOf(answers[3])).toBeGreaterThanOrEqual(1);
    // A real token from that address is still served: it counts against itself.
    const real = { "x-forwarded-for": "198.51.100.9", authorization: `Bearer ${second.token}` };
    expect((await send(t.api, "GET", "/users/me", real)).status).toBe(200);
  });
});

describe("trusted proxies", () => {
  // A peer on the private network (as seen by the server's socket) claiming another client address.
  async function statusesFrom(app: Awaited<ReturnType<typeof buildApp>>, peer: string) {
    const statuses = [];
    for (let index = 0; index < 3; index++) {
      const answer = await app.inject({
        method: "GET",
        url: "/api/1.0/setup",
        remoteAddress: peer,
        headers: { "x-forwarded-for": `203.0.113.${50 + index}` },
      });
      statuses.push(answer.statusCode);
    }
    return statuses;
  }

  it("believes X-Forwarded-For only from loopback by default; private ranges only when configured", async () => {
    const t = await startTestApp({ config: { rateLimitIpPerMinute: 2, trustProxy: loadConfig({}, {}).trustProxy } });
    try {
      // The LAN client is counted as itself, whatever address it names.
      expect(await statusesFrom(t.app, "10.1.2.3")).toEqual([200, 200, 429]);
      expect(await statusesFrom(t.app, "169.254.10.20")).toEqual([200, 200, 429]);
    } finally {
      await t.close();
    }
    const behindLanProxy = await startTestApp({
      config: {
        rateLimitIpPerMinute: 2,
        trustProxy: loadConfig({}, { TAKT_TRUST_PROXY: "loopback,uniquelocal" }).trustProxy,
      },
    });
    try {
      expect(await statusesFrom(behindLanProxy.app, "10.1.2.3")).toEqual([200, 200, 200]);
    } finally {
      await behindLanProxy.close();
    }
  });
});

describe("client addresses", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ config: { rateLimitIpPerMinute: 2, trustProxy: false } });
  });
  afterAll(async () => t?.close());

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy, so a client cannot pick its address", async () => {
    const statuses = [];
    for (let index = 0; index < 4; index++) {
      statuses.push((await send(t.api, "GET", "/setup", { "x-forwarded-for": `203.0.113.${index}` })).status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

describe("requests in flight per token", () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ config: { rateLimitConcurrent: 1 } });
    user = await makeUser(t, (await makeWorkspace(t)).gid);
  });
  afterAll(async () => t?.close());

  it("refuses a second request while the token's first is still running, and serves it once that ends", async () => {
    // An upload whose body has not finished arriving keeps its request running.
    const slow = http.request(`${t.api}/attachments`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${user.token}`,
        "content-type": "multipart/form-data; boundary=x",
        "transfer-encoding": "chunked",
      },
    });
    const slowAnswer = new Promise<number>((resolve) =>
      slow.on("response", (response) => resolve(response.statusCode ?? 0)),
    );
    slow.write('--x\r\nContent-Disposition: form-data; name="parent"\r\n\r\n1\r\n');
    const api = client(t, user.token);
    let refused = await api.get("/users/me");
    // The upload's headers may reach the server a moment after ours: ask until it holds the slot.
    for (let tries = 0; refused.status === 200 && tries < 100; tries++) {
      await sleep(20);
      refused = await api.get("/users/me");
    }
    expect(refused.status).toBe(429);
    expect(retryAfterOf(refused)).toBe(1);
    slow.end("--x--\r\n");
    expect(await slowAnswer).toBe(400);
    let served = await api.get("/users/me");
    for (let tries = 0; served.status === 429 && tries < 100; tries++) {
      await sleep(20);
      served = await api.get("/users/me");
    }
    expect(served.status).toBe(200);
  });
});

describe("sign-in lockout", () => {
  let t: TestApp;
  let workspaceGid: string;
  const password = "correct horse battery";
  let addressCounter = 0;
  // Each test signs in from its own address, so one test's failures never lock another's address.
  const newAddress = () => `198.51.100.${++addressCounter}`;

  beforeAll(async () => {
    t = await startTestApp({
      config: { loginMaxFailures: 3, loginIpMaxFailures: 6, loginLockoutSeconds: 1, loginLockoutMaxSeconds: 4 },
    });
    workspaceGid = (await makeWorkspace(t)).gid;
  });
  afterAll(async () => t?.close());

  const signIn = (base: string, email: string, secret: string, address: string) =>
    send(base, "POST", "/auth/login", { "x-forwarded-for": address }, { email, password: secret });

  it("locks an email out after repeated failures, the same way whether or not it has an account", async () => {
    const user = await makeUser(t, workspaceGid);
    const attempts = async (email: string) => {
      const address = newAddress();
      const answers = [];
      for (let index = 0; index < 3; index++) answers.push(await signIn(t.api, email, "wrong password", address));
      // Locked: even the right password is refused, without being checked.
      answers.push(await signIn(t.api, email, email === user.email ? password : "anything", address));
      return answers.map((answer) => [
        answer.status,
        answer.body.errors?.[0].message,
        answer.headers.get("retry-after"),
      ]);
    };
    const known = await attempts(user.email);
    expect(known.map(([status]) => status)).toEqual([401, 401, 429, 429]);
    expect(known[0][1]).toBe("email: the email or password is incorrect");
    expect(known[2][1]).toBe("Too many failed sign-in attempts. Try again in 1 second.");
    expect(known[2][2]).toBe("1");
    const unknown = await attempts(`nobody.${Date.now()}@example.test`);
    expect(unknown).toEqual(known);
  });

  it("doubles the lockout with each further failure, holds across a restart, and a success resets it", async () => {
    const user = await makeUser(t, workspaceGid);
    const locks: number[] = [];
    let answer = await signIn(t.api, user.email, "wrong password", newAddress());
    while (answer.status === 401) answer = await signIn(t.api, user.email, "wrong password", newAddress());
    locks.push(retryAfterOf(answer));
    for (let round = 0; round < 3; round++) {
      await sleep(locks[locks.length - 1] * 1000 + 50);
      answer = await signIn(t.api, user.email, "wrong password", newAddress());
      expect(answer.status).toBe(429);
      locks.push(retryAfterOf(answer));
    }
    // 1 s, then doubling, capped at loginLockoutMaxSeconds.
    expect(locks).toEqual([1, 2, 4, 4]);

    // A second server on the same database (a restart, or another node) refuses the right password too.
    const restarted = await startSecondNode(t);
    try {
      const base = restarted.api;
      const refused = await signIn(base, user.email, password, newAddress());
      expect(refused.status).toBe(429);
      expect(retryAfterOf(refused)).toBeGreaterThanOrEqual(1);
      await sleep(retryAfterOf(refused) * 1000 + 50);
      expect((await signIn(base, user.email, password, newAddress())).status).toBe(200);
    } finally {
      await restarted.close();
    }
    // The success cleared the run: a new failure is one wrong password again, not a lockout.
    const again = await signIn(t.api, user.email, "wrong password", newAddress());
    expect(again.status).toBe(401);
    expect((await signIn(t.api, user.email, password, newAddress())).status).toBe(200);
  }, 60_000);

  it("locks out an address that fails on many emails, and only that address", async () => {
    const user = await makeUser(t, workspaceGid);
    const address = newAddress();
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) {
      statuses.push((await signIn(t.api, `guess${index}.${Date.now()}@example.test`, "password1", address)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await signIn(t.api, user.email, password, address)).status).toBe(429);
    expect((await signIn(t.api, user.email, password, newAddress())).status).toBe(200);
  });
});

// A second server on the same database: a restart, or another node behind the same load balancer.
async function startSecondNode(t: TestApp) {
  const config = t.app.takt.config;
  const handle = openDb(config);
  await migrateToLatest(handle.db);
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, bus: new EventBus(), config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  return {
    api: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/1.0`,
    async close() {
      await app.close();
      await handle.destroy();
    },
  };
}

describe("public form submissions", () => {
  let t: TestApp;
  let editor: TestUser;
  let project: Awaited<ReturnType<typeof makeProject>>;

  beforeAll(async () => {
    formSpamSettings.minFillMs = 0;
    t = await startTestApp({ config: { formSubmissionsPerMinute: 2 } });
    const workspace = await makeWorkspace(t);
    editor = await makeUser(t, workspace.gid, "member", "Editor");
    project = await makeProject(t, workspace.gid, { members: [{ user: editor, access: "editor" }] });
  });
  afterAll(async () => {
    formSpamSettings.minFillMs = 3000;
    await t?.close();
  });

  it("counts submissions per address in the database: the limit holds on another node and after a restart", async () => {
    const form = await client(t, editor.token).post(`/projects/${project.gid}/forms`, {
      title: "Requests",
      fields: [{ key: "what", label: "What", type: "text", required: true, maps_to: "name" }],
      target_section: project.sections[0].gid,
      access: "public_link",
    });
    expect(form.status).toBe(201);
    const formGid = form.body.data.gid;
    const submit = async (base: string, address: string, what: string) => {
      const shown = await send(t.api, "GET", `/forms/${formGid}/public`, {});
      const data = {
        values: { what },
        name: "Client",
        email: "client@example.test",
        fill_token: shown.body.data.fill_token,
      };
      return send(base, "POST", `/forms/${formGid}/submit`, { "x-forwarded-for": address }, data);
    };
    const firstAnswer = await submit(t.api, "192.0.2.10", "First");
    expect(firstAnswer.status, JSON.stringify(firstAnswer.body)).toBe(201);
    expect((await submit(t.api, "192.0.2.10", "Second")).status).toBe(201);
    const refused = await submit(t.api, "192.0.2.10", "Third");
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].message).toMatch(/^Too many form submissions from your address/);
    expect(retryAfterOf(refused)).toBeGreaterThanOrEqual(1);
    expect(retryAfterOf(refused)).toBeLessThanOrEqual(60);
    const node = await startSecondNode(t);
    try {
      expect((await submit(node.api, "192.0.2.10", "Fourth")).status).toBe(429);
      // A form shown by one node is accepted by another: the fill token's key is shared.
      expect((await submit(node.api, "192.0.2.11", "Fifth")).status).toBe(201);
    } finally {
      await node.close();
    }
    const names = await t.handle.db.selectFrom("tasks").select("name").execute();
    expect(names.map((row) => row.name).sort()).toEqual(["Fifth", "First", "Second"]);
  });
});

describe("request size limits", () => {
  let t: TestApp;
  let lead: TestUser;
  let workspaceGid: string;
  let project: { gid: string; sections: { gid: string }[] };

  beforeAll(async () => {
    t = await startTestApp({ config: { maxUploadBytes: 1024 } });
    const workspace = await makeWorkspace(t);
    workspaceGid = workspace.gid;
    lead = await makeUser(t, workspace.gid, "member", "Lead");
    project = await makeProject(t, workspace.gid, { members: [{ user: lead, access: "admin" }] });
  });
  afterAll(async () => t?.close());

  const countRows = async () => ({
    tasks: (await t.handle.db.selectFrom("tasks").select("gid").execute()).length,
    stories: (await t.handle.db.selectFrom("stories").select("gid").execute()).length,
    attachments: (await t.handle.db.selectFrom("attachments").select("gid").execute()).length,
  });

  it("answers 413 naming the limit to a body or an upload over it, and writes nothing", async () => {
    const before = await countRows();
    const api = client(t, lead.token);
    const huge = await api.post("/tasks", { workspace: workspaceGid, name: "x".repeat(2 * 1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].message).toBe("The request body is too large: the limit is 2 MB.");
    const task = await makeTask(t, workspaceGid, { project, section: project.sections[0] });
    const form = new FormData();
    form.append("parent", task.gid);
    form.append("file", new Blob([Buffer.alloc(4096, 1)]), "big.bin");
    const upload = await fetch(`${t.api}/attachments`, {
      method: "POST",
      headers: { authorization: `Bearer ${lead.token}` },
      body: form,
    });
    expect(upload.status).toBe(413);
    const refusal = (await upload.json()) as { errors: { message: string }[] };
    expect(refusal.errors[0].message).toBe("file: The file is larger than the upload limit of 1 KB.");
    expect(await countRows()).toEqual({ ...before, tasks: before.tasks + 1 });
  });

  it("answers 400 naming a rich text field over the length cap, and writes nothing", async () => {
    const api = client(t, lead.token);
    const task = await makeTask(t, workspaceGid, { project, section: project.sections[0] });
    const before = await countRows();
    const cases: [string, string, Record<string, unknown>, string][] = [
      ["POST", "/tasks", { workspace: workspaceGid, name: "Long", notes: "x".repeat(65_536) }, "notes"],
      ["PUT", `/tasks/${task.gid}`, { html_notes: `<body>${"y".repeat(65_536)}</body>` }, "html_notes"],
      ["POST", `/tasks/${task.gid}/stories`, { html_text: `<body>${"z".repeat(65_536)}</body>` }, "html_text"],
      ["POST", `/tasks/${task.gid}/stories`, { text: "z".repeat(65_536) }, "text"],
    ];
    for (const [method, path, data, field] of cases) {
      const answer = method === "POST" ? await api.post(path, data) : await api.put(path, data);
      expect(answer.status, field).toBe(400);
      expect(answer.body.errors[0].message).toBe(`${field}: is too long: at most 65535 characters`);
    }
    expect(await countRows()).toEqual(before);
    const unchanged = await api.get(`/tasks/${task.gid}?opt_fields=notes`);
    expect(unchanged.body.data.notes).toBe("");
    // At the cap it is accepted.
    expect((await api.put(`/tasks/${task.gid}`, { notes: "x".repeat(65_535) })).status).toBe(200);
  });

  it("answers 400 naming a list or object with too many items, and writes nothing", async () => {
    const api = client(t, lead.token);
    const before = await countRows();
    const followers = Array.from({ length: 101 }, () => lead.gid);
    const tooMany = await api.post("/tasks", { workspace: workspaceGid, name: "Crowded", followers });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].message).toBe("followers: too many items: at most 100 per request");
    const fields = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [String(1000 + index), "x"]));
    const tooManyFields = await api.post("/tasks", { workspace: workspaceGid, name: "Fields", custom_fields: fields });
    expect(tooManyFields.body.errors[0].message).toBe("custom_fields: too many items: at most 100 per request");
    expect(await countRows()).toEqual(before);
  });

  it("caps pages at 100 items and refuses a malformed offset", async () => {
    const api = client(t, lead.token);
    expect((await api.get(`/projects/${project.gid}/tasks?limit=101`)).body.errors[0].message).toBe(
      "limit: must be an integer between 1 and 100",
    );
    expect((await api.get(`/projects/${project.gid}/tasks?limit=0`)).status).toBe(400);
    const badOffset = await api.get(`/projects/${project.gid}/tasks?limit=10&offset=bogus`);
    expect(badOffset.body.errors[0].message).toMatch(/^offset: /);
  });
});
