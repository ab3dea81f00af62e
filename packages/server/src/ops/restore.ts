import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import zlib from "node:zlib";
import type { Config } from "../config.ts";
import { type Db, type DialectName, migrateToLatest, openDb } from "../db/index.ts";
import type { Database } from "../db/schema.ts";
import { createFileDurably } from "../durable-files.ts";
import { appliedMigrations } from "./backup.ts";
import {
  BACKUP_FORMAT,
  type BackupHeader,
  type BackupSummary,
  decodeValue,
  SECRET_KEY_FILE,
  SECRET_KEY_ROW,
} from "./backup-format.ts";
import { tablesInDependencyOrder } from "./tables.ts";

const BATCH = 200;

async function* lines(file: string): AsyncGenerator<Record<string, unknown>> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  for await (const line of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
  }
}

async function assertEmpty(db: Db, tables: string[]): Promise<void> {
  for (const table of tables) {
    const row = await db
      .selectFrom(table as keyof Database)
      .select((eb) => eb.lit(1).as("one"))
      .limit(1)
      .executeTakeFirst();
    if (row) throw new Error(`the target database is not empty (table ${table} has rows): restore needs an empty one`);
  }
}

// The key of secret custom field values moves with the rows, to where the target keeps it: SQLite reads
// <dataDir>/secret.key, PostgreSQL the server_secrets row (TAKT_SECRET_KEY, when set, overrides both).
async function placeSecretKey(db: Db, dialect: DialectName, dataDir: string, fromFile: string | null) {
  const row = await db
    .selectFrom("server_secrets")
    .select("value")
    .where("name", "=", SECRET_KEY_ROW)
    .executeTakeFirst();
  const key = fromFile ?? row?.value ?? null;
  if (!key) return;
  if (dialect === "postgres") {
    if (!row) {
      await db
        .insertInto("server_secrets")
        .values({ name: SECRET_KEY_ROW, value: key, created_at: new Date().toISOString() })
        .execute();
    }
    return;
  }
  const file = path.join(dataDir, SECRET_KEY_FILE);
  // On disk before the rows it opens are restored; a key already there must be the backup's.
  if (!createFileDurably(file, `${key}\n`, 0o600) && fs.readFileSync(file, "utf8").trim() !== key) {
    throw new Error(`${file} holds another key than the backup's: move it away to restore (nothing was restored)`);
  }
}

// takt restore --from FILE: into an empty database (SQLite or PostgreSQL, whichever the backup came from), all
// rows in one transaction, and the attachment files into the data directory.
export async function restoreDatabase(
  config: Pick<Config, "dataDir" | "databaseUrl">,
  from: string,
): Promise<BackupSummary> {
  if (!fs.existsSync(from)) throw new Error(`no backup file at ${from}`);
  const handle = openDb(config);
  try {
    await migrateToLatest(handle.db);
    const known = new Set(await appliedMigrations(handle.db));
    const tables = await tablesInDependencyOrder(handle.db, handle.dialect);
    const byName = new Map(tables.map((table) => [table.name, table]));
    await assertEmpty(
      handle.db,
      tables.map((table) => table.name),
    );
    const summary: BackupSummary = { rows: {}, files: 0 };
    const root = path.resolve(config.dataDir);
    // Attachment files are named by their content hash: written as they come (a failed restore leaves only
    // unreferenced files behind).
    const writeFile = (relative: string, data: string) => {
      const target = path.resolve(root, relative);
      if (!target.startsWith(path.join(root, "attachments") + path.sep)) return;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, Buffer.from(data, "base64"));
      summary.files++;
    };
    let secretKey: string | null = null;
    let header: BackupHeader | null = null;
    let ended = false;
    await handle.db.transaction().execute(async (trx) => {
      let table: { name: string; columns: string[] } | null = null;
      let batch: Record<string, unknown>[] = [];
      const flush = async () => {
        if (table && batch.length)
          await trx
            .insertInto(table.name as keyof Database)
            .values(batch as never)
            .execute();
        batch = [];
      };
      for await (const line of lines(from)) {
        if (!header) {
          if (line.format !== BACKUP_FORMAT) throw new Error(`${from} is not a Takt backup`);
          header = line as unknown as BackupHeader;
          const newer = header.migrations.filter((name) => !known.has(name));
          if (newer.length) throw new Error(`the backup needs a newer Takt (unknown migrations: ${newer.join(", ")})`);
          continue;
        }
        if (typeof line.table === "string") {
          await flush();
          const target = byName.get(line.table);
          if (!target) throw new Error(`the backup has a table this Takt does not know: ${line.table}`);
          const columns = line.columns as string[];
          const unknown = columns.filter((column) => !target.columns.includes(column));
          if (unknown.length) throw new Error(`${line.table}: unknown columns ${unknown.join(", ")}`);
          table = { name: line.table, columns };
          summary.rows[line.table] = 0;
        } else if (Array.isArray(line.row)) {
          if (!table) throw new Error("a row before its table in the backup");
          const values = line.row;
          batch.push(Object.fromEntries(table.columns.map((column, index) => [column, decodeValue(values[index])])));
          summary.rows[table.name]++;
          if (batch.length >= BATCH) await flush();
        } else if (typeof line.file === "string") {
          writeFile(line.file, String(line.data));
        } else if (typeof line.secret_key === "string") {
          secretKey = line.secret_key;
        } else if (line.end) {
          await flush();
          ended = true;
        }
      }
      await flush();
      if (!ended) throw new Error("the backup is truncated (no end marker): nothing was restored");
      await placeSecretKey(trx as unknown as Db, handle.dialect, root, secretKey);
    });
    return summary;
  } finally {
    await handle.destroy();
  }
}
