import type { Kysely } from "kysely";

// The durable job queue, consumer cursors over the events log, and outgoing webhooks with their delivery log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "bigint", (col) => col.primaryKey())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("payload", "text", (col) => col.notNull().defaultTo("{}"))
    // Idempotency: a job with a key is enqueued once, ever.
    .addColumn("key", "text", (col) => col.unique())
    // Coalescing: at most one queued (not yet claimed) job per coalesce_key. pending_key holds the
    // coalesce_key while the job waits and is cleared when a worker claims it.
    .addColumn("coalesce_key", "text")
    .addColumn("pending_key", "text", (col) => col.unique())
    .addColumn("state", "text", (col) => col.notNull().defaultTo("queued"))
    .addColumn("run_at", "text", (col) => col.notNull())
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (col) => col.notNull().defaultTo(10))
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("jobs_claim").on("jobs").columns(["state", "run_at"]).execute();

  await db.schema
    .createTable("consumer_cursors")
    .addColumn("name", "text", (col) => col.primaryKey())
    .addColumn("last_event_id", "bigint", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("webhooks")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("workspace_gid", "bigint", (col) => col.notNull().references("workspaces.gid").onDelete("cascade"))
    .addColumn("resource_type", "text", (col) => col.notNull())
    .addColumn("resource_gid", "bigint", (col) => col.notNull())
    .addColumn("target", "text", (col) => col.notNull())
    .addColumn("secret", "text", (col) => col.notNull())
    .addColumn("filters", "text", (col) => col.notNull().defaultTo("[]"))
    .addColumn("active", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("created_by_gid", "bigint", (col) => col.notNull().references("users.gid").onDelete("cascade"))
    // Events with ids up to this one happened before the webhook existed and are never delivered.
    .addColumn("first_event_id", "bigint", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("last_success_at", "text")
    .addColumn("last_failure_at", "text")
    .addColumn("last_failure_content", "text")
    .addColumn("failing_since", "text")
    .addColumn("delivery_retry_count", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("next_attempt_after", "text")
    // One delivery in flight per webhook: a lease held by the job sending it.
    .addColumn("lease_owner", "text")
    .addColumn("lease_until", "text")
    .execute();
  await db.schema
    .createIndex("webhooks_workspace")
    .on("webhooks")
    .columns(["workspace_gid", "created_by_gid"])
    .execute();
  await db.schema.createIndex("webhooks_resource").on("webhooks").columns(["resource_gid"]).execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("gid", "bigint", (col) => col.primaryKey())
    .addColumn("webhook_gid", "bigint", (col) => col.notNull().references("webhooks.gid").onDelete("cascade"))
    .addColumn("event_id", "bigint", (col) => col.notNull())
    .addColumn("state", "text", (col) => col.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("response_status", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("last_attempt_at", "text")
    .addColumn("delivered_at", "text")
    .addUniqueConstraint("webhook_deliveries_unique", ["webhook_gid", "event_id"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_state")
    .on("webhook_deliveries")
    .columns(["webhook_gid", "state", "event_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("webhook_deliveries").execute();
  await db.schema.dropTable("webhooks").execute();
  await db.schema.dropTable("consumer_cursors").execute();
  await db.schema.dropTable("jobs").execute();
}
