import type { Kysely } from "kysely";

// Operations: the request that enqueued a job, so its logs can be followed into the worker.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("jobs").addColumn("request_id", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("jobs").dropColumn("request_id").execute();
}
