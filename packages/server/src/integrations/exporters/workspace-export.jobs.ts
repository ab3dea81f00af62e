import path from "node:path";
import { registerJobHandler } from "../../jobs/registry.ts";
import { exportsDir, writeWorkspaceExport } from "./workspace-export.ts";

export const WORKSPACE_EXPORT_JOB = "exports.workspace";

registerJobHandler(WORKSPACE_EXPORT_JOB, async (job, takt) => {
  const { db, config } = takt;
  const row = await db
    .selectFrom("workspace_exports")
    .selectAll()
    .where("gid", "=", Number(job.payload.export))
    .executeTakeFirst();
  if (!row || row.status === "succeeded" || row.status === "failed") return undefined;
  await db.updateTable("workspace_exports").set({ status: "running" }).where("gid", "=", row.gid).execute();
  const file = path.join(exportsDir(config.dataDir), `${row.gid}.zip`);
  try {
    const result = await writeWorkspaceExport(db, config.dataDir, row.workspace_gid, file);
    await db
      .updateTable("workspace_exports")
      .set({ status: "succeeded", file: `${row.gid}.zip`, size: result.size, finished_at: new Date().toISOString() })
      .where("gid", "=", row.gid)
      .execute();
  } catch (error) {
    await db
      .updateTable("workspace_exports")
      .set({ status: "failed", error: (error as Error).message, finished_at: new Date().toISOString() })
      .where("gid", "=", row.gid)
      .execute();
  }
  return undefined;
});
