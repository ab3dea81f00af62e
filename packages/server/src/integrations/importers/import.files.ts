import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";
import type { Db } from "../../db/index.ts";
import { type FileStore, FileTooLargeError, type StagedFile } from "../../domain/attachments/attachment.storage.ts";
import { guardedLookup, hostOf, mayConnect, type OutboundPolicy } from "../webhooks/target-guard.ts";
import type { ImportPlan, PlanLink, PlanTask } from "./import.plan.ts";
import { type ImportProblem, problem } from "./import.problems.ts";

// Where an import's files go and how large one may be (the upload limit).
export interface ImportFiles {
  store: FileStore;
  limit: number;
}

// Headers to send with a download from the source (its token), or null when the URL is not the source's own.
export type DownloadAuth = (url: URL) => Record<string, string> | null;

export interface StagedFiles {
  // Staged bytes per attachment key; the writer stores a file attachment for each.
  files: Map<string, StagedFile>;
  notes: ImportProblem[];
  // Moves the files the committed rows point at into place and drops the rest.
  settle(used: Set<string>): Promise<void>;
}

const DOWNLOAD_TIMEOUT_MS = 120_000;
const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function eachLink(tasks: PlanTask[], visit: (task: PlanTask, link: PlanLink) => void) {
  for (const task of tasks) {
    for (const link of task.links) visit(task, link);
    eachLink(task.subtasks, visit);
  }
}

// Attachment keys an earlier run already settled (in this source, or anywhere in its family): stored as a file,
// or deleted since. One an earlier run could only keep as a link (no bytes then) is not settled: a rerun that
// has the file now (an export zip with it, a key and token) turns that link into the file.
async function knownKeys(db: Db, workspaceGid: number, plan: ImportPlan, keys: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let index = 0; index < keys.length; index += 500) {
    const batch = keys.slice(index, index + 500);
    const rows = await db
      .selectFrom("import_keys")
      .leftJoin("attachments", "attachments.gid", "import_keys.resource_gid")
      .select(["import_keys.external_id", "attachments.url"])
      .where("import_keys.workspace_gid", "=", workspaceGid)
      .where((eb) =>
        plan.family
          ? eb.or([eb("import_keys.source", "=", plan.sourceId), eb("import_keys.source", "like", `${plan.family}%`)])
          : eb("import_keys.source", "=", plan.sourceId),
      )
      .where("import_keys.external_id", "in", batch)
      .execute();
    for (const row of rows) if (row.url === null) known.add(row.external_id);
  }
  return known;
}

// Stages every attachment that comes as a file (inside the export, or downloaded from the source with its
// credentials) before the import's unit of work, so no transaction waits on the network. A file over the limit,
// or one the source would not give, becomes a link with a note; one an earlier run stored is not fetched again.
export async function stageFiles(
  db: Db,
  workspaceGid: number,
  plan: ImportPlan,
  files: ImportFiles,
  download: {
    auth: DownloadAuth;
    policy: OutboundPolicy;
    // A fresh address when the one in the plan was refused (Asana's signed download_url lasts minutes).
    refresh?: (link: PlanLink) => Promise<string | null>;
  } | null,
  // Called after each file (stored, or kept as a link): how many of how many are done.
  progress?: (done: number, total: number) => Promise<void>,
): Promise<StagedFiles> {
  const wanted: { task: PlanTask; link: PlanLink }[] = [];
  eachLink(plan.tasks, (task, link) => {
    if (link.file || (download && link.download)) wanted.push({ task, link });
  });
  const staged = new Map<string, StagedFile>();
  const notes: ImportProblem[] = [];
  const known = wanted.length
    ? await knownKeys(
        db,
        workspaceGid,
        plan,
        wanted.map(({ link }) => link.key),
      )
    : new Set();
  const discard = async (keep: Set<string>) => {
    for (const [key, file] of staged) if (!keep.has(key)) await files.store.discard(file);
  };
  let done = 0;
  try {
    for (const { task, link } of wanted) {
      if (done > 0) await progress?.(done, wanted.length);
      done += 1;
      if (known.has(link.key) || staged.has(link.key)) continue;
      const what = { file: link.name, task: task.name };
      const tooLarge = () =>
        problem(link.url ? "file_too_large_link" : "file_too_large_left_out", {
          ...what,
          limit: megabytes(files.limit),
        });
      const failed = (error: unknown) =>
        problem(link.url ? "download_failed_link" : "download_failed_left_out", {
          ...what,
          reason: (error as Error).message,
        });
      if (link.size && link.size > files.limit) {
        notes.push(tooLarge());
        continue;
      }
      let source: Readable | null = null;
      if (link.file) source = Readable.from([link.file]);
      else if (download && link.download) {
        try {
          source = await fetchFile(link.download, download.auth, download.policy, files.limit).catch(async (error) => {
            const again = !(error instanceof FileTooLargeError) && (await download.refresh?.(link));
            if (!again) throw error;
            return fetchFile(again, download.auth, download.policy, files.limit);
          });
        } catch (error) {
          notes.push(error instanceof FileTooLargeError ? tooLarge() : failed(error));
          continue;
        }
      }
      if (!source) continue;
      try {
        staged.set(link.key, await files.store.stage(source, files.limit));
      } catch (error) {
        source.destroy();
        if (error instanceof FileTooLargeError) {
          notes.push(tooLarge());
        } else if (link.file) throw error;
        else notes.push(failed(error));
      }
    }
  } catch (error) {
    await discard(new Set());
    throw error;
  }
  return {
    files: staged,
    notes,
    async settle(used) {
      for (const [key, file] of staged) if (used.has(key)) await files.store.commit(file);
      await discard(used);
    },
  };
}

// GET of a file, through the outbound policy (a private address needs the admin's allow-list), following a few
// redirects; the source's credentials go only where auth says they belong (never to a redirect elsewhere).
export async function fetchFile(
  address: string,
  auth: DownloadAuth,
  policy: OutboundPolicy,
  limit: number,
): Promise<Readable> {
  let url = new URL(address);
  for (let hop = 0; hop < 5; hop++) {
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${url.protocol} is not http(s)`);
    const host = hostOf(url);
    if (net.isIP(host) && !mayConnect(host, policy)) throw new Error(`${host} is a private or loopback address`);
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = (url.protocol === "https:" ? https : http).request(url, {
        method: "GET",
        headers: { "user-agent": "Takt-Import/1.0", ...(auth(url) ?? {}) },
        lookup: guardedLookup(policy),
        agent: false,
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
      request.on("response", resolve);
      request.on("error", (error) =>
        reject(
          error.name === "TimeoutError" || error.name === "AbortError"
            ? new Error(`${url.host} did not answer in time`)
            : new Error(`${url.host} could not be reached`),
        ),
      );
      request.end();
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new Error(`${url.host} answered ${status}`);
    }
    const length = Number(response.headers["content-length"] ?? Number.NaN);
    if (Number.isFinite(length) && length > limit) {
      response.destroy();
      throw new FileTooLargeError(limit);
    }
    return response;
  }
  throw new Error("too many redirects");
}
