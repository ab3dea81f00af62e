import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { enqueueJob } from "../src/jobs/queue.ts";
import { TEST_SLOW_JOB } from "../src/jobs/test-jobs.ts";
import { client, makeProject, makeUser, makeWorkspace } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const onPostgres = (process.env.TAKT_TEST_DB ?? "sqlite") === "postgres";
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/takt.mjs");
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LEASE_MS = 1500;
const JOB_MS = 2500;

// `takt serve` as its own process, with the test-only job kind and a short lease.
function serve(t: TestApp, role: "web" | "worker"): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, "serve", "--role", role, "--port", "0", "--host", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: t.app.takt.config.databaseUrl,
      TAKT_DATA_DIR: t.app.takt.config.dataDir,
      TAKT_TEST_JOB_KINDS: "1",
      TAKT_JOB_LEASE_MS: String(LEASE_MS),
      TAKT_JOB_POLL_MS: "100",
      TAKT_WEBHOOK_ALLOW_PRIVATE: "1",
      // The receiver below holds the first POST open: it must not time out before the worker is killed.
      TAKT_WEBHOOK_TIMEOUT_MS: "60000",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`takt serve did not start: ${output}`)), 90_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/Server listening at http:\/\/127\.0\.0\.1:\d+/.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`takt serve exited with ${code ?? signal}: ${output}`));
    });
  });
}

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await t?.close();
});

describe("job lease setting", () => {
  it("reads TAKT_JOB_LEASE_MS, defaults to 10 s and rejects nonsense with the setting's name", () => {
    expect(loadConfig({}, {}).jobLeaseMs).toBe(10_000);
    expect(loadConfig({}, { TAKT_JOB_LEASE_MS: "1500" }).jobLeaseMs).toBe(1500);
    expect(() => loadConfig({}, { TAKT_JOB_LEASE_MS: "10" })).toThrow(/^Invalid configuration: jobLeaseMs:/);
    expect(() => loadConfig({}, { TAKT_JOB_LEASE_MS: "soon" })).toThrow(/^Invalid configuration: jobLeaseMs:/);
  });
});

// Several worker processes only exist on PostgreSQL: SQLite is one machine, one process (`--role all`).
describe.runIf(onPostgres)(
  "a worker killed with SIGKILL mid-job (PostgreSQL only: separate worker processes share one database)",
  () => {
    it("leaves the job to the other worker, which finishes it exactly once in effect", async () => {
      const db = t.handle.db;
      await sql`create table test_job_runs (job_id bigint not null, pid integer not null, attempt integer not null,
      started_at text not null)`.execute(db);
      await sql`create table test_job_effects (job_id bigint primary key, pid integer not null, done_at text not null)`.execute(
        db,
      );
      const [web, ...workers] = await Promise.all([serve(t, "web"), serve(t, "worker"), serve(t, "worker")]);

      const jobId = await enqueueJob(db, { kind: TEST_SLOW_JOB, payload: { ms: JOB_MS }, maxAttempts: 3 });
      expect(jobId).not.toBeNull();
      const runs = async () =>
        (
          await sql<{ pid: number; attempt: number; started_at: string }>`
          select pid, attempt, started_at from test_job_runs where job_id = ${jobId} order by started_at`.execute(db)
        ).rows;
      const waitFor = async <T>(check: () => Promise<T | null>, timeoutMs: number, what: string): Promise<T> => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const value = await check();
          if (value) return value;
          if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
          await sleep(50);
        }
      };

      // Mid-job: the first attempt has started and sleeps; kill its process without a chance to clean up.
      const first = await waitFor(async () => (await runs())[0] ?? null, 10_000, "no worker started the job");
      const holder = workers.find((child) => child.pid === first.pid);
      const survivor = workers.find((child) => child.pid !== first.pid);
      expect(holder, "the job ran in one of the two worker processes, not on the web node").toBeDefined();
      await sleep(JOB_MS / 3);
      const beforeKill = await db
        .selectFrom("jobs")
        .selectAll()
        .where("id", "=", Number(jobId))
        .executeTakeFirstOrThrow();
      expect(beforeKill).toMatchObject({ state: "running", attempts: 1 });
      expect(beforeKill.locked_by).toContain(`:${first.pid}:`);
      holder?.kill("SIGKILL");
      const killedAt = Date.now();

      const done = await waitFor(
        async () => {
          const job = await db.selectFrom("jobs").selectAll().where("id", "=", Number(jobId)).executeTakeFirstOrThrow();
          return job.state === "succeeded" ? job : null;
        },
        LEASE_MS + JOB_MS + 10_000,
        "the job did not succeed",
      );
      const takeoverMs = new Date((await runs())[1]?.started_at ?? 0).getTime() - killedAt;
      console.log(`worker-kill: lease ${LEASE_MS} ms, second attempt started ${takeoverMs} ms after SIGKILL`);

      const allRuns = await runs();
      expect(allRuns.map((run) => [run.pid, run.attempt])).toEqual([
        [first.pid, 1],
        [survivor?.pid, 2],
      ]);
      // The second attempt waited for the lease to expire: no overlap with a live holder.
      expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + 2000);
      const effects = (await sql<{ pid: number }>`select pid from test_job_effects where job_id = ${jobId}`.execute(db))
        .rows;
      expect(effects).toEqual([{ pid: survivor?.pid }]);
      expect(done).toMatchObject({ attempts: 2, locked_by: null, last_error: null });
      expect(allRuns.some((run) => run.pid === web.pid)).toBe(false);

      // The survivor keeps working afterwards: a second job runs once, on it.
      const nextId = await enqueueJob(db, { kind: TEST_SLOW_JOB, payload: { ms: 10 } });
      await waitFor(
        async () =>
          (await sql`select 1 from test_job_effects where job_id = ${nextId}`.execute(db)).rows.length ? true : null,
        5000,
        "the survivor did not run the next job",
      );
    }, 240_000);
  },
);

// Both databases: on SQLite two worker processes share the file one after another (the single writer).
describe("a worker killed with SIGKILL in the middle of a webhook POST", () => {
  it("leaves the POST to the other worker, which sends it again with the same ids, and the log counts both", async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string; at: number }[] = [];
    const held: http.ServerResponse[] = [];
    const receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const secret = request.headers["x-hook-secret"];
        if (typeof secret === "string") {
          response.writeHead(200, { "X-Hook-Secret": secret }).end();
          return;
        }
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
        // The first POST never gets an answer: its worker dies while waiting.
        if (received.length === 1) held.push(response);
        else response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      Object.assign(t.app.takt.config, { webhookAllowPrivate: true });
      const workspace = await makeWorkspace(t, "Hooks Ltd");
      const owner = await makeUser(t, workspace.gid, "admin", "Olga Owner");
      const project = await makeProject(t, workspace.gid, { name: "Launch" });
      const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const made = await client(t, owner.token).post("/webhooks", { resource: project.gid, target });
      expect(made.status).toBe(201);
      const workers = await Promise.all([serve(t, "worker"), serve(t, "worker")]);
      for (const name of ["One", "Two", "Three"]) {
        expect((await client(t, owner.token).post("/tasks", { name, projects: [project.gid] })).status).toBe(201);
      }
      const until = async (check: () => boolean | Promise<boolean>, what: string) => {
        const deadline = Date.now() + 30_000;
        while (!(await check())) {
          if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
          await sleep(50);
        }
      };
      await until(() => received.length >= 1, "the first POST did not arrive");
      const deliveries = () =>
        t.handle.db
          .selectFrom("webhook_deliveries")
          .selectAll()
          .where("webhook_gid", "=", Number(made.body.data.gid))
          .orderBy("event_id")
          .execute();
      const first = received[0];
      const firstIds = (JSON.parse(first.body) as { events: { id: string }[] }).events.map((event) => event.id);
      const inFlight = (await deliveries()).filter((row) => firstIds.includes(String(row.event_id)));
      // The record says it was sent once and is not confirmed, before anyone knows how it ends.
      expect(inFlight.map((row) => [row.state, row.attempts, String(row.delivery_id)])).toEqual(
        firstIds.map(() => ["pending", 1, first.headers["x-hook-delivery-id"]]),
      );
      const job = await t.handle.db
        .selectFrom("jobs")
        .select("locked_by")
        .where("kind", "=", "webhook.flush")
        .where("state", "=", "running")
        .executeTakeFirstOrThrow();
      // Any worker process still running from the test above may hold it as well as the two started here.
      const holder = [...workers, ...children].find((child) => job.locked_by?.includes(`:${child.pid}:`));
      expect(holder, "a worker process holds the flush").toBeDefined();
      holder?.kill("SIGKILL");
      const killedAt = Date.now();

      await until(() => received.length >= 2, "the POST was not sent again");
      const again = received[1];
      console.log(
        `worker-kill: webhook POST sent again ${again.at - killedAt} ms after SIGKILL (lease ${LEASE_MS} ms)`,
      );
      expect(again.headers["x-hook-delivery-id"]).toBe(first.headers["x-hook-delivery-id"]);
      expect([first.headers["x-hook-delivery-attempt"], again.headers["x-hook-delivery-attempt"]]).toEqual(["1", "2"]);
      expect((JSON.parse(again.body) as { events: { id: string }[] }).events.map((event) => event.id)).toEqual(
        firstIds,
      );

      await until(async () => (await deliveries()).every((row) => row.state === "delivered"), "not all delivered");
      const log = await client(t, owner.token).get(`/webhooks/${made.body.data.gid}/deliveries`);
      const redelivered = log.body.data.filter((entry: { event: { id: string } }) => firstIds.includes(entry.event.id));
      expect(redelivered.map((entry: { attempts: number; status: string }) => [entry.status, entry.attempts])).toEqual(
        firstIds.map(() => ["delivered", 2]),
      );
      // Every event reached the receiver; the only repeats are the POST the dead worker never saw answered.
      const seen = received.flatMap((post) => (JSON.parse(post.body) as { events: { id: string }[] }).events);
      const distinct = new Set(seen.map((event) => event.id));
      expect(distinct.size).toBe((await deliveries()).length);
      expect(seen.length - distinct.size).toBe(firstIds.length);
    } finally {
      for (const response of held) response.destroy();
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, 240_000);
});
