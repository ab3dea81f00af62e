import type { PersonChoice as PersonChoiceBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { ImportsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import type { EventBus } from "../../events/bus.ts";
import type { OutboundPolicy } from "../webhooks/target-guard.ts";
import { parseAsana } from "./asana.ts";
import { runAsanaApiImport } from "./asana-api.run.ts";
import { parseChat } from "./chat.ts";
import {
  type CsvColumn,
  type CsvColumns,
  type CsvEncoding,
  type CsvMapping,
  csvColumns,
  decodeCsv,
  parseCsv,
  parseCsvRecords,
} from "./csv.ts";
import { type ImportFiles, stageFiles } from "./import.files.ts";
import type { PersonChoice } from "./import.people.ts";
import { emptyCounts, ImportInputError, type ImportPlan } from "./import.plan.ts";
import { type ImportProblem, problem } from "./import.problems.ts";
import { writePlan } from "./import.writer.ts";
import { parseTrelloFile, rebaseTrelloDownloads, TRELLO_API, trelloAuth } from "./trello.ts";

export interface ImportOptions {
  project_name?: string;
  mapping?: CsvMapping;
  columns?: CsvColumns;
  encoding?: CsvEncoding;
  people?: Record<string, PersonChoiceBody>;
  asana_workspace?: string;
  url?: string;
  // Trello: an API key and token to download the files uploaded to cards (kept only until the import ends).
  trello_key?: string;
  trello_token?: string;
}

export interface ReadImport {
  plan: ImportPlan;
  // CSV only: the encoding it was read in, every column's target, and the first rows.
  encoding: string | null;
  columns: CsvColumn[];
  rows: string[][];
}

const utf8 = (bytes: Uint8Array) => {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportInputError("file", "json_not_utf8");
  }
};

// Reads a file into a plan; an unreadable file throws ImportInputError naming the field.
export function readImport(
  source: ImportsTable["source"],
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions,
  // A preview shows a CSV whose task-name column is not chosen yet, with that as its problem.
  preview = false,
): ReadImport {
  if (source === "csv") {
    const decoded = decodeCsv(bytes, options.encoding ?? "auto");
    const records = parseCsvRecords(decoded.text);
    const columns = csvColumns(records, options.mapping, options.columns);
    const rows = records
      .slice(1)
      .filter((record) => record.cells.some((value) => value.trim() !== ""))
      .slice(0, 5)
      .map((record) => record.cells);
    let plan: ImportPlan;
    try {
      plan = parseCsv(decoded.text, options, fileName, options.project_name);
    } catch (error) {
      if (!preview || !(error instanceof ImportInputError) || error.field !== "mapping.name") throw error;
      plan = {
        sourceId: "csv:",
        projectName: options.project_name || fileName.replace(/\.(csv|tsv|txt)$/i, "") || "Imported tasks",
        sections: [],
        users: [],
        tags: [],
        tasks: [],
        problems: [error.problem],
      };
    }
    return { plan, encoding: decoded.encoding, columns, rows };
  }
  if (source === "asana_api") throw new ImportInputError("source", "asana_api_not_file");
  const plan =
    source === "trello"
      ? parseTrelloFile(bytes, utf8)
      : source === "asana"
        ? parseAsana(utf8(bytes))
        : parseChat(source, bytes, fileName);
  return { plan, encoding: null, columns: [], rows: [] };
}

export function planImport(
  source: ImportsTable["source"],
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions,
): ImportPlan {
  return readImport(source, bytes, fileName, options).plan;
}

export function peopleChoices(options: ImportOptions): Map<string, PersonChoice> {
  const choices = new Map<string, PersonChoice>();
  for (const [key, choice] of Object.entries(options.people ?? {})) {
    choices.set(key, choice.action === "match" ? { action: "match", user: Number(choice.user) } : choice);
  }
  return choices;
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
// again after a crash: each write is one transaction and import keys make a rerun update instead of duplicate.
export async function runImport(
  db: Db,
  bus: EventBus,
  importGid: number,
  policy: OutboundPolicy,
  files: ImportFiles,
): Promise<ImportsTable | undefined> {
  const row = await db.selectFrom("imports").selectAll().where("gid", "=", importGid).executeTakeFirst();
  if (!row || row.status === "succeeded" || row.status === "failed") return row;
  const now = () => new Date().toISOString();
  await db.updateTable("imports").set({ status: "running", started_at: now() }).where("gid", "=", row.gid).execute();
  // Credentials are kept only while the import runs.
  const { trello_key: _key, trello_token: _token, ...kept } = JSON.parse(row.options) as ImportOptions;
  const setProgress = async (progress: number) => {
    await db.updateTable("imports").set({ progress }).where("gid", "=", row.gid).execute();
  };
  const fail = (problems: ImportProblem[]) =>
    db
      .updateTable("imports")
      .set({
        status: "failed",
        problems: JSON.stringify(problems),
        content: "",
        options: JSON.stringify(kept),
        finished_at: now(),
      })
      .where("gid", "=", row.gid)
      .execute();
  try {
    const actor = await importer(db, row.created_by_gid);
    if (!actor) {
      await fail([problem("importer_gone")]);
    } else {
      const options = JSON.parse(row.options) as ImportOptions;
      const people = peopleChoices(options);
      let result: { projectGid: number | null; counts: object; notes: ImportProblem[] };
      if (row.source === "asana_api") {
        result = await runAsanaApiImport({ db, bus, actor }, row, options, people, policy, files);
      } else {
        const plan = planImport(row.source, await uploadOf(row, files), row.file_name, options);
        if (plan.problems.length > 0) {
          await fail(plan.problems);
          await dropUpload(db, row, files);
          return db.selectFrom("imports").selectAll().where("gid", "=", importGid).executeTakeFirst();
        }
        const trello = row.source === "trello" ? trelloDownloads(options, policy) : null;
        if (trello && options.url) rebaseTrelloDownloads(plan, options.url);
        // Read: 5%; the files (downloads can take most of the time): up to 80%; the write, one unit: to 100%.
        await setProgress(5);
        const staged = await stageFiles(db, row.workspace_gid, plan, files, trello, (done, total) =>
          setProgress(5 + Math.floor((done / total) * 75)),
        );
        await setProgress(80);
        let written: Awaited<ReturnType<typeof writePlan>>;
        try {
          written = await writePlan({ db, bus, actor }, plan, {
            workspaceGid: row.workspace_gid,
            teamGid: row.team_gid,
            projectName: options.project_name,
            people,
            files: staged.files,
          });
        } catch (error) {
          await staged.settle(new Set());
          throw error;
        }
        await staged.settle(written.usedFiles);
        result = {
          ...written,
          notes: [...written.notes, ...staged.notes, ...linkNotes(row.source, trello ? 0 : written.uploadsLinked)],
        };
      }
      await db
        .updateTable("imports")
        .set({
          status: "succeeded",
          project_gid: result.projectGid,
          counts: JSON.stringify(result.counts),
          problems: JSON.stringify(result.notes),
          progress: 100,
          content: "",
          options: JSON.stringify(kept),
          finished_at: now(),
        })
        .where("gid", "=", row.gid)
        .execute();
    }
  } catch (error) {
    if (!(error instanceof ImportInputError)) throw error;
    await fail([error.problem]);
  }
  await dropUpload(db, row, files);
  return db.selectFrom("imports").selectAll().where("gid", "=", importGid).executeTakeFirst();
}

export const initialCounts = () => JSON.stringify(emptyCounts());

// An import's content that names its uploaded file in the file store ("store:<sha256>") instead of holding it.
export const STORED_UPLOAD = "store:";

async function uploadOf(row: ImportsTable, files: ImportFiles): Promise<Buffer> {
  if (!row.content.startsWith(STORED_UPLOAD)) return Buffer.from(row.content, "base64");
  const stream = await files.store.open(row.content.slice(STORED_UPLOAD.length));
  if (!stream) throw new ImportInputError("file", "upload_gone");
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Once an import has ended its uploaded file goes, unless an attachment holds the same bytes.
async function dropUpload(db: Db, row: ImportsTable, files: ImportFiles) {
  if (!row.content.startsWith(STORED_UPLOAD)) return;
  const sha256 = row.content.slice(STORED_UPLOAD.length);
  const used = await db.selectFrom("attachments").select("gid").where("sha256", "=", sha256).executeTakeFirst();
  const again = await db
    .selectFrom("imports")
    .select("gid")
    .where("content", "=", row.content)
    .where("gid", "<>", row.gid)
    .executeTakeFirst();
  if (!used && !again) await files.store.remove(sha256);
}

// Files uploaded to Trello cards are downloaded with the key and token given (Trello serves them only so).
function trelloDownloads(options: ImportOptions, policy: OutboundPolicy) {
  if (!options.trello_key || !options.trello_token) return null;
  return { auth: trelloAuth(options.url ?? TRELLO_API, options.trello_key, options.trello_token), policy };
}

// Says how many files the source holds were imported as links this time, and how to bring them as files (a
// download that failed says why in its own note).
function linkNotes(source: ImportsTable["source"], linked: number): ImportProblem[] {
  if (linked === 0) return [];
  if (source === "trello") return [problem("trello_files_linked", { count: linked })];
  if (source === "asana") return [problem("asana_files_linked", { count: linked })];
  return [];
}
