import { eventSight } from "../../events/event.policy.ts";
import { presentEvent } from "../../events/event.presenter.ts";
import { newGid } from "../../ids.ts";
import type { Job } from "../../jobs/queue.ts";
import { backoffMs } from "../../jobs/queue.ts";
import type { Takt } from "../../takt.ts";
import { outboundPolicy, refuseTarget } from "./target-guard.ts";
import { postToTarget, signature } from "./webhook.http.ts";

// Events per POST, as Asana batches them.
const BATCH = 50;
// A webhook that has failed for this long is switched off and its waiting events marked failed.
export const FAILURE_WINDOW_MS = 24 * 60 * 60 * 1000;
const LEASE_RETRY_MS = 250;

// Sends a webhook's pending events, oldest first, one POST at a time. The webhook row's lease keeps a second
// flush (another worker, another node) from sending at the same time, so the target sees events in order.
// Delivery failures are not job failures: the webhook keeps its own backoff and the job waits it out.
// Delivery is at least once: every POST carries its id (X-Hook-Delivery-Id) and every event its own id, and a
// POST that was not confirmed goes again with the same id and events, so a receiver can drop what it has seen.
export async function flushWebhook(job: Job, takt: Takt): Promise<undefined | { rerunAt: Date }> {
  const { db, config } = takt;
  const webhookGid = Number(job.payload.webhook_gid);
  // This claim of the job: a worker taking over the job of one that died waits out the dead one's lease.
  const owner = `${job.id}:${job.attempts}`;
  // As long as a job's lease, and renewed like it while the POST runs: a dead worker's lease on the webhook ends
  // as soon as its lease on the job, not after the webhook timeout.
  const leaseMs = config.jobLeaseMs ?? 10_000;
  const leaseFrom = (from: number) => new Date(from + leaseMs).toISOString();
  const started = new Date();
  const leased = await db
    .updateTable("webhooks")
    .set({ lease_owner: owner, lease_until: leaseFrom(started.getTime()) })
    .where("gid", "=", webhookGid)
    .where("active", "=", 1)
    .where((eb) =>
      eb.or([
        eb("lease_until", "is", null),
        eb("lease_until", "<", started.toISOString()),
        eb("lease_owner", "=", owner),
      ]),
    )
    .executeTakeFirst();
  if (Number(leased.numUpdatedRows) === 0) {
    const hook = await db
      .selectFrom("webhooks")
      .select(["active", "lease_until"])
      .where("gid", "=", webhookGid)
      .executeTakeFirst();
    if (hook?.active !== 1) return undefined;
    // Another flush is sending: look again shortly (it may finish before its lease runs out).
    const leaseEnds = hook.lease_until ? Date.parse(hook.lease_until) + 10 : Date.now();
    return { rerunAt: new Date(Math.min(leaseEnds, Date.now() + LEASE_RETRY_MS)) };
  }
  const renewal = setInterval(() => {
    db.updateTable("webhooks")
      .set({ lease_until: leaseFrom(Date.now()) })
      .where("gid", "=", webhookGid)
      .where("lease_owner", "=", owner)
      .execute()
      .catch(() => {});
  }, leaseMs / 3);
  try {
    const hook = await db.selectFrom("webhooks").selectAll().where("gid", "=", webhookGid).executeTakeFirstOrThrow();
    if (hook.next_attempt_after && Date.parse(hook.next_attempt_after) > Date.now()) {
      return { rerunAt: new Date(hook.next_attempt_after) };
    }
    const pendingOf = () =>
      db
        .selectFrom("webhook_deliveries")
        .innerJoin("events", "events.id", "webhook_deliveries.event_id")
        .selectAll("events")
        .select(["webhook_deliveries.gid as delivery_gid", "webhook_deliveries.attempts as delivery_attempts"])
        .where("webhook_deliveries.webhook_gid", "=", webhookGid)
        .where("webhook_deliveries.state", "=", "pending")
        .orderBy("webhook_deliveries.event_id");
    // A POST sent before and not confirmed (the target failed, or a worker died sending it) goes again as it was.
    const unconfirmed = await db
      .selectFrom("webhook_deliveries")
      .select("delivery_id")
      .where("webhook_gid", "=", webhookGid)
      .where("state", "=", "pending")
      .where("delivery_id", "is not", null)
      .orderBy("event_id")
      .limit(1)
      .executeTakeFirst();
    const deliveryId = unconfirmed?.delivery_id ?? newGid();
    const batch = unconfirmed?.delivery_id
      ? await pendingOf().where("webhook_deliveries.delivery_id", "=", unconfirmed.delivery_id).execute()
      : await pendingOf().where("webhook_deliveries.delivery_id", "is", null).limit(BATCH).execute();
    if (batch.length === 0) return undefined;
    const deliveryGids = batch.map((row) => row.delivery_gid);
    // Counted as the POST starts: a worker that dies while sending leaves a record that says it was sent.
    const sentAt = new Date().toISOString();
    await db
      .updateTable("webhook_deliveries")
      .set((eb) => ({ delivery_id: deliveryId, attempts: eb("attempts", "+", 1), last_attempt_at: sentAt }))
      .where("gid", "in", deliveryGids)
      .execute();
    const attempt = Math.max(...batch.map((row) => row.delivery_attempts)) + 1;
    // The webhook's reader is its creator: a task or project they cannot see is not named in the payload.
    const sight = await eventSight(db, hook.created_by_gid, batch);
    const body = JSON.stringify({
      events: batch.map((event) => ({ id: String(event.id), ...presentEvent(event, sight) })),
    });
    const policy = outboundPolicy(config);
    const refused = await refuseTarget(hook.target, policy);
    const answer = refused
      ? { ok: false, status: null, content: refused }
      : await postToTarget(
          hook.target,
          {
            "content-type": "application/json",
            "x-hook-signature": signature(hook.secret, body),
            "x-hook-delivery-id": String(deliveryId),
            "x-hook-delivery-attempt": String(attempt),
          },
          body,
          config.webhookTimeoutMs,
          policy,
        );
    const now = new Date().toISOString();
    if (answer.ok) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("webhook_deliveries")
          .set({
            state: "delivered",
            response_status: answer.status,
            last_error: null,
            delivered_at: now,
          })
          .where("gid", "in", deliveryGids)
          .execute();
        await trx
          .updateTable("webhooks")
          .set({ last_success_at: now, delivery_retry_count: 0, next_attempt_after: null, failing_since: null })
          .where("gid", "=", webhookGid)
          .execute();
      });
      const more = await pendingOf().select("webhook_deliveries.gid").limit(1).executeTakeFirst();
      return more ? { rerunAt: new Date() } : undefined;
    }
    const failingSince = hook.failing_since ?? now;
    const givingUp = Date.now() - Date.parse(failingSince) >= FAILURE_WINDOW_MS;
    const retryCount = hook.delivery_retry_count + 1;
    const nextAttempt = new Date(
      Date.now() + backoffMs(retryCount, config.webhookRetryBaseMs, config.webhookRetryMaxMs),
    ).toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable("webhook_deliveries")
        .set({ response_status: answer.status, last_error: answer.content.slice(0, 1000) })
        .where("gid", "in", deliveryGids)
        .execute();
      if (givingUp) {
        await trx
          .updateTable("webhook_deliveries")
          .set({ state: "failed" })
          .where("webhook_gid", "=", webhookGid)
          .where("state", "=", "pending")
          .execute();
      }
      await trx
        .updateTable("webhooks")
        .set({
          last_failure_at: now,
          last_failure_content: answer.content.slice(0, 1000),
          failing_since: failingSince,
          delivery_retry_count: retryCount,
          next_attempt_after: givingUp ? null : nextAttempt,
          active: givingUp ? 0 : 1,
        })
        .where("gid", "=", webhookGid)
        .execute();
    });
    return givingUp ? undefined : { rerunAt: new Date(nextAttempt) };
  } finally {
    clearInterval(renewal);
    await db
      .updateTable("webhooks")
      .set({ lease_owner: null, lease_until: null })
      .where("gid", "=", webhookGid)
      .where("lease_owner", "=", owner)
      .execute();
  }
}
