import { type Db, inTransaction } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { IMPORT_JOB } from "./import.jobs.ts";

// Records an import and, unless the file was already refused, queues its run: one transaction, so a recorded
// import always has its job.
export async function queueImport(db: Db, row: ImportsTable): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.insertInto("imports").values(row).execute();
    if (row.status === "queued") {
      await enqueueJob(trx, { kind: IMPORT_JOB, payload: { import: row.gid }, maxAttempts: 3 });
    }
  });
}

export function findImport(db: Db, gid: number): Promise<ImportsTable | undefined> {
  return db.selectFrom("imports").selectAll().where("gid", "=", gid).executeTakeFirst();
}
