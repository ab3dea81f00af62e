import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backoffMs, claimJob, completeJob, deadJobs, enqueueJob, failJob, type Job } from "../src/jobs/queue.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let kindCounter = 0;
const uniqueKind = (label: string) => `test.${label}.${++kindCounter}`;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const jobRow = (id: number) =>
  t.handle.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("durable job queue", () => {
  it("enqueues a keyed job once and hands it to exactly one claimer", async () => {
    const kind = uniqueKind("keyed");
    const first = await enqueueJob(t.handle.db, { kind, payload: { n: 1 }, key: `once-${kind}` });
    const second = await enqueueJob(t.handle.db, { kind, payload: { n: 2 }, key: `once-${kind}` });
    expect(first).toEqual(expect.any(Number));
    expect(second).toBeNull();
    const claimed = await claimJob(t.handle.db, t.handle.dialect, "worker-a", { leaseMs: 60_000, kinds: [kind] });
    expect(claimed).toMatchObject({
      id: first,
      state: "running",
      attempts: 1,
      locked_by: "worker-a",
      payload: { n: 1 },
    });
    expect(await claimJob(t.handle.db, t.handle.dialect, "worker-b", { leaseMs: 60_000, kinds: [kind] })).toBeNull();
    expect(await completeJob(t.handle.db, claimed as Job, "worker-a")).toBe(true);
    expect((await jobRow(first as number)).state).toBe("succeeded");
  });

  it("never claims a job twice when many workers claim at once", async () => {
    const kind = uniqueKind("parallel");
    const ids = [];
    for (let index = 0; index < 30; index++) ids.push(await enqueueJob(t.handle.db, { kind, payload: { index } }));
    const claimedBy = new Map<number, string>();
    const duplicates: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, worker) => {
        for (;;) {
          const job = await claimJob(t.handle.db, t.handle.dialect, `w${worker}`, { leaseMs: 60_000, kinds: [kind] });
          if (!job) return;
          if (claimedBy.has(job.id)) duplicates.push(job.id);
          claimedBy.set(job.id, `w${worker}`);
        }
      }),
    );
    expect(duplicates).toEqual([]);
    expect([...claimedBy.keys()].sort()).toEqual([...ids].sort());
  });

  it("retries a failed job after an exponential backoff and buries it when its attempts are spent", async () => {
    const kind = uniqueKind("retry");
    const id = (await enqueueJob(t.handle.db, { kind, maxAttempts: 2 })) as number;
    const retry = { baseMs: 60_000, maxMs: 3_600_000 };
    const first = (await claimJob(t.handle.db, t.handle.dialect, "w", { leaseMs: 60_000, kinds: [kind] })) as Job;
    expect(await failJob(t.handle.db, first, "w", "boom 1", retry)).toBe("queued");
    const queued = await jobRow(id);
    expect(queued).toMatchObject({ state: "queued", last_error: "boom 1", locked_by: null });
    const delay = Date.parse(queued.run_at) - Date.now();
    expect(delay).toBeGreaterThan(50_000);
    expect(delay).toBeLessThan(70_000);
    // Not due yet: nobody gets it.
    expect(await claimJob(t.handle.db, t.handle.dialect, "w", { leaseMs: 60_000, kinds: [kind] })).toBeNull();
    await t.handle.db
      .updateTable("jobs")
      .set({ run_at: new Date(0).toISOString() })
      .where("id", "=", id)
      .execute();
    const second = (await claimJob(t.handle.db, t.handle.dialect, "w", { leaseMs: 60_000, kinds: [kind] })) as Job;
    expect(second.attempts).toBe(2);
    expect(await failJob(t.handle.db, second, "w", "boom 2", retry)).toBe("dead");
    expect(await jobRow(id)).toMatchObject({ state: "dead", last_error: "boom 2" });
    expect((await deadJobs(t.handle.db)).map((job) => job.id)).toContain(id);
  });

  it("doubles the backoff per attempt up to its cap", () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 100, 1_000, noJitter))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(10, 100, 1_000, noJitter)).toBe(1_000);
  });

  it("gives a job whose lease expired (its worker died) to another worker, and ignores the dead worker's result", async () => {
    const kind = uniqueKind("lease");
    const id = (await enqueueJob(t.handle.db, { kind })) as number;
    const lost = (await claimJob(t.handle.db, t.handle.dialect, "crashed", { leaseMs: 1, kinds: [kind] })) as Job;
    expect(lost.id).toBe(id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const taken = (await claimJob(t.handle.db, t.handle.dialect, "survivor", {
      leaseMs: 60_000,
      kinds: [kind],
    })) as Job;
    expect(taken).toMatchObject({ id, attempts: 2, locked_by: "survivor" });
    expect(await completeJob(t.handle.db, lost, "crashed")).toBe(false);
    expect(await completeJob(t.handle.db, taken, "survivor")).toBe(true);
    expect((await jobRow(id)).state).toBe("succeeded");
  });

  it("coalesces jobs with the same coalesce key while one waits", async () => {
    const kind = uniqueKind("coalesce");
    const first = await enqueueJob(t.handle.db, { kind, coalesceKey: `c-${kind}` });
    expect(await enqueueJob(t.handle.db, { kind, coalesceKey: `c-${kind}` })).toBeNull();
    await claimJob(t.handle.db, t.handle.dialect, "w", { leaseMs: 60_000, kinds: [kind] });
    // Once claimed, new work needs a new run.
    const second = await enqueueJob(t.handle.db, { kind, coalesceKey: `c-${kind}` });
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
  });
});

describe("worker", () => {
  it("runs handlers, retries failures with backoff, defers without spending attempts, and stops cleanly", async () => {
    const flaky = uniqueKind("flaky");
    const broken = uniqueKind("broken");
    const patient = uniqueKind("patient");
    const runs: Record<string, number[]> = { flaky: [], broken: [], patient: [] };
    const worker = startWorker(t.app.takt, {
      pollMs: 20,
      retryBaseMs: 30,
      retryMaxMs: 200,
      handlers: {
        [flaky]: async (job) => {
          runs.flaky.push(Date.now());
          if (job.attempts < 3) throw new Error(`flaky attempt ${job.attempts}`);
          return undefined;
        },
        [broken]: async () => {
          runs.broken.push(Date.now());
          throw new Error("always broken");
        },
        [patient]: async () => {
          runs.patient.push(Date.now());
          return runs.patient.length < 3 ? { rerunAt: new Date(Date.now() + 20) } : undefined;
        },
      },
    });
    try {
      const flakyId = (await enqueueJob(t.handle.db, { kind: flaky })) as number;
      const brokenId = (await enqueueJob(t.handle.db, { kind: broken, maxAttempts: 3 })) as number;
      const patientId = (await enqueueJob(t.handle.db, { kind: patient, maxAttempts: 1 })) as number;
      t.app.takt.bus.notifyJobs();
      const done = await waitFor(async () => ((await jobRow(flakyId)).state === "succeeded" ? jobRow(flakyId) : null));
      expect(done.attempts).toBe(3);
      expect(runs.flaky).toHaveLength(3);
      // The second retry waited about twice as long as the first.
      const gaps = [runs.flaky[1] - runs.flaky[0], runs.flaky[2] - runs.flaky[1]];
      expect(gaps[0]).toBeGreaterThanOrEqual(25);
      expect(gaps[1]).toBeGreaterThanOrEqual(55);
      const dead = await waitFor(async () => ((await jobRow(brokenId)).state === "dead" ? jobRow(brokenId) : null));
      expect(dead).toMatchObject({ attempts: 3, last_error: "always broken" });
      expect(runs.broken).toHaveLength(3);
      await waitFor(async () => (await jobRow(patientId)).state === "succeeded");
      expect(runs.patient).toHaveLength(3);
    } finally {
      await worker.stop();
    }
    // After stop nothing runs any more.
    const later = uniqueKind("after-stop");
    const id = (await enqueueJob(t.handle.db, { kind: later })) as number;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await jobRow(id)).state).toBe("queued");
  });
});

describe("event consumers", () => {
  // The worker's idle poll is a minute here: only the wake-up a commit sends brings the consumers round sooner.
  it("hear of a commit made while they were busy, without waiting for the next poll", async () => {
    const ws = await makeWorkspace(t);
    const lead = await makeUser(t, ws.gid, "member", "Lena Lead");
    const project = await makeProject(t, ws.gid, { members: [{ user: lead, access: "admin" }], sections: ["Inbox"] });
    const api = client(t, lead.token);
    const newTask = async (name: string) =>
      (await api.post("/tasks", { name, memberships: [{ project: project.gid, section: project.sections[0].gid }] }))
        .body.data.gid as string;
    const seen = new Set<string>();
    // Armed, the consumer takes its time over the next batch it is handed, and says when it has started.
    let armed = false;
    let inSlowPass: () => void = () => {};
    const busy = new Promise<void>((resolve) => {
      inSlowPass = resolve;
    });
    const worker = startWorker(t.app.takt, {
      pollMs: 60_000,
      consumers: [
        {
          name: uniqueKind("watcher"),
          async handle(_trx, events) {
            for (const event of events) if (event.resource_type === "task") seen.add(String(event.resource_gid));
            if (armed && events.length > 0) {
              armed = false;
              inSlowPass();
              await new Promise((resolve) => setTimeout(resolve, 300));
            }
            return false;
          },
        },
      ],
    });
    try {
      // The consumer catches up with what the database held before it started.
      const first = await newTask("Warm up");
      await waitFor(async () => seen.has(first));
      armed = true;
      await newTask("Brief");
      await busy;
      // Committed while the consumer is busy with the batch before it.
      const second = await newTask("Estimate");
      await waitFor(async () => seen.has(second));
      expect(seen.has(second)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
