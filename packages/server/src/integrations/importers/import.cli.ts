import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import type { EventBus } from "../../events/bus.ts";
import { newGid } from "../../ids.ts";
import type { CsvEncoding, CsvMapping } from "./csv.ts";
import { initialCounts, planImport, runImport } from "./import.run.ts";

export interface CliImport {
  source: ImportsTable["source"];
  file: string;
  workspaceGid: number;
  teamGid: number | null;
  actorGid: number;
  projectName?: string;
  mapping?: CsvMapping;
  encoding?: CsvEncoding;
}

// `takt import …`: the same import as the API's, recorded in imports, but run in this process instead of a worker.
export async function importFromCli(db: Db, bus: EventBus, input: CliImport): Promise<ImportsTable | undefined> {
  const bytes = fs.readFileSync(input.file);
  const fileName = path.basename(input.file);
  const options = { project_name: input.projectName, mapping: input.mapping, encoding: input.encoding };
  planImport(input.source, bytes, fileName, options);
  const gid = newGid();
  await db
    .insertInto("imports")
    .values({
      gid,
      workspace_gid: input.workspaceGid,
      team_gid: input.teamGid,
      project_gid: null,
      source: input.source,
      file_name: fileName,
      content: bytes.toString("base64"),
      options: JSON.stringify(options),
      status: "queued",
      counts: initialCounts(),
      problems: "[]",
      created_by_gid: input.actorGid,
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
    })
    .execute();
  return runImport(db, bus, gid);
}
