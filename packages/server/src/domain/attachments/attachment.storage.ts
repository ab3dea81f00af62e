import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { syncDirectoryAsync, syncFileAsync } from "../../durable-files.ts";
import { SNIFF_BYTES } from "./mime-sniff.ts";

export interface StagedFile {
  tempPath: string;
  sha256: string;
  size: number;
  head: Buffer;
}

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file is larger than ${limit} bytes`);
  }
}

// Where attachment bytes live: the data directory (LocalFileStore) or an S3-compatible bucket (S3FileStore).
export interface FileStore {
  stage(source: Readable, limit: number): Promise<StagedFile>;
  commit(staged: StagedFile): Promise<void>;
  discard(staged: StagedFile): Promise<void>;
  open(sha256: string): Promise<Readable | null>;
  remove(sha256: string): Promise<void>;
}

// Files live under <dataDir>/attachments, named by the SHA-256 of their bytes: identical uploads share one file.
export class LocalFileStore implements FileStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "attachments");
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("not a SHA-256");
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  // Streams the upload to a temporary file while hashing it; over the limit, the temporary file is removed.
  async stage(source: Readable, limit: number): Promise<StagedFile> {
    const tempDir = path.join(this.root, "tmp");
    await fs.promises.mkdir(tempDir, { recursive: true });
    const tempPath = path.join(tempDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const hash = createHash("sha256");
    let size = 0;
    const heads: Buffer[] = [];
    let headLength = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) return done(new FileTooLargeError(limit));
        hash.update(chunk);
        if (headLength < SNIFF_BYTES) {
          heads.push(chunk.subarray(0, SNIFF_BYTES - headLength));
          headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tempPath, { flags: "wx" }));
      // The bytes are on disk before the attachment's row is committed (durable-files.ts).
      await syncFileAsync(tempPath);
    } catch (error) {
      await fs.promises.rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest("hex"), size, head: Buffer.concat(heads) };
  }

  // Moving into place after the row is committed: a concurrent delete of the last other copy cannot strand the row.
  async commit(staged: StagedFile): Promise<void> {
    const target = this.pathOf(staged.sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) {
      await fs.promises.rm(staged.tempPath, { force: true });
      return;
    }
    await fs.promises.rename(staged.tempPath, target);
    await syncDirectoryAsync(path.dirname(target));
  }

  async discard(staged: StagedFile): Promise<void> {
    await fs.promises.rm(staged.tempPath, { force: true });
  }

  async open(sha256: string): Promise<Readable | null> {
    const file = this.pathOf(sha256);
    try {
      await fs.promises.access(file, fs.constants.R_OK);
    } catch {
      return null;
    }
    return fs.createReadStream(file);
  }

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }
}
