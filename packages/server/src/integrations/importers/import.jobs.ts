import { registerJobHandler } from "../../jobs/registry.ts";
import { runImport } from "./import.run.ts";

export const IMPORT_JOB = "imports.run";

registerJobHandler(IMPORT_JOB, async (job, takt) => {
  await runImport(takt.db, takt.bus, Number(job.payload.import));
  return undefined;
});
