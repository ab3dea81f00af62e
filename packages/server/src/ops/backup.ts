import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type { Config } from "../config.ts";
import { type Db, type DialectName, openDb } from "../db/index.ts";
import type { Database } from "../db/schema.ts";
import { moveIntoPlace, partialPathOf, syncFile } from "../durable-files.ts";
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupSummary, encodeValue, SECRET_KEY_FILE } from "./backup-format.ts";
import { parentsFirst, tablesInDependencyOrder } from "./tables.ts";

const PAGE = 1000;

class LineWriter {
  private readonly gzip = zlib.createGzip();
  private readonly file: fs.WriteStream;
  private readonly finished: Promise<void>;
  constructor(out: string) {
    // The backup holds password hashes and the secret-field key: readable by its owner only.
    const fd = fs.openSync(out, "w", 0o600);
    fs.fchmodSync(fd, 0o600);
    this.file = fs.createWriteStream(out, { fd });
    this.gzip.pipe(this.file);
    this.finished = new Promise((resolve, reject) => {
      this.file.on("finish", () => resolve());
      this.file.on("error", reject);
      this.gzip.on("error", reject);
    });
  }
  async write(value: unknown): Promise<void> {
    if (!this.gzip.write(`${JSON.stringify(value)}\n`)) await once(this.gzip, "drain");
  }
  async close(): Promise<void> {
    this.gzip.end();
    await this.finished;
  }
}

function* walk(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

// Every table (dependency order) and the attachment files, read inside one consistent view of the database.
// The backup is written beside `out` and put in place once complete and on disk: a backup that fails half-way
// leaves no file, and never replaces an earlier backup at the same path with half of one.
async function dump(db: Db, dialect: DialectName, dataDir: string, out: string, source: string) {
  const partial = partialPathOf(out);
  const writer = new LineWriter(partial);
  const summary: BackupSummary = { rows: {}, files: 0 };
  try {
    const tables = await tablesInDependencyOrder(db, dialect);
    await writer.write({
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created_at: new Date().toISOString(),
      source,
      migrations: await appliedMigrations(db),
    });
    for (const table of tables) {
      await writer.write({ table: table.name, columns: table.columns });
      let count = 0;
      const emit = async (rows: Record<string, unknown>[]) => {
        for (const row of rows) await writer.write({ row: table.columns.map((column) => encodeValue(row[column])) });
        count += rows.length;
      };
      const query = db
        .selectFrom(table.name as keyof Database)
        .selectAll()
        .orderBy(table.columns[0] as never);
      if (table.selfReferences.length) {
        await emit(parentsFirst((await query.execute()) as Record<string, unknown>[], table.selfReferences));
      } else {
        for (let offset = 0; ; offset += PAGE) {
          const rows = (await query.limit(PAGE).offset(offset).execute()) as Record<string, unknown>[];
          await emit(rows);
          if (rows.length < PAGE) break;
        }
      }
      summary.rows[table.name] = count;
    }
    // Attachment files are named by their content hash and never rewritten: copying them after the rows is safe.
    const root = path.join(dataDir, "attachments");
    for (const file of walk(root)) {
      const relative = path.relative(dataDir, file).split(path.sep).join("/");
      if (relative.startsWith("attachments/tmp/")) continue;
      await writer.write({ file: relative, data: fs.readFileSync(file).toString("base64") });
      summary.files++;
    }
    // SQLite keeps the key of secret custom field values beside the database (PostgreSQL: in server_secrets,
    // already dumped as a row): without it the restored secrets could not be read.
    const keyFile = path.join(dataDir, SECRET_KEY_FILE);
    if (dialect === "sqlite" && fs.existsSync(keyFile)) {
      await writer.write({ secret_key: fs.readFileSync(keyFile, "utf8").trim() });
    }
    await writer.write({ end: true, ...summary });
    await writer.close();
    syncFile(partial);
    moveIntoPlace(partial, out);
  } catch (error) {
    await writer.close().catch(() => {});
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return summary;
}

// takt backup --out FILE, while the server keeps serving. SQLite: the online backup API copies a consistent
// snapshot first; PostgreSQL: one REPEATABLE READ transaction sees one snapshot of every table.
export async function backupDatabase(
  config: Pick<Config, "dataDir" | "databaseUrl">,
  out: string,
): Promise<BackupSummary> {
  if (config.databaseUrl) {
    const handle = openDb(config);
    try {
      return await handle.db
        .transaction()
        .setIsolationLevel("repeatable read")
        .execute((trx) => dump(trx as unknown as Db, "postgres", config.dataDir, out, "postgres"));
    } finally {
      await handle.destroy();
    }
  }
  const live = path.join(config.dataDir, "takt.sqlite");
  if (!fs.existsSync(live)) throw new Error(`no database at ${live}`);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-backup-"));
  const snapshot = path.join(tempDir, "snapshot.sqlite");
  const source = new SQLite(live, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // VACUUM INTO copies one read transaction's snapshot. The online backup API restarts whenever another
    // connection writes between its steps, so under steady writes it could never finish.
    source.prepare("VACUUM INTO ?").run(snapshot);
  } finally {
    source.close();
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(snapshot, { readonly: true }) }),
  });
  try {
    return await dump(db, "sqlite", config.dataDir, out, "sqlite");
  } finally {
    await db.destroy();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}
