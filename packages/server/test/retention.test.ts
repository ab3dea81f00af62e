import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import type { JobState, WebhookDeliveriesTable } from "../src/db/schema.ts";
import { newGid } from "../src/ids.ts";
import { runRetention } from "../src/jobs/retention.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { client, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let admin: TestUser;

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
// A kind no worker handles: queued rows of it stay queued whatever runs.
const INERT = "retention-test:inert";

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function insertJob(state: JobState, finishedDaysAgo: number | null, createdDaysAgo = 30) {
  const id = newGid();
  await t.handle.db
    .insertInto("jobs")
    .values({
      id,
      kind: INERT,
      payload: "{}",
      key: null,
      coalesce_key: null,
      pending_key: null,
      state,
      run_at: state === "queued" ? daysAgo(-1) : daysAgo(createdDaysAgo),
      attempts: state === "queued" ? 0 : 1,
      max_attempts: 3,
      locked_by: state === "running" ? "elsewhere" : null,
      locked_until: state === "running" ? daysAgo(-1) : null,
      last_error: state === "dead" ? "gave up" : null,
      created_at: daysAgo(createdDaysAgo),
      updated_at: daysAgo(finishedDaysAgo ?? createdDaysAgo),
      finished_at: finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo),
      request_id: null,
    })
    .execute();
  return id;
}

async function makeWebhook() {
  const gid = newGid();
  await t.handle.db
    .insertInto("webhooks")
    .values({
      gid,
      workspace_gid: Number(ws.gid),
      resource_type: "workspace",
      resource_gid: Number(ws.gid),
      target: "https://receiver.example.test/hook",
      secret: "s",
      filters: "[]",
      // Switched off and past every event: the dispatcher leaves these rows to the test.
      active: 0,
      created_by_gid: Number(admin.gid),
      first_event_id: 2 ** 50,
      created_at: daysAgo(60),
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
  return gid;
}

async function insertDeliveries(
  webhookGid: number,
  eventIds: number[],
  state: WebhookDeliveriesTable["state"],
  createdDaysAgo: number,
) {
  await t.handle.db
    .insertInto("webhook_deliveries")
    .values(
      eventIds.map((eventId) => ({
        gid: newGid(),
        webhook_gid: webhookGid,
        event_id: eventId,
        state,
        attempts: state === "pending" ? 0 : 1,
        response_status: state === "delivered" ? 200 : null,
        last_error: state === "failed" ? "timeout" : null,
        created_at: daysAgo(createdDaysAgo),
        last_attempt_at: state === "pending" ? null : daysAgo(createdDaysAgo),
        delivered_at: state === "delivered" ? daysAgo(createdDaysAgo) : null,
      })),
    )
    .execute();
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

const jobIds = async (ids: number[]) =>
  (await t.handle.db.selectFrom("jobs").select("id").where("id", "in", ids).execute()).map((row) => row.id).sort();

const deliveryEvents = async (webhookGid: number) =>
  (
    await t.handle.db
      .selectFrom("webhook_deliveries")
      .select(["event_id", "state"])
      .where("webhook_gid", "=", webhookGid)
      .orderBy("event_id")
      .execute()
  ).map((row) => row.event_id);

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  admin = await makeUser(t, ws.gid, "admin", "Ada Admin");
});

afterAll(async () => {
  await t?.close();
});

describe("retention", () => {
  it("reads TAKT_JOB_RETENTION_DAYS and TAKT_WEBHOOK_DELIVERY_RETENTION_DAYS, 7 and 14 days by default", () => {
    expect(loadConfig({}, {})).toMatchObject({ jobRetentionDays: 7, webhookDeliveryRetentionDays: 14 });
    expect(loadConfig({}, { TAKT_JOB_RETENTION_DAYS: "30", TAKT_WEBHOOK_DELIVERY_RETENTION_DAYS: "3" })).toMatchObject({
      jobRetentionDays: 30,
      webhookDeliveryRetentionDays: 3,
    });
    expect(() => loadConfig({}, { TAKT_JOB_RETENTION_DAYS: "0" })).toThrow(/^Invalid configuration: jobRetentionDays:/);
    expect(() => loadConfig({}, { TAKT_WEBHOOK_DELIVERY_RETENTION_DAYS: "soon" })).toThrow(
      /^Invalid configuration: webhookDeliveryRetentionDays:/,
    );
  });

  it("deletes old finished jobs in batches; recent, queued and running jobs stay", async () => {
    const oldSucceeded = await Promise.all(range(1, 7).map(() => insertJob("succeeded", 10)));
    const oldDead = await Promise.all(range(1, 3).map(() => insertJob("dead", 8)));
    const recent = [await insertJob("succeeded", 6), await insertJob("dead", 1)];
    // Old but not finished: a job waiting for a long time and one a worker holds; the state alone protects
    // them (these even carry a stale finished_at, as a retried job could).
    const unfinished = [
      await insertJob("queued", null, 40),
      await insertJob("running", null, 40),
      await insertJob("queued", 30, 40),
      await insertJob("running", 30, 40),
    ];

    // Batches of 3: the purge loops until a batch comes back short.
    const result = await runRetention(t.app.takt, new Date(), { batch: 3 });
    expect(result.jobs).toBe(10);
    expect(await jobIds([...oldSucceeded, ...oldDead])).toEqual([]);
    expect(await jobIds([...recent, ...unfinished])).toEqual([...recent, ...unfinished].sort());
    // A second pass finds nothing more to do.
    expect((await runRetention(t.app.takt, new Date(), { batch: 3 })).jobs).toBe(0);
  });

  it("deletes old webhook deliveries but keeps each webhook's newest rows, recent rows and pending ones", async () => {
    const busy = await makeWebhook();
    // Events 1–2: still pending (the webhook's queue); 3–122: old, delivered or failed; 123–127: recent.
    await insertDeliveries(busy, range(1, 2), "pending", 30);
    await insertDeliveries(busy, range(3, 100), "delivered", 30);
    await insertDeliveries(busy, range(101, 122), "failed", 20);
    await insertDeliveries(busy, range(123, 127), "delivered", 1);
    // A quiet webhook: every row is old, but it has fewer than the rows a log page keeps.
    const quiet = await makeWebhook();
    await insertDeliveries(quiet, range(1, 10), "delivered", 40);

    const result = await runRetention(t.app.takt, new Date(), { batch: 7, keepDeliveries: 100 });
    // The newest 100 by event are 28–127; of 3–27 (old, not pending) all 25 go.
    expect(result.webhookDeliveries).toBe(25);
    expect(await deliveryEvents(busy)).toEqual([1, 2, ...range(28, 127)]);
    expect(await deliveryEvents(quiet)).toEqual(range(1, 10));

    // What the admin sees: the delivery log still shows its newest page, pending rows included.
    const log = await client(t, admin.token).get(`/webhooks/${busy}/deliveries?limit=100`);
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(100);
    expect(log.body.data[0]).toMatchObject({ status: "delivered", created_at: expect.any(String) });
    const pending = await client(t, admin.token).get(`/webhooks/${busy}/deliveries?status=pending`);
    expect(pending.body.data).toHaveLength(2);

    // With a shorter keep, only the age decides among the rest: recent rows (123–127) still stay.
    await runRetention(t.app.takt, new Date(), { batch: 7, keepDeliveries: 1 });
    expect(await deliveryEvents(busy)).toEqual([1, 2, ...range(123, 127)]);
  });

  it("runs on its own as a scheduled job of the worker and leaves the events log alone", async () => {
    const events = await t.handle.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    const old = [await insertJob("succeeded", 9), await insertJob("dead", 9)];
    const queued = await insertJob("queued", null, 40);
    const hook = await makeWebhook();
    await insertDeliveries(hook, range(1, 150), "delivered", 15);
    const worker = startWorker(t.app.takt, { pollMs: 25, scheduleCheckMs: 50 });
    try {
      await waitFor(async () => (await jobIds(old)).length === 0);
      await waitFor(async () => (await deliveryEvents(hook)).length === 100);
    } finally {
      await worker.stop();
    }
    expect(await deliveryEvents(hook)).toEqual(range(51, 150));
    expect(await jobIds([queued])).toEqual([queued]);
    const tick = await t.handle.db
      .selectFrom("jobs")
      .select(["state", "key"])
      .where("kind", "=", "schedule:retention")
      .executeTakeFirstOrThrow();
    expect(tick.state).toBe("succeeded");
    const after = await t.handle.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    expect(Number(after.count)).toBe(Number(events.count));
  });
});
