import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Files the server writes and then records as done (an export, an attachment): the bytes are flushed to disk
// before the row that points at them is committed, and a file is put in place by a rename that is itself flushed
// (the directory's entry), so a crash never leaves a row pointing at an empty or missing file, and a reader never
// sees half a file.

// Flushes a file's bytes (and its size) to disk.
export function syncFile(file: string): void {
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// Flushes a directory's entries (a file created, renamed or removed in it). Some file systems cannot open a
// directory for this (they keep entries durable by themselves): nothing to do there.
export function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!unsyncable(error)) throw error;
  } finally {
    fs.closeSync(fd);
  }
}

const unsyncable = (error: unknown) =>
  ["EINVAL", "EISDIR", "EPERM"].includes((error as NodeJS.ErrnoException).code ?? "");

// The same two, without holding the event loop (a request's upload).
export async function syncFileAsync(file: string): Promise<void> {
  const handle = await fs.promises.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function syncDirectoryAsync(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(dir, "r");
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!unsyncable(error)) throw error;
  } finally {
    await handle.close();
  }
}

// A name beside `file` for writing it before it is complete: unique, so two runs writing the same file at once
// (a job delivered twice) never write into one another's bytes.
export function partialPathOf(file: string): string {
  return `${file}.${process.pid}-${randomBytes(6).toString("hex")}.partial`;
}

// Puts a complete, flushed file in place of `file` (replacing any file there at once) and flushes the rename.
export function moveIntoPlace(partial: string, file: string): void {
  fs.renameSync(partial, file);
  syncDirectory(path.dirname(file));
}

// A complete, flushed partial file beside `file`.
function writePartial(file: string, body: Buffer | string, mode: number): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = partialPathOf(file);
  try {
    const fd = fs.openSync(partial, "wx", mode);
    try {
      fs.writeFileSync(fd, body);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return partial;
}

// Writes `file` whole or not at all: to a partial file, flushed, then renamed into place.
export function writeFileDurably(file: string, body: Buffer | string, mode = 0o644): void {
  const partial = writePartial(file, body, mode);
  try {
    moveIntoPlace(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

// Creates `file` whole, flushed, unless it exists already (another process made it first): answers whether this
// call created it. A reader never finds it empty or half-written (it appears by a hard link to a complete file).
export function createFileDurably(file: string, body: Buffer | string, mode = 0o644): boolean {
  const partial = writePartial(file, body, mode);
  try {
    fs.linkSync(partial, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // A file system without hard links: created in place (exclusively), then flushed.
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    return createInPlace(file, body, mode);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  syncDirectory(path.dirname(file));
  return true;
}

function createInPlace(file: string, body: Buffer | string, mode: number): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, "wx", mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    fs.writeFileSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  syncDirectory(path.dirname(file));
  return true;
}
