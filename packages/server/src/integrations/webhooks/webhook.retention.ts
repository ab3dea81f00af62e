import type { Db } from "../../db/index.ts";

// The delivery log page (GET /webhooks/:gid/deliveries, newest event first) is never emptied by age alone.
export const DELIVERIES_KEPT_PER_WEBHOOK = 100;
const WEBHOOKS_PER_PAGE = 500;

export interface DeliveryPurge {
  // Rows created before this moment may go.
  olderThan: Date;
  // Rows per DELETE: each statement is its own short transaction, so writers wait at most one batch.
  batch: number;
  keep?: number;
}

// Deletes delivered and failed delivery rows older than the cutoff, webhook by webhook, sparing each webhook's
// newest `keep` rows whatever their age. Pending rows are the webhook's queue and are never deleted (a row a
// person redelivers becomes pending again, and the state check is part of the DELETE itself).
export async function purgeWebhookDeliveries(db: Db, purge: DeliveryPurge): Promise<number> {
  const keep = purge.keep ?? DELIVERIES_KEPT_PER_WEBHOOK;
  const cutoff = purge.olderThan.toISOString();
  let deleted = 0;
  let after = 0;
  for (;;) {
    const webhooks = await db
      .selectFrom("webhooks")
      .select("gid")
      .where("gid", ">", after)
      .orderBy("gid")
      .limit(WEBHOOKS_PER_PAGE)
      .execute();
    for (const { gid } of webhooks) {
      // The event id of the oldest row the log page must still show; rows before it may go.
      const floor = await db
        .selectFrom("webhook_deliveries")
        .select("event_id")
        .where("webhook_gid", "=", gid)
        .orderBy("event_id", "desc")
        .limit(1)
        .offset(keep - 1)
        .executeTakeFirst();
      if (!floor) continue;
      for (;;) {
        const batch = db
          .selectFrom("webhook_deliveries")
          .select("gid")
          .where("webhook_gid", "=", gid)
          .where("event_id", "<", floor.event_id)
          .where("state", "!=", "pending")
          .where("created_at", "<", cutoff)
          .limit(purge.batch);
        const result = await db
          .deleteFrom("webhook_deliveries")
          .where("gid", "in", batch)
          .where("state", "!=", "pending")
          .executeTakeFirst();
        const count = Number(result.numDeletedRows);
        deleted += count;
        if (count < purge.batch) break;
      }
    }
    if (webhooks.length < WEBHOOKS_PER_PAGE) return deleted;
    after = webhooks[webhooks.length - 1].gid;
  }
}
