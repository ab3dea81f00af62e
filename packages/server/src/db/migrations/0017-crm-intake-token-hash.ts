import { createHash } from "node:crypto";
import type { Kysely } from "kysely";

// CRM intake tokens were stored as they are; from now on only their SHA-256 (the intake URL is shown once, at
// creation or rotation) and their first characters, to tell intakes apart on screen. Existing URLs keep working:
// their tokens are hashed in place. The unique constraint on the column carries over to the hash (lookup by hash).
const PREFIX_LENGTH = 6;

interface Intakes {
  crm_intakes: { gid: number; token_hash: string; token_prefix: string };
}

async function inTransaction(db: Kysely<unknown>, work: (db: Kysely<Intakes>) => Promise<void>) {
  // PostgreSQL migrations already run in a transaction; SQLite's do not, and a crash halfway would leave
  // some tokens hashed and some not.
  const typed = db as unknown as Kysely<Intakes>;
  if (typed.isTransaction) await work(typed);
  else await typed.transaction().execute(work);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.schema.alterTable("crm_intakes").renameColumn("token", "token_hash").execute();
    await trx.schema
      .alterTable("crm_intakes")
      .addColumn("token_prefix", "text", (col) => col.notNull().defaultTo(""))
      .execute();
    const rows = await trx.selectFrom("crm_intakes").select(["gid", "token_hash"]).execute();
    for (const row of rows) {
      await trx
        .updateTable("crm_intakes")
        .set({
          token_hash: createHash("sha256").update(row.token_hash).digest("hex"),
          token_prefix: row.token_hash.slice(0, PREFIX_LENGTH),
        })
        .where("gid", "=", row.gid)
        .execute();
    }
  });
}

// The raw tokens cannot come back: after a rollback every intake needs a new URL (rotate it, or recreate it).
export async function down(db: Kysely<unknown>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.schema.alterTable("crm_intakes").dropColumn("token_prefix").execute();
    await trx.schema.alterTable("crm_intakes").renameColumn("token_hash", "token").execute();
  });
}
