import type { Kysely } from "kysely";

// Abuse limits that must hold across restarts and nodes: failed sign-ins per email and per address, and public
// form submissions per address. One row per key (domain/throttles/throttle.store.ts); a row whose expires_at
// has passed counts as absent and is pruned.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("throttles")
    .addColumn("key", "text", (col) => col.primaryKey())
    .addColumn("hits", "integer", (col) => col.notNull())
    .addColumn("window_started_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("blocked_until", "text")
    .execute();
  await db.schema.createIndex("throttles_expires_at").on("throttles").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("throttles").execute();
}
