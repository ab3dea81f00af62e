import type { Db } from "../db/index.ts";
import { purgeWebhookDeliveries } from "../integrations/webhooks/webhook.retention.ts";
import type { Takt } from "../takt.ts";
import { registerSchedule } from "./schedule.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_EVERY_MS = 60 * 60 * 1000;
// Rows per DELETE statement: each is its own short transaction, so no write waits long behind the purge.
export const RETENTION_BATCH = 5_000;

// Deletes succeeded and dead jobs that finished before the cutoff, a batch per statement. Queued and running jobs
// are never touched: the state check is in the DELETE itself, so a dead job an admin retries meanwhile stays.
// A job's idempotency key goes with its row, so keyed work must stay idempotent past the retention too
// (rule runs are, by rule_runs; consumers move on by cursor and never enqueue an old event again).
export async function purgeFinishedJobs(db: Db, olderThan: Date, batch = RETENTION_BATCH): Promise<number> {
  const cutoff = olderThan.toISOString();
  let deleted = 0;
  for (;;) {
    const ids = db
      .selectFrom("jobs")
      .select("id")
      .where("state", "in", ["succeeded", "dead"])
      .where("finished_at", "<", cutoff)
      .limit(batch);
    const result = await db
      .deleteFrom("jobs")
      .where("id", "in", ids)
      .where("state", "in", ["succeeded", "dead"])
      .where("finished_at", "<", cutoff)
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < batch) return deleted;
  }
}

export interface RetentionResult {
  jobs: number;
  webhookDeliveries: number;
}

// The events log is kept on purpose (the events API, stories and audit derive from it): only the job queue's
// finished rows and the webhook delivery log are pruned.
export async function runRetention(
  takt: Pick<Takt, "db" | "config">,
  now = new Date(),
  options: { batch?: number; keepDeliveries?: number } = {},
): Promise<RetentionResult> {
  const { config } = takt;
  // Configs built by hand (tests) may lack the settings: the defaults apply.
  const jobDays = config.jobRetentionDays ?? 7;
  const deliveryDays = config.webhookDeliveryRetentionDays ?? 14;
  const batch = options.batch ?? RETENTION_BATCH;
  const jobs = await purgeFinishedJobs(takt.db, new Date(now.getTime() - jobDays * DAY_MS), batch);
  const webhookDeliveries = await purgeWebhookDeliveries(takt.db, {
    olderThan: new Date(now.getTime() - deliveryDays * DAY_MS),
    batch,
    keep: options.keepDeliveries,
  });
  return { jobs, webhookDeliveries };
}

registerSchedule("retention", RETENTION_EVERY_MS, async (_tick, takt) => {
  await runRetention(takt);
});
