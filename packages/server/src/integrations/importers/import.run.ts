import type { Db } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import type { EventBus } from "../../events/bus.ts";
import { parseAsana } from "./asana.ts";
import { type CsvEncoding, type CsvMapping, decodeCsv, parseCsv } from "./csv.ts";
import { emptyCounts, ImportInputError, type ImportPlan } from "./import.plan.ts";
import { writePlan } from "./import.writer.ts";
import { parseTrello } from "./trello.ts";

export interface ImportOptions {
  project_name?: string;
  mapping?: CsvMapping;
  encoding?: CsvEncoding;
}

// Reads a file into a plan; an unreadable file throws ImportInputError naming the field.
export function planImport(
  source: ImportsTable["source"],
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions,
): ImportPlan {
  if (source === "csv")
    return parseCsv(decodeCsv(bytes, options.encoding ?? "auto"), options.mapping, fileName, options.project_name);
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportInputError("file", "is not UTF-8 text: a JSON export is always UTF-8");
  }
  return source === "trello" ? parseTrello(raw) : parseAsana(raw);
}

async function importer(db: Db, gid: number): Promise<Actor | null> {
  return (
    (await db
      .selectFrom("users")
      .select(["gid", "name", "email", "language"])
      .where("gid", "=", gid)
      .executeTakeFirst()) ?? null
  );
}

// Runs one import to its end: succeeded with counts, or failed with problems and nothing written. Safe to run
// again after a crash: the write is one transaction and import keys skip whatever an earlier run committed.
export async function runImport(db: Db, bus: EventBus, importGid: number): Promise<ImportsTable | undefined> {
  const row = await db.selectFrom("imports").selectAll().where("gid", "=", importGid).executeTakeFirst();
  if (!row || row.status === "succeeded" || row.status === "failed") return row;
  const now = () => new Date().toISOString();
  await db.updateTable("imports").set({ status: "running", started_at: now() }).where("gid", "=", row.gid).execute();
  const fail = (problems: string[]) =>
    db
      .updateTable("imports")
      .set({ status: "failed", problems: JSON.stringify(problems), content: "", finished_at: now() })
      .where("gid", "=", row.gid)
      .execute();
  try {
    const actor = await importer(db, row.created_by_gid);
    if (!actor) {
      await fail(["the person who started this import no longer exists"]);
    } else {
      const options = JSON.parse(row.options) as ImportOptions;
      const plan = planImport(row.source, Buffer.from(row.content, "base64"), row.file_name, options);
      if (plan.problems.length > 0) {
        await fail(plan.problems);
      } else {
        const result = await writePlan({ db, bus, actor }, plan, {
          workspaceGid: row.workspace_gid,
          teamGid: row.team_gid,
          projectName: options.project_name,
        });
        await db
          .updateTable("imports")
          .set({
            status: "succeeded",
            project_gid: result.projectGid,
            counts: JSON.stringify(result.counts),
            problems: JSON.stringify(result.notes),
            content: "",
            finished_at: now(),
          })
          .where("gid", "=", row.gid)
          .execute();
      }
    }
  } catch (error) {
    if (!(error instanceof ImportInputError)) throw error;
    await fail([error.message]);
  }
  return db.selectFrom("imports").selectAll().where("gid", "=", importGid).executeTakeFirst();
}

export const initialCounts = () => JSON.stringify(emptyCounts());
