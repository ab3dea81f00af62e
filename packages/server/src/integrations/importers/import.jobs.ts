import { fileStoreOf } from "../../domain/attachments/file-store.ts";
import { registerJobHandler } from "../../jobs/registry.ts";
import { outboundPolicy } from "../webhooks/target-guard.ts";
import { runImport } from "./import.run.ts";

export const IMPORT_JOB = "imports.run";

registerJobHandler(IMPORT_JOB, async (job, takt) => {
  await runImport(takt.db, takt.bus, Number(job.payload.import), outboundPolicy(takt.config), {
    store: fileStoreOf(takt.config),
    limit: takt.config.maxUploadBytes,
  });
  return undefined;
});
