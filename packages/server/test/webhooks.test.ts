import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gidMillisAgo } from "../src/events/consumer.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import {
  client,
  commitLateTaskEvent,
  makeProject,
  makeUser,
  makeWorkspace,
  type TestUser,
} from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// A real webhook receiver on 127.0.0.1. Each path is one "endpoint" with its own behaviour and inbox.
interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  at: number;
}
interface Endpoint {
  echoSecret: boolean;
  handshakeStatus: number;
  // What the target says beside a failing status: its reason phrase and body.
  handshakeReason?: string;
  handshakeBody?: string;
  // Answers for the next deliveries (then 200).
  failures: number[];
  secret: string | null;
  handshakes: Received[];
  deliveries: Received[];
}

const endpoints = new Map<string, Endpoint>();
let receiver: http.Server;
let receiverUrl: string;

function endpoint(path: string, options: Partial<Endpoint> = {}): { url: string; state: Endpoint } {
  const state: Endpoint = {
    echoSecret: true,
    handshakeStatus: 200,
    failures: [],
    secret: null,
    handshakes: [],
    deliveries: [],
    ...options,
  };
  endpoints.set(path, state);
  return { url: `${receiverUrl}${path}`, state };
}

let t: TestApp;
let worker: Worker;
let workspace: { gid: string; name: string };
let admin: TestUser;
let member: TestUser;
let guest: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
let secretProject: Awaited<ReturnType<typeof makeProject>>;

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const state = endpoints.get(request.url ?? "");
      if (!state) {
        response.writeHead(404).end();
        return;
      }
      const received = { headers: request.headers, raw: Buffer.concat(chunks).toString("utf8"), at: Date.now() };
      const secret = request.headers["x-hook-secret"];
      if (typeof secret === "string") {
        state.handshakes.push(received);
        state.secret = secret;
        response
          .writeHead(
            state.handshakeStatus,
            state.handshakeReason ?? http.STATUS_CODES[state.handshakeStatus] ?? "",
            state.echoSecret ? { "X-Hook-Secret": secret } : {},
          )
          .end(state.handshakeBody);
        return;
      }
      state.deliveries.push(received);
      const status = state.failures.shift() ?? 200;
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "" : "receiver is down");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  t = await startTestApp();
  // Tests deliver to 127.0.0.1, as an admin allows with TAKT_WEBHOOK_ALLOW_PRIVATE, and retry quickly.
  Object.assign(t.app.takt.config, { webhookAllowPrivate: true, webhookRetryBaseMs: 100, webhookRetryMaxMs: 400 });
  worker = startWorker(t.app.takt, { pollMs: 25 });
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Anna Admin");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  guest = await makeUser(t, workspace.gid, "guest", "Clara Client");
  project = await makeProject(t, workspace.gid, { name: "Website", sections: ["To do", "Done"] });
  secretProject = await makeProject(t, workspace.gid, {
    name: "Salaries",
    privacy: "private",
    members: [{ user: admin, access: "admin" }],
  });
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

// An event id halfway between a webhook's creation and the last event of a task: after the one, before the other.
async function idBetween(webhookGid: string, taskGid: string): Promise<number> {
  const last = await t.handle.db
    .selectFrom("events")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("resource_gid", "=", Number(taskGid))
    .executeTakeFirstOrThrow();
  return Math.floor((Number(webhookGid) + Number(last.id)) / 2);
}

async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>) {
  const until = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function createTask(token: string, name: string, projectGid: string) {
  const answer = await client(t, token).post("/tasks", { name, projects: [projectGid] });
  expect(answer.status).toBe(201);
  return answer.body.data.gid as string;
}

interface DeliveredEvent {
  action: string;
  resource: { gid: string; resource_type: string };
  parent: { gid: string } | null;
  change?: { field: string };
}
const eventsOf = (received: Received[]) =>
  received.flatMap((delivery) => (JSON.parse(delivery.raw) as { events: DeliveredEvent[] }).events);

describe("webhooks", () => {
  it("performs the X-Hook-Secret handshake and stores nothing when the target does not echo it", async () => {
    const silent = endpoint("/silent", { echoSecret: false });
    const refused = await client(t, member.token).post("/webhooks", { resource: project.gid, target: silent.url });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/^target: the handshake failed: .*X-Hook-Secret/);
    expect(silent.state.handshakes).toHaveLength(1);

    const broken = endpoint("/broken", { handshakeStatus: 500 });
    const failed = await client(t, member.token).post("/webhooks", { resource: project.gid, target: broken.url });
    expect(failed.status).toBe(400);
    expect(failed.body.errors[0].message).toMatch(/handshake failed: 500/);

    // The answer of whatever the target is (an internal admin page, say) is not handed back to the caller.
    const chatty = endpoint("/chatty", {
      handshakeStatus: 403,
      handshakeReason: "Forbidden for 10.0.0.7",
      handshakeBody: "<h1>Admin console</h1> db password: hunter2",
    });
    const echoed = await client(t, member.token).post("/webhooks", { resource: project.gid, target: chatty.url });
    expect(echoed.status).toBe(400);
    expect(echoed.body.errors[0].message).toBe(
      "target: the handshake failed: 403 Forbidden; the target must answer 200 or 204",
    );

    const unreachable = await client(t, member.token).post("/webhooks", {
      resource: project.gid,
      target: "http://127.0.0.1:9/nobody-listens",
    });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.errors[0].message).toMatch(/handshake failed: Could not connect/);

    const listed = await client(t, member.token).get(`/webhooks?workspace=${workspace.gid}`);
    expect(listed.body.data).toEqual([]);

    const good = endpoint("/good");
    const made = await client(t, member.token).post("/webhooks", { resource: project.gid, target: good.url });
    expect(made.status).toBe(201);
    expect(made.headers.get("location")).toBe(`/api/1.0/webhooks/${made.body.data.gid}`);
    expect(made.body.data).toMatchObject({
      gid: expect.any(String),
      resource_type: "webhook",
      active: true,
      resource: { gid: project.gid, resource_type: "project", name: "Website" },
      target: good.url,
      filters: [],
      last_success_at: null,
      last_failure_at: null,
    });
    expect(made.body.data.secret).toBeUndefined();
    expect(good.state.secret).toMatch(/^[0-9a-f]{64}$/);
    await client(t, member.token).delete(`/webhooks/${made.body.data.gid}`);
  });

  it("refuses private and loopback targets unless the admin setting allows them", async () => {
    t.app.takt.config.webhookAllowPrivate = false;
    try {
      for (const target of [
        "http://127.0.0.1:8080/hook",
        "http://10.0.0.5/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/",
      ]) {
        const answer = await client(t, member.token).post("/webhooks", { resource: project.gid, target });
        expect(answer.status, target).toBe(400);
        expect(answer.body.errors[0].message).toMatch(/private, loopback or link-local/);
      }
    } finally {
      t.app.takt.config.webhookAllowPrivate = true;
    }
  });

  it("rejects bad input and resources the caller cannot see", async () => {
    const target = endpoint("/bad-input").url;
    const cases: [unknown, RegExp][] = [
      [{ target }, /^resource: Missing input/],
      [{ resource: project.gid }, /^target: Missing input/],
      [{ resource: project.gid, target: "ftp://example.com/" }, /^target: must be an http or https URL/],
      [{ resource: project.gid, target, filters: [{ action: "added" }] }, /^filters\.0\.resource_type: Missing input/],
      [
        { resource: project.gid, target, filters: [{ resource_type: "task", action: "exploded" }] },
        /^filters\.0\.action/,
      ],
      [
        { resource: project.gid, target, filters: [{ resource_type: "task", action: "added", fields: ["name"] }] },
        /^filters\.0\.fields: fields can only be given with action "changed"/,
      ],
      [{ resource: workspace.gid, target }, /^filters: webhooks on a workspace need at least one filter/],
      [{ resource: project.gid, target, colour: "red" }, /^colour: Unknown field/],
    ];
    for (const [data, message] of cases) {
      const answer = await client(t, member.token).post("/webhooks", data);
      expect(answer.status, JSON.stringify(data)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
    expect((await client(t, member.token).post("/webhooks", { resource: "12345", target })).status).toBe(404);
    expect((await client(t, member.token).post("/webhooks", { resource: secretProject.gid, target })).status).toBe(404);
    expect((await client(t, guest.token).post("/webhooks", { resource: project.gid, target })).status).toBe(404);
    expect((await client(t).post("/webhooks", { resource: project.gid, target })).status).toBe(401);
    expect((await client(t, member.token).get("/webhooks")).body.errors[0].message).toBe("workspace: Missing input");
  });

  it("delivers signed events, retries a failing target with backoff, and keeps them in order", async () => {
    const hook = endpoint("/orders", { failures: [500, 500] });
    const made = await client(t, member.token).post("/webhooks", { resource: project.gid, target: hook.url });
    expect(made.status).toBe(201);
    const webhookGid = made.body.data.gid;

    const first = await createTask(admin.token, "First", project.gid);
    const second = await createTask(admin.token, "Second", project.gid);
    await client(t, admin.token).put(`/tasks/${first}`, { completed: true });
    const third = await createTask(admin.token, "Third", project.gid);
    // An event elsewhere is not sent.
    await createTask(admin.token, "Elsewhere", secretProject.gid);

    await waitFor(() => eventsOf(hook.state.deliveries.slice(2)).some((event) => event.resource.gid === third));

    // Two 500s, then success: three attempts, each waiting longer than the one before.
    expect(hook.state.deliveries.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = hook.state.deliveries;
    expect(b.at - a.at).toBeGreaterThanOrEqual(90);
    expect(c.at - b.at).toBeGreaterThanOrEqual(190);
    // The failed attempts carried the same first events as the retry: nothing skipped.
    expect(JSON.parse(b.raw).events[0]).toEqual(JSON.parse(a.raw).events[0]);
    // A retry is the same POST again: its id, its events (each with its own id), one more attempt. A receiver
    // that saw the first one dedupes on either id.
    const idsIn = (delivery: Received) =>
      (JSON.parse(delivery.raw) as { events: { id: string }[] }).events.map((e) => e.id);
    expect(a.headers["x-hook-delivery-id"]).toMatch(/^\d+$/);
    expect([b, c].map((delivery) => delivery.headers["x-hook-delivery-id"])).toEqual([
      a.headers["x-hook-delivery-id"],
      a.headers["x-hook-delivery-id"],
    ]);
    expect([a, b, c].map((delivery) => delivery.headers["x-hook-delivery-attempt"])).toEqual(["1", "2", "3"]);
    expect(idsIn(c)).toEqual(idsIn(a));
    expect(idsIn(a).every((id) => /^\d+$/.test(id))).toBe(true);
    // Later POSTs are new deliveries with new ids and new events.
    for (const later of hook.state.deliveries.slice(3)) {
      expect(later.headers["x-hook-delivery-id"]).not.toBe(a.headers["x-hook-delivery-id"]);
      expect(later.headers["x-hook-delivery-attempt"]).toBe("1");
    }
    const allIds = hook.state.deliveries.slice(2).flatMap(idsIn);
    expect(new Set(allIds).size).toBe(allIds.length);

    for (const delivery of hook.state.deliveries) {
      const expected = createHmac("sha256", hook.state.secret as string)
        .update(delivery.raw)
        .digest("hex");
      expect(delivery.headers["x-hook-signature"]).toBe(expected);
      expect(delivery.headers["content-type"]).toBe("application/json");
    }

    const delivered = eventsOf(hook.state.deliveries.slice(2));
    const added = delivered
      .filter((event) => event.action === "added" && event.parent?.gid === project.gid)
      .map((event) => event.resource.gid);
    expect(added).toEqual([first, second, third]);
    expect(delivered).toContainEqual(
      expect.objectContaining({ action: "changed", resource: expect.objectContaining({ gid: first }) }),
    );
    const completedAt = delivered.findIndex((event) => event.action === "changed" && event.resource.gid === first);
    expect(completedAt).toBeGreaterThan(delivered.findIndex((event) => event.resource.gid === second));
    expect(delivered.findIndex((event) => event.resource.gid === third)).toBeGreaterThan(completedAt);
    // Every event once.
    const keys = delivered.map((event) => JSON.stringify(event));
    expect(new Set(keys).size).toBe(keys.length);

    const state = await waitFor(async () => {
      const answer = await client(t, member.token).get(`/webhooks/${webhookGid}`);
      return answer.body.data.last_success_at ? answer.body.data : null;
    });
    expect(state).toMatchObject({ active: true, delivery_retry_count: 0, next_attempt_after: null });
    expect(state.last_failure_at).toEqual(expect.any(String));
    expect(state.last_failure_content).toMatch(/^500 Internal Server Error\n\nreceiver is down/);

    const log = await client(t, member.token).get(`/webhooks/${webhookGid}/deliveries`);
    expect(log.status).toBe(200);
    const firstAdded = log.body.data.find(
      (entry: { event: DeliveredEvent }) => entry.event.resource.gid === first && entry.event.action === "added",
    );
    expect(firstAdded).toMatchObject({
      resource_type: "webhook_delivery",
      status: "delivered",
      attempts: 3,
      response_code: 200,
      delivery_id: a.headers["x-hook-delivery-id"],
    });
    expect(idsIn(a)).toContain(firstAdded.event.id);
  });

  it("reports the undelivered backlog and its age in /metrics while a target is down", async () => {
    const token = "webhook-metrics-token-0123456789";
    Object.assign(t.app.takt.config, { metricsToken: token });
    const scrape = async (name: string) => {
      const text = await (await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
      const line = text.split("\n").find((entry) => entry.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
    };
    const hook = endpoint("/down", { failures: Array.from({ length: 1000 }, () => 503) });
    const made = await client(t, member.token).post("/webhooks", { resource: project.gid, target: hook.url });
    expect(made.status).toBe(201);
    await createTask(admin.token, "While the receiver is down", project.gid);
    await waitFor(() => hook.state.deliveries.length >= 2);
    expect(await scrape("takt_webhook_backlog")).toBeGreaterThanOrEqual(1);
    expect(await scrape("takt_webhook_oldest_undelivered_seconds")).toBeGreaterThan(0);
    expect(await scrape('takt_event_consumer_backlog{consumer="webhooks"}')).toEqual(expect.any(Number));

    hook.state.failures = [];
    await waitFor(async () => (await scrape("takt_webhook_backlog")) === 0);
    expect(await scrape("takt_webhook_oldest_undelivered_seconds")).toBe(0);
    await client(t, member.token).delete(`/webhooks/${made.body.data.gid}`);
  });

  it("applies filters and sends only what the webhook's creator may see", async () => {
    const hook = endpoint("/workspace-tasks");
    const made = await client(t, member.token).post("/webhooks", {
      resource: workspace.gid,
      target: hook.url,
      filters: [{ resource_type: "task", action: "added" }],
    });
    expect(made.status).toBe(201);
    const open = await createTask(admin.token, "Open work", project.gid);
    await client(t, admin.token).put(`/tasks/${open}`, { name: "Open work, renamed" });
    const hidden = await createTask(admin.token, "Pay rise for Boris", secretProject.gid);
    const marker = await createTask(admin.token, "Marker", project.gid);
    await waitFor(() => eventsOf(hook.state.deliveries).some((event) => event.resource.gid === marker));
    const events = eventsOf(hook.state.deliveries);
    expect(events.every((event) => event.resource.resource_type === "task" && event.action === "added")).toBe(true);
    expect(events.map((event) => event.resource.gid)).toContain(open);
    expect(events.map((event) => event.resource.gid)).not.toContain(hidden);

    const changedOnly = await client(t, member.token).put(`/webhooks/${made.body.data.gid}`, {
      filters: [{ resource_type: "task", action: "changed", fields: ["completed"] }],
    });
    expect(changedOnly.status).toBe(200);
    expect(changedOnly.body.data.filters).toEqual([
      { resource_type: "task", action: "changed", fields: ["completed"] },
    ]);
    const before = hook.state.deliveries.length;
    await client(t, admin.token).put(`/tasks/${open}`, { name: "Renamed once more" });
    await client(t, admin.token).put(`/tasks/${open}`, { completed: true });
    await waitFor(() => hook.state.deliveries.length > before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(eventsOf(hook.state.deliveries.slice(before))).toEqual([
      expect.objectContaining({ action: "changed", change: expect.objectContaining({ field: "completed" }) }),
    ]);
  });

  it("lists, shows, redelivers and deletes webhooks for their owner and workspace admins only", async () => {
    const hook = endpoint("/owned");
    const made = await client(t, member.token).post("/webhooks", { resource: project.gid, target: hook.url });
    const gid = made.body.data.gid;
    const task = await createTask(admin.token, "Redeliver me", project.gid);
    await waitFor(() => eventsOf(hook.state.deliveries).some((event) => event.resource.gid === task));

    const mine = await client(t, member.token).get(`/webhooks?workspace=${workspace.gid}&resource=${project.gid}`);
    expect(mine.body.data.map((webhook: { gid: string }) => webhook.gid)).toContain(gid);
    expect(mine.body.data[0]).toEqual({
      gid: expect.any(String),
      resource_type: "webhook",
      active: true,
      resource: expect.objectContaining({ resource_type: "project" }),
      target: expect.any(String),
    });
    expect((await client(t, admin.token).get(`/webhooks?workspace=${workspace.gid}`)).body.data).toEqual([]);
    const adminView = await client(t, admin.token).get(`/workspaces/${workspace.gid}/webhooks`);
    expect(adminView.body.data.map((webhook: { gid: string }) => webhook.gid)).toContain(gid);
    const guestView = await client(t, guest.token).get(`/workspaces/${workspace.gid}/webhooks`);
    expect(guestView.body.data).toEqual([]);
    expect((await client(t, guest.token).get(`/webhooks/${gid}`)).status).toBe(404);
    expect((await client(t, guest.token).delete(`/webhooks/${gid}`)).status).toBe(404);
    expect((await client(t, guest.token).get(`/webhooks/${gid}/deliveries`)).status).toBe(404);
    expect((await client(t, admin.token).get(`/webhooks/${gid}`)).status).toBe(200);

    const log = await client(t, member.token).get(`/webhooks/${gid}/deliveries?limit=1`);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.next_page?.offset ?? null).not.toBeUndefined();
    const all = await client(t, member.token).get(`/webhooks/${gid}/deliveries?status=delivered`);
    const entry = all.body.data.find((item: { event: DeliveredEvent }) => item.event.resource.gid === task);
    expect((await client(t, member.token).get(`/webhooks/${gid}/deliveries?status=lost`)).status).toBe(400);
    const before = hook.state.deliveries.length;
    const again = await client(t, member.token).post(`/webhooks/${gid}/deliveries/${entry.gid}/redeliver`);
    expect(again.status).toBe(200);
    expect(again.body.data.status).toBe("pending");
    await waitFor(() => hook.state.deliveries.length > before);
    expect(eventsOf(hook.state.deliveries.slice(before)).map((event) => event.resource.gid)).toContain(task);
    expect((await client(t, member.token).post(`/webhooks/${gid}/deliveries/999/redeliver`)).status).toBe(404);

    const bad = await client(t, member.token).put(`/webhooks/${gid}`, { filters: [{ resource_type: "" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^filters\.0\.resource_type/);

    expect((await client(t, admin.token).delete(`/webhooks/${gid}`)).status).toBe(200);
    expect((await client(t, member.token).get(`/webhooks/${gid}`)).status).toBe(404);
  });

  it("delivers an event that commits late behind a running worker's cursor once, and nothing twice", async () => {
    const hook = endpoint("/late-while-running");
    const made = await client(t, member.token).post("/webhooks", { resource: project.gid, target: hook.url });
    expect(made.status).toBe(201);
    const first = await createTask(admin.token, "Handled before the late one commits", project.gid);
    await waitFor(() => eventsOf(hook.state.deliveries).some((event) => event.resource.gid === first));
    // Its id was taken before the events the worker already handled: the window behind the cursor holds one
    // event more than the worker has seen there.
    const lateId = await idBetween(made.body.data.gid, first);
    await commitLateTaskEvent(t, {
      id: lateId,
      workspaceGid: workspace.gid,
      actorGid: admin.gid,
      taskGid: first,
      field: "name",
    });
    const second = await createTask(admin.token, "Created after it", project.gid);
    await waitFor(() => {
      const events = eventsOf(hook.state.deliveries);
      return (
        events.some((event) => event.resource.gid === second) &&
        events.some((event) => event.resource.gid === first && event.change?.field === "name")
      );
    });
    // Further passes (the late-commit window is re-read from time to time) send nothing again.
    await createTask(admin.token, "Another write later", project.gid);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const keys = eventsOf(hook.state.deliveries).map((event) => JSON.stringify(event));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("resumes after a restart from its cursor, losing and repeating nothing, even an event that committed late", async () => {
    const hook = endpoint("/restart");
    const made = await client(t, member.token).post("/webhooks", { resource: project.gid, target: hook.url });
    expect(made.status).toBe(201);
    const before = await createTask(admin.token, "Before the restart", project.gid);
    await waitFor(() => eventsOf(hook.state.deliveries).some((event) => event.resource.gid === before));

    await worker.stop();
    const whileDown = await createTask(admin.token, "While the worker was down", project.gid);
    // An event whose id was taken before the events already consumed (but after the webhook was made),
    // committing only now.
    const lateId = await idBetween(made.body.data.gid, before);
    expect(lateId).toBeGreaterThan(Number(made.body.data.gid));
    expect(lateId).toBeLessThan(gidMillisAgo(0));
    await commitLateTaskEvent(t, {
      id: lateId,
      workspaceGid: workspace.gid,
      actorGid: admin.gid,
      taskGid: before,
      field: "notes",
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(eventsOf(hook.state.deliveries).some((event) => event.resource.gid === whileDown)).toBe(false);

    worker = startWorker(t.app.takt, { pollMs: 25 });
    await waitFor(() => {
      const events = eventsOf(hook.state.deliveries);
      return (
        events.some((event) => event.resource.gid === whileDown) &&
        events.some((event) => event.resource.gid === before && event.change?.field === "notes")
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const keys = eventsOf(hook.state.deliveries).map((event) => JSON.stringify(event));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
