import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator } from "kysely";
import { afterEach } from "vitest";
import { type Db, type DbHandle, migrations, openDb } from "../../src/db/index.ts";

// For tests of an upgrade: a SQLite database in a directory of its own, migrated up to the migration just before
// `migration`, closed and removed after the test.

const opened: { handle: DbHandle; dir: string }[] = [];
afterEach(async () => {
  for (const { handle, dir } of opened.splice(0)) {
    await handle.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const provider = { getMigrations: async () => migrations };

export async function sqliteBefore(migration: string): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-upgrade-"));
  const handle = openDb({ dataDir: dir, databaseUrl: "" });
  opened.push({ handle, dir });
  const names = Object.keys(migrations).sort();
  if (!names.includes(migration)) throw new Error(`no migration ${migration}`);
  const { error } = await new Migrator({ db: handle.db, provider }).migrateTo(names[names.indexOf(migration) - 1]);
  if (error) throw error;
  return handle.db;
}
