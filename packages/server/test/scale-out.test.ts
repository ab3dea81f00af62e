import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type DbHandle, openDb } from "../src/db/index.ts";
import { createSession } from "../src/domain/auth/auth.commands.ts";
import { EventBus } from "../src/events/bus.ts";
import { type PgBridge, startPgBridge } from "../src/events/pg-bridge.ts";
import { buildApp } from "../src/http/app.ts";
import { claimJob, completeJob, enqueueJob } from "../src/jobs/queue.ts";
import { registerSchedule } from "../src/jobs/schedule.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import type { Takt } from "../src/takt.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const onPostgres = (process.env.TAKT_TEST_DB ?? "sqlite") === "postgres";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Node A is the test app; node B is a second app (own pool, own bus) on the same database.
let a: TestApp;
let b: { app: FastifyInstance; handle: DbHandle; takt: Takt; api: string };
const bridges: PgBridge[] = [];
const sockets: WebSocket[] = [];
const workers: Worker[] = [];
let workspace: { gid: string };
let admin: TestUser;
let lead: TestUser;
let member: TestUser;
let guest: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;

interface Listener {
  closed: Promise<number>;
  messages: Record<string, any>[];
  // Resolves with the first message that matches; fails naming `what` if none arrives by the deadline.
  waitFor(
    match: (message: Record<string, any>) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<Record<string, any>>;
}

async function listen(api: string, credential: string | { cookie: string }): Promise<Listener> {
  const socket = new WebSocket(`${api.replace(/^http/, "ws")}/realtime`, {
    headers: typeof credential === "string" ? { authorization: `Bearer ${credential}` } : credential,
  });
  sockets.push(socket);
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  const messages: Record<string, any>[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (raw) => {
    messages.push(JSON.parse(raw.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  const listener: Listener = {
    closed,
    messages,
    // Deadlines are generous: a busy machine is slow, not wrong; only a message that never comes fails.
    waitFor(match, what, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`${what}: not received within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          const found = messages.find(match);
          if (found) {
            clearTimeout(deadline);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
  await listener.waitFor((message) => message.type === "hello", "the socket's hello");
  return listener;
}

function worker(takt: Takt, options: Parameters<typeof startWorker>[1]): Worker {
  const started = startWorker(takt, { pollMs: 20, scheduleCheckMs: 0, ...options });
  workers.push(started);
  return started;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what = "the condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}

const jobState = async (id: number) =>
  (await a.handle.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).state;

beforeAll(async () => {
  a = await startTestApp();
  const config = a.app.takt.config;
  const handle = openDb(config);
  const takt: Takt = { db: handle.db, dialect: handle.dialect, bus: new EventBus(), config };
  const app = await buildApp(takt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  b = { app, handle, takt, api: `http://127.0.0.1:${port}/api/1.0` };
  if (onPostgres && config.databaseUrl) {
    bridges.push(startPgBridge(a.ctx.bus, a.handle.db, config.databaseUrl));
    bridges.push(startPgBridge(takt.bus, handle.db, config.databaseUrl));
    await Promise.all(bridges.map((bridge) => bridge.ready));
  }
  workspace = await makeWorkspace(a, "First Co");
  admin = await makeUser(a, workspace.gid, "admin", "Ada Admin");
  lead = await makeUser(a, workspace.gid, "member", "Lena Lead");
  member = await makeUser(a, workspace.gid, "member", "Boris Member");
  guest = await makeUser(a, workspace.gid, "guest", "Gina Guest");
  project = await makeProject(a, workspace.gid, {
    name: "Client X",
    privacy: "private",
    members: [
      { user: lead, access: "editor" },
      { user: member, access: "editor" },
    ],
    sections: ["To do", "Doing"],
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await Promise.all(workers.map((running) => running.stop(2000)));
  for (const bridge of bridges) await bridge.close();
  await b?.app.close();
  await b?.handle.destroy();
  await a?.close();
});

describe.runIf(onPostgres)("realtime across nodes (PostgreSQL LISTEN/NOTIFY)", () => {
  it("delivers events written through node A to sockets on node B, in order, once, and never to an outsider", async () => {
    const memberOnB = await listen(b.api, member.token);
    const guestOnB = await listen(b.api, guest.token);
    const leadOnA = await listen(a.api, lead.token);
    const api = client(a, lead.token);

    const created = await api.post("/tasks", { name: "Cross-node task", projects: [project.gid] });
    expect(created.status).toBe(201);
    const taskGid = created.body.data.gid;
    const isTask = (message: Record<string, any>) => message.type === "event" && message.event.resource.gid === taskGid;
    // What a member on node B notices: the task written through node A appears, in its project.
    const added = await memberOnB.waitFor(
      (message) => isTask(message) && message.event.action === "added",
      "node B's member hearing of the task added through node A",
    );
    expect(added.event.parent).toMatchObject({ gid: project.gid, resource_type: "project" });

    expect((await api.put(`/tasks/${taskGid}`, { name: "Renamed across nodes" })).status).toBe(200);
    const moved = await api.post(`/tasks/${taskGid}/addProject`, {
      project: project.gid,
      section: project.sections[1].gid,
    });
    expect(moved.status).toBe(200);
    expect((await api.put(`/tasks/${taskGid}`, { completed: true })).status).toBe(200);
    const completedOnTask = (message: Record<string, any>) =>
      isTask(message) && message.event.change?.field === "completed" && message.event.change.new_value === true;
    await memberOnB.waitFor(completedOnTask, "node B's member hearing the task completed");
    await leadOnA.waitFor(completedOnTask, "node A's writer hearing the task completed");
    await sleep(300);

    const summary = (listener: Listener) =>
      listener.messages.filter(isTask).map((message) => JSON.stringify(message.event));
    // B sees exactly what the writer's own node delivered, in the same order; the writer got no duplicates.
    expect(summary(memberOnB).length).toBeGreaterThanOrEqual(4);
    expect(summary(memberOnB)).toEqual(summary(leadOnA));
    expect(new Set(summary(leadOnA)).size).toBe(summary(leadOnA).length);
    expect(guestOnB.messages.filter((message) => message.type === "event")).toEqual([]);
  });

  it("closes a socket on node B as soon as its session or token ends through node A", async () => {
    // A generous wait: what is asserted is that the socket closes, not how fast.
    const closedWithin = (listener: Listener) =>
      Promise.race([listener.closed, sleep(15_000).then(() => "still open")]);
    const { token: session } = await createSession(a.handle.db, Number(member.gid));
    const tabOnB = await listen(b.api, { cookie: `takt_session=${session}` });
    const made = await client(a, member.token).post("/personal_access_tokens", { name: "Wallboard" });
    const wallboardOnB = await listen(b.api, made.body.data.token);
    const scriptOnB = await listen(b.api, member.token);

    const out = await fetch(`${a.api}/auth/logout`, {
      method: "POST",
      headers: { cookie: `takt_session=${session}`, "x-requested-with": "XMLHttpRequest" },
    });
    expect(out.status).toBe(200);
    expect(await closedWithin(tabOnB)).toBe(4401);
    expect((await client(a, member.token).delete(`/personal_access_tokens/${made.body.data.gid}`)).status).toBe(200);
    expect(await closedWithin(wallboardOnB)).toBe(4401);
    // The member's other token still listens on B.
    const created = await client(a, lead.token).post("/tasks", { name: "Still heard", projects: [project.gid] });
    await scriptOnB.waitFor(
      (message) => message.type === "event" && message.event.resource.gid === created.body.data.gid,
      "the member's other token hearing the new task on node B",
    );
  });

  it("wakes a worker on another node when a job is enqueued", async () => {
    let ran = 0;
    // This worker polls once at start, then only every 10 minutes: within the test only a wake-up can make it run.
    worker(b.takt, { pollMs: 600_000, handlers: { "scale-wake": async () => void ran++ } });
    await sleep(100);
    await enqueueJob(a.handle.db, { kind: "scale-wake" });
    a.ctx.bus.notifyJobs();
    await waitUntil(async () => ran === 1, 30_000, "the job enqueued on node A run by the sleeping worker on node B");
    expect(ran).toBe(1);
  });
});

describe("job queue across nodes", () => {
  it("never runs one job twice with two workers on one database", async () => {
    const runs: { id: number; worker: string }[] = [];
    const handler = (name: string) => async (job: { id: number }) => {
      runs.push({ id: job.id, worker: name });
      await sleep(3);
      return undefined;
    };
    const ids: number[] = [];
    for (let index = 0; index < 120; index++) {
      const id = await enqueueJob(a.handle.db, { kind: "scale-once", payload: { index } });
      if (id) ids.push(id);
    }
    worker(a.app.takt, { id: "node-a", handlers: { "scale-once": handler("node-a") } });
    worker(b.takt, { id: "node-b", handlers: { "scale-once": handler("node-b") } });
    await waitUntil(async () => {
      const row = await a.handle.db
        .selectFrom("jobs")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("kind", "=", "scale-once")
        .where("state", "=", "succeeded")
        .executeTakeFirstOrThrow();
      return Number(row.count) === ids.length;
    }, 20_000);
    expect(runs.length).toBe(ids.length);
    expect(new Set(runs.map((run) => run.id)).size).toBe(ids.length);
    if (onPostgres) {
      expect(runs.some((run) => run.worker === "node-a")).toBe(true);
      expect(runs.some((run) => run.worker === "node-b")).toBe(true);
    }
  });

  it("lets another node finish the job of a node that died holding its lease, once", async () => {
    const id = await enqueueJob(a.handle.db, { kind: "scale-lease", payload: { note: "orphaned" } });
    // The dying node claims the job with a short lease and never reports back (as after kill -9).
    const claimed = await claimJob(a.handle.db, a.handle.dialect, "dead-node", {
      leaseMs: 400,
      kinds: ["scale-lease"],
    });
    expect(claimed?.id).toBe(id);
    const runs: number[] = [];
    const claimedAt = Date.now();
    worker(b.takt, {
      id: "survivor",
      handlers: {
        "scale-lease": async (job) => {
          runs.push(job.id);
          return undefined;
        },
      },
    });
    await waitUntil(async () => (await jobState(Number(id))) === "succeeded", 5000);
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(350);
    expect(runs).toEqual([id]);
    const row = await a.handle.db.selectFrom("jobs").selectAll().where("id", "=", Number(id)).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(2);
    // The dead node coming back cannot complete a job it no longer holds.
    expect(claimed && (await completeJob(a.handle.db, claimed, "dead-node"))).toBe(false);
  });

  it("shows dead-letter jobs to server admins only (GET /admin/jobs?state=dead)", async () => {
    const id = await enqueueJob(a.handle.db, { kind: "scale-dead", payload: { to: "nowhere" }, maxAttempts: 1 });
    let failing = true;
    worker(a.app.takt, {
      handlers: {
        "scale-dead": async () => {
          if (failing) throw new Error("target refused the delivery");
          return undefined;
        },
      },
    });
    await waitUntil(async () => (await jobState(Number(id))) === "dead", 5000);

    const listed = await client(a, admin.token).get("/admin/jobs?state=dead");
    expect(listed.status).toBe(200);
    const job = listed.body.data.find((entry: { gid: string }) => entry.gid === String(id));
    expect(job).toMatchObject({
      resource_type: "job",
      kind: "scale-dead",
      state: "dead",
      attempts: 1,
      last_error: "target refused the delivery",
      payload: { to: "nowhere" },
    });
    // Default state is dead; pagination works like every list.
    const paged = await client(a, admin.token).get("/admin/jobs?limit=1");
    expect(paged.status).toBe(200);
    expect(paged.body.data).toHaveLength(1);

    expect((await client(a, member.token).get("/admin/jobs?state=dead")).status).toBe(403);
    expect((await client(a, guest.token).get("/admin/jobs?state=dead")).status).toBe(403);
    expect((await client(a).get("/admin/jobs?state=dead")).status).toBe(401);
    const bad = await client(a, admin.token).get("/admin/jobs?state=buried");
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^state:/);
    // An admin of a later workspace is not a server admin.
    const other = await makeWorkspace(a, "Second Co");
    const otherAdmin = await makeUser(a, other.gid, "admin", "Otto Other");
    expect((await client(a, otherAdmin.token).get("/admin/jobs")).status).toBe(403);

    // Once the cause is fixed, an admin sends the dead job back to the queue with fresh attempts.
    failing = false;
    expect((await client(a, member.token).post(`/admin/jobs/${id}/retry`, {})).status).toBe(403);
    expect((await client(a, admin.token).post(`/admin/jobs/${id}/retry`, {})).status).toBe(200);
    await waitUntil(async () => (await jobState(Number(id))) === "succeeded", 5000);
    const again = await client(a, admin.token).post(`/admin/jobs/${id}/retry`, {});
    expect(again.status).toBe(400);
    expect(again.body.errors[0].message).toMatch(/^job: only a dead job/);
    expect((await client(a, admin.token).post("/admin/jobs/123456789/retry", {})).status).toBe(404);
    expect((await client(a, admin.token).post("/admin/jobs/not-a-gid/retry", {})).status).toBe(400);
  });

  it("runs scheduled work once per tick across nodes", async () => {
    const ticks: string[] = [];
    registerSchedule("scale-test-tick", 1000, async (tick) => {
      ticks.push(tick.start.toISOString());
    });
    const started = Date.now();
    const first = worker(a.app.takt, { scheduleCheckMs: 30 });
    const second = worker(b.takt, { scheduleCheckMs: 30 });
    await sleep(2600);
    await Promise.all([first.stop(2000), second.stop(2000)]);
    await waitUntil(async () => true, 10);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const start of ticks) expect(Date.parse(start) % 1000).toBe(0);
    expect(Date.parse(ticks[0])).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    const keys = await a.handle.db
      .selectFrom("jobs")
      .select("key")
      .where("kind", "=", "schedule:scale-test-tick")
      .execute();
    expect(keys.map((row) => row.key).sort()).toEqual(ticks.map((start) => `scale-test-tick:${start}`).sort());
  });
});
