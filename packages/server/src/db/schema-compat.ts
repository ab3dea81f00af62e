import { type Kysely, type Migration, sql } from "kysely";
import { release } from "../version.ts";
import type { Database } from "./schema.ts";

// A migration says whether the previous release keeps working on the schema it leaves (docs/upgrade.md).
// Migrations before 0020 predate the rule and count as "baseline": nothing older than them reads this table.
export type MigrationKind = "expand" | "contract" | "baseline";
export interface TaktMigration extends Migration {
  kind?: "expand" | "contract";
}

export class SchemaTooNewError extends Error {}

export interface SchemaRelease {
  name: string;
  kind: string;
  release: string;
  applied_at: string;
}

async function tableExists(db: Kysely<Database>, name: string): Promise<boolean> {
  try {
    await sql`select 1 from ${sql.table(name)} where 1 = 0`.execute(db);
    return true;
  } catch {
    return false;
  }
}

// What this node may do with the database before Kysely's migrator sees it (the migrator refuses any applied
// migration it does not know, which would crash-loop an older node restarted in the middle of an upgrade):
// "migrate" when it knows every applied migration; "newer" when the only unknown ones are expand migrations a
// newer release applied (this node runs as it is); a SchemaTooNewError naming both releases otherwise.
export async function schemaCompatibility(
  db: Kysely<Database>,
  known: string[],
): Promise<{ mode: "migrate" } | { mode: "newer"; unknown: SchemaRelease[] }> {
  if (!(await tableExists(db, "kysely_migration"))) return { mode: "migrate" };
  const applied = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows;
  const knownSet = new Set(known);
  const unknown = applied.map((row) => row.name).filter((name) => !knownSet.has(name));
  if (unknown.length === 0) return { mode: "migrate" };
  const recorded = (await tableExists(db, "schema_releases"))
    ? (await sql<SchemaRelease>`select name, kind, release, applied_at from schema_releases`.execute(db)).rows
    : [];
  const byName = new Map(recorded.map((row) => [row.name, row]));
  const newest = known[known.length - 1];
  const runs = `this node runs Takt ${release.version} (build ${release.build}), whose newest migration is ${newest}`;
  const blocking = unknown.filter((name) => byName.get(name)?.kind !== "expand");
  if (blocking.length) {
    const needs = blocking.map((name) => {
      const row = byName.get(name);
      return row ? `${name} (a ${row.kind} step applied by Takt ${row.release})` : `${name} (applied by a newer Takt)`;
    });
    const minimum = blocking.map((name) => byName.get(name)?.release).find(Boolean);
    throw new SchemaTooNewError(
      `the database schema needs Takt ${minimum ?? "newer than this"} or newer: it was changed by migration ` +
        `${needs.join(", ")}, which an older release cannot run on; ${runs}. ` +
        "Start this node with the release that upgraded the database (docs/upgrade.md).",
    );
  }
  const missing = known.filter((name) => !applied.some((row) => row.name === name));
  if (missing.length) {
    throw new SchemaTooNewError(
      `the database was migrated by another line of releases: it lacks ${missing.join(", ")} and has ` +
        `${unknown.join(", ")}; ${runs}.`,
    );
  }
  return { mode: "newer", unknown: unknown.map((name) => byName.get(name) as SchemaRelease) };
}

// After migrating: every applied migration gets its row (kind and the release that applied it), once.
export async function recordReleases(db: Kysely<Database>, migrations: Record<string, TaktMigration>): Promise<void> {
  if (!(await tableExists(db, "schema_releases"))) return;
  const applied = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows;
  const recorded = new Set(
    (await sql<{ name: string }>`select name from schema_releases`.execute(db)).rows.map((row) => row.name),
  );
  const now = new Date().toISOString();
  for (const { name } of applied) {
    if (recorded.has(name) || !(name in migrations)) continue;
    const kind: MigrationKind = migrations[name].kind ?? "baseline";
    await sql`insert into schema_releases (name, kind, release, applied_at)
      values (${name}, ${kind}, ${release.version}, ${now}) on conflict (name) do nothing`.execute(db);
  }
}

// The oldest release this schema still serves: the newest release that applied a contract step (or null when
// every step since 0020 was an expansion), for `takt migrate`, /readyz and docs/upgrade.md.
export async function minimumRelease(db: Kysely<Database>): Promise<string | null> {
  if (!(await tableExists(db, "schema_releases"))) return null;
  const row = (
    await sql<{ release: string }>`select release from schema_releases where kind = 'contract'
      order by name desc limit 1`.execute(db)
  ).rows[0];
  return row?.release ?? null;
}
