import { type Kysely, sql } from "kysely";

// Webhook deliveries a receiver can dedupe: the events sent in one POST share its delivery id (the
// X-Hook-Delivery-Id header). A POST that was not confirmed (the target failed, or the worker died while
// sending) is sent again with the same id and the same events. A nullable column: the previous release ignores it.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("webhook_deliveries").addColumn("delivery_id", "bigint").execute();
  await db.schema
    .createIndex("webhook_deliveries_delivery_id")
    .on("webhook_deliveries")
    .columns(["webhook_gid", "delivery_id"])
    .execute();
  // The webhook backlog metric counts pending deliveries across all webhooks: only those, not the whole log.
  await db.schema
    .createIndex("webhook_deliveries_pending")
    .on("webhook_deliveries")
    .column("created_at")
    .where(sql.ref("state"), "=", "pending")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("webhook_deliveries_pending").execute();
  await db.schema.dropIndex("webhook_deliveries_delivery_id").execute();
  await db.schema.alterTable("webhook_deliveries").dropColumn("delivery_id").execute();
}
