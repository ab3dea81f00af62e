import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { unitOfWork } from "../src/domain/context.ts";
import { API_JOB } from "../src/domain/templates/api-job.ts";
import { EventBus } from "../src/events/bus.ts";
import { buildApp } from "../src/http/app.ts";
import { originOf } from "../src/http/origin.ts";
import { enqueueJob } from "../src/jobs/queue.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let lead: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;

const METRICS_TOKEN = "scrape-me-please-0123456789";

beforeAll(async () => {
  t = await startTestApp({ config: { metricsToken: METRICS_TOKEN } });
  const workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  project = await makeProject(t, workspace.gid, { members: [{ user: lead, access: "editor" }] });
});
afterAll(async () => {
  await t?.close();
});

async function scrape(): Promise<{ text: string; value(name: string, labels?: string): number | undefined }> {
  const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return {
    text,
    value(name, labels = "") {
      const line = text.split("\n").find((entry) => entry.startsWith(`${name}${labels} `));
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
    },
  };
}

describe("/metrics", () => {
  it("answers only a scraper with the metrics token, and not at all when none is set", async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: "Bearer scrape-me-please-guess" } });
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).not.toContain("takt_");
    const plain = await startTestApp();
    try {
      expect(plain.app.takt.config.metricsToken).toBeUndefined();
      const answer = await fetch(`${plain.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(answer.status).toBe(404);
      expect(await answer.text()).not.toContain("takt_");
    } finally {
      await plain.close();
    }
  });

  it("speaks the Prometheus text format", async () => {
    const { text } = await scrape();
    for (const line of text.trim().split("\n")) {
      if (line.startsWith("#")) expect(line).toMatch(/^# (HELP|TYPE) takt_[a-z_]+ .+$/);
      else expect(line).toMatch(/^takt_[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+-]+$/);
    }
  });

  it("counts requests and latency by route pattern and status, never by raw URL", async () => {
    const api = client(t, lead.token);
    const task = await api.post("/tasks", { name: "Measured", projects: [project.gid] });
    expect(task.status).toBe(201);
    for (let index = 0; index < 3; index++) expect((await api.get(`/tasks/${task.body.data.gid}`)).status).toBe(200);
    expect((await api.get("/tasks/999999")).status).toBe(404);
    const metrics = await scrape();
    const ok = '{method="GET",route="/api/1.0/tasks/:task_gid",status="200"}';
    expect(metrics.value("takt_http_requests_total", ok)).toBe(3);
    expect(metrics.value("takt_http_request_duration_seconds_count", ok)).toBe(3);
    expect(metrics.value("takt_http_request_duration_seconds_bucket", ok.replace("}", ',le="+Inf"}'))).toBe(3);
    expect(metrics.value("takt_http_requests_total", ok.replace("200", "404"))).toBe(1);
    expect(metrics.text).not.toContain(task.body.data.gid);
    expect(metrics.value("takt_event_delivery_lag_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(metrics.value("takt_event_newest_age_seconds")).toBeLessThan(60);
  });

  it("reports job queue depth by state and the lag of the oldest due job", async () => {
    await enqueueJob(t.handle.db, { kind: "metrics-late", runAt: new Date(Date.now() - 30_000) });
    const dead = await enqueueJob(t.handle.db, { kind: "metrics-dead" });
    await t.handle.db.updateTable("jobs").set({ state: "dead" }).where("id", "=", Number(dead)).execute();
    const metrics = await scrape();
    expect(metrics.value("takt_jobs", '{state="queued"}')).toBeGreaterThanOrEqual(1);
    expect(metrics.value("takt_jobs", '{state="dead"}')).toBe(1);
    expect(metrics.value("takt_job_queue_lag_seconds")).toBeGreaterThanOrEqual(29);
    expect(metrics.value("takt_jobs_by_kind", '{kind="metrics-late",state="queued"}')).toBe(1);
    expect(metrics.value("takt_job_queue_lag_by_kind_seconds", '{kind="metrics-late"}')).toBeGreaterThanOrEqual(29);
  });

  it("counts a job whose worker died (its lease ran out) as stalled, waiting, not running", async () => {
    const stalled = await enqueueJob(t.handle.db, { kind: "metrics-stalled" });
    await t.handle.db
      .updateTable("jobs")
      .set({ state: "running", locked_by: "gone:1:abc", locked_until: new Date(Date.now() - 60_000).toISOString() })
      .where("id", "=", Number(stalled))
      .execute();
    const metrics = await scrape();
    expect(metrics.value("takt_jobs", '{state="stalled"}')).toBe(1);
    expect(metrics.value("takt_jobs", '{state="running"}')).toBe(0);
    expect(metrics.value("takt_jobs_by_kind", '{kind="metrics-stalled",state="stalled"}')).toBe(1);
    expect(metrics.value("takt_job_queue_lag_by_kind_seconds", '{kind="metrics-stalled"}')).toBeGreaterThanOrEqual(59);
  });

  it("reports event-loop lag since the previous scrape and the process's CPU time", async () => {
    const before = await scrape();
    const cpuBefore = before.value("takt_process_cpu_seconds_total", '{mode="user"}') ?? 0;
    // A synchronous stall of 400 ms on this process's loop, as a heavy request would cause.
    const until = Date.now() + 400;
    while (Date.now() < until) Math.sqrt(Math.random());
    const after = await scrape();
    expect(after.value("takt_event_loop_lag_seconds", '{quantile="max"}')).toBeGreaterThanOrEqual(0.3);
    expect(after.value("takt_process_cpu_seconds_total", '{mode="user"}')).toBeGreaterThan(cpuBefore);
    expect(after.value("takt_process_cpu_seconds_total", '{mode="system"}')).toBeGreaterThanOrEqual(0);
    // Reset by the scrape: a quiet loop afterwards reports no such stall.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await scrape()).value("takt_event_loop_lag_seconds", '{quantile="max"}')).toBeLessThan(0.3);
  });

  it("gauges WebSocket connections and the database pool", async () => {
    const socket = new WebSocket(`${t.api.replace(/^http/, "ws")}/realtime`, {
      headers: { authorization: `Bearer ${lead.token}` },
    });
    await new Promise((resolve) => socket.once("message", resolve));
    try {
      expect((await scrape()).value("takt_websocket_connections")).toBe(1);
    } finally {
      socket.terminate();
    }
    const pool = (await scrape()).value("takt_db_pool_connections", '{state="total"}');
    if (t.handle.dialect === "postgres") expect(pool).toBeGreaterThanOrEqual(1);
    else expect(pool).toBe(0);
  });

  it("reports the process's resident memory and V8 heap, for spotting leaks", async () => {
    const metrics = await scrape();
    const heapUsed = metrics.value("takt_process_heap_used_bytes") ?? 0;
    expect(heapUsed).toBeGreaterThan(1024 * 1024);
    expect(metrics.value("takt_process_heap_total_bytes")).toBeGreaterThanOrEqual(heapUsed);
    expect(metrics.value("takt_process_resident_memory_bytes")).toBeGreaterThan(heapUsed);
  });
});

describe("request ids", () => {
  it("stores the id of the request that enqueued a job, for the worker's logs", async () => {
    // Through the API: an export's job names the request that asked for it.
    const asked = await fetch(`${t.api}/exports/graph`, {
      method: "POST",
      headers: { authorization: `Bearer ${lead.token}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { parent: project.gid } }),
    });
    expect(asked.status).toBe(201);
    const exportJob = await t.handle.db
      .selectFrom("jobs")
      .select("request_id")
      .where("kind", "=", API_JOB)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(exportJob.request_id).toBe(asked.headers.get("x-request-id"));

    // Requests that arrive together: on SQLite their units of work share one transaction (group commit), and
    // each job still names its own request.
    const bus = new EventBus();
    const app = await buildApp({ ...t.app.takt, bus });
    app.post("/enqueue-for-test", async (request) => {
      const id = await unitOfWork({ db: t.handle.db, bus, actor: null, origin: originOf(request) }, (uow) =>
        enqueueJob(uow.db, { kind: "metrics-request-id" }),
      );
      return { id, requestId: request.id };
    });
    try {
      await app.listen({ port: 0, host: "127.0.0.1" });
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/enqueue-for-test`;
      // Over real HTTP with a body: the handler runs after the body stream ends, still inside the request.
      const answers: { id: number; requestId: string }[] = await Promise.all(
        [1, 2, 3].map((index) =>
          fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ index, padding: "x".repeat(200_000) }),
          }).then((answer) => answer.json() as Promise<{ id: number; requestId: string }>),
        ),
      );
      for (const answer of answers) {
        const row = await t.handle.db
          .selectFrom("jobs")
          .select("request_id")
          .where("id", "=", answer.id)
          .executeTakeFirstOrThrow();
        expect(row.request_id).toBe(answer.requestId);
      }
      expect(new Set(answers.map((answer) => answer.requestId)).size).toBe(3);
      // Outside any request: no id.
      const outside = await enqueueJob(t.handle.db, { kind: "metrics-request-id" });
      const row = await t.handle.db
        .selectFrom("jobs")
        .select("request_id")
        .where("id", "=", Number(outside))
        .executeTakeFirstOrThrow();
      expect(row.request_id).toBeNull();
    } finally {
      await app.close();
    }
  });
});
