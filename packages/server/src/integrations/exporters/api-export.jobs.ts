import { registerApiJobRunner } from "../../domain/templates/api-job.ts";
import { registerSchedule } from "../../jobs/schedule.ts";
import { purgeApiExports, runApiExport } from "./api-export.ts";

// POST /exports/graph and /exports/resource answer with a job; this writes the export's file.
for (const subtype of ["graph_export", "resource_export"]) {
  registerApiJobRunner(
    subtype,
    async (ctx, job, payload, takt) => {
      await runApiExport(ctx.db, takt.config.dataDir, ctx.actor, Number(payload.export ?? job.new_export_gid));
      return {};
    },
    { ownUnits: true },
  );
}

registerSchedule("api-export-retention", 60 * 60 * 1000, async (_tick, takt) => {
  await purgeApiExports(takt.db, takt.config.dataDir);
});
