import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/index.ts";
import type { FileStore } from "./attachment.storage.ts";
import { fileStoreOf } from "./file-store.ts";

// An upload is staged in <dataDir>/attachments/tmp, its row committed, and only then moved into place (or sent to
// the bucket). A process stopped between the two (a crash, a kill) leaves the row naming a file that is still in
// tmp. Here such a file is moved into place after all; a staged file no attachment names (an upload refused, or
// cut off) is removed. Only files left alone for a while are looked at: one still being written, or between its
// row's commit and its move, belongs to an upload in progress.
export const STAGED_IDLE_MS = 10 * 60 * 1000;

export interface StagedSweep {
  placed: number;
  removed: number;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest("hex");
}

export async function recoverStagedFiles(db: Db, store: FileStore, dataDir: string, now = Date.now()) {
  const dir = path.join(dataDir, "attachments", "tmp");
  const swept: StagedSweep = { placed: 0, removed: 0 };
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return swept;
  }
  for (const name of names) {
    const tempPath = path.join(dir, name);
    try {
      const stat = await fs.promises.stat(tempPath);
      if (!stat.isFile() || now - stat.mtimeMs < STAGED_IDLE_MS) continue;
      const sha256 = await sha256Of(tempPath);
      const named = await db.selectFrom("attachments").select("gid").where("sha256", "=", sha256).executeTakeFirst();
      if (named) {
        await store.commit({ tempPath, sha256, size: stat.size, head: Buffer.alloc(0) });
        swept.placed += 1;
      } else {
        await fs.promises.rm(tempPath, { force: true });
        swept.removed += 1;
      }
    } catch (error) {
      // Gone meanwhile: another node sharing the directory took care of it.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return swept;
}

interface SweepLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

// Runs the sweep once now and then every STAGED_IDLE_MS, without holding the process open; answers the timer.
export function startStagedFileSweeps(takt: { db: Db; config: Config }, log: SweepLog): NodeJS.Timeout {
  const sweep = () => {
    recoverStagedFiles(takt.db, fileStoreOf(takt.config), takt.config.dataDir).then(
      (swept) => {
        if (swept.placed || swept.removed) log.info({ ...swept }, "staged uploads finished or removed");
      },
      (error: Error) => log.warn({ err: error }, "could not look through staged uploads"),
    );
  };
  sweep();
  const timer = setInterval(sweep, STAGED_IDLE_MS);
  timer.unref();
  return timer;
}
