import { type Db, inTransaction } from "../../db/index.ts";
import { type AuditOrigin, recordAudit } from "../../domain/audit/audit.record.ts";
import type { Actor } from "../../domain/context.ts";
import { newGid } from "../../ids.ts";
import { enqueueJob } from "../../jobs/queue.ts";
import { WORKSPACE_EXPORT_JOB } from "./workspace-export.jobs.ts";

// Records a workspace export and queues the job that writes its file, in one transaction.
// by: who asked, for the audit log (written in the same transaction).
export async function queueWorkspaceExport(
  db: Db,
  workspaceGid: number,
  actorGid: number,
  by?: { actor: Actor; origin?: AuditOrigin },
) {
  const row = {
    gid: newGid(),
    workspace_gid: workspaceGid,
    status: "queued" as const,
    file: null,
    size: null,
    error: null,
    created_by_gid: actorGid,
    created_at: new Date().toISOString(),
    finished_at: null,
  };
  await inTransaction(db, async (trx) => {
    await trx.insertInto("workspace_exports").values(row).execute();
    await enqueueJob(trx, { kind: WORKSPACE_EXPORT_JOB, payload: { export: row.gid }, maxAttempts: 3 });
    if (by) {
      await recordAudit(trx, by.origin, by.actor, {
        workspaceGid,
        eventType: "workspace_exported",
        category: "content_export",
        resource: { type: "workspace_export", gid: row.gid },
      });
    }
  });
  return row;
}
