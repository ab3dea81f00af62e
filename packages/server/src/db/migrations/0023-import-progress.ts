import type { Kysely } from "kysely";

// An import's progress in percent, written as a long import (a live Asana migration) goes, so the import page
// shows a bar that moves and a resumed run starts from what is done.
// A nullable column only: the previous release runs on the schema as it was.
export const kind = "expand";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("imports")
    .addColumn("progress", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("imports").dropColumn("progress").execute();
}
