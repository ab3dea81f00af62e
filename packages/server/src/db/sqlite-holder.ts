import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// A SQLite data directory is served by one process: `takt serve` records itself in <dataDir>/takt.pid, so tools
// that must not copy a live database (migrate-db) can refuse instead of silently missing later writes.
const FILE = "takt.pid";

export interface Holder {
  pid: number;
  host: string;
  started_at: string;
}

export function holderFile(dataDir: string): string {
  return path.join(dataDir, FILE);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// The server process holding the directory, or null. A record left by a process that died (kill -9, power cut)
// on this host is ignored; one from another host (a shared volume) is believed.
export function sqliteHolder(dataDir: string): Holder | null {
  let holder: Holder;
  try {
    holder = JSON.parse(fs.readFileSync(holderFile(dataDir), "utf8")) as Holder;
  } catch {
    return null;
  }
  if (holder.pid === process.pid && holder.host === os.hostname()) return null;
  if (holder.host === os.hostname() && !alive(holder.pid)) return null;
  return holder;
}

// Records this process as the directory's server; the returned function removes the record (if still ours).
export function holdSqlite(dataDir: string): () => void {
  const file = holderFile(dataDir);
  const record: Holder = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  return () => {
    try {
      if ((JSON.parse(fs.readFileSync(file, "utf8")) as Holder).pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}
