import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  sql,
  type Transaction,
} from "kysely";
import pg from "pg";
import { type Config, DEFAULT_SQLITE_CACHE_MB } from "../config.ts";
import { enableGroupCommit } from "./group-commit.ts";
import * as core from "./migrations/0001-core.ts";
import * as storyDetails from "./migrations/0004-story-details.ts";
import * as jobsWebhooks from "./migrations/0005-jobs-webhooks.ts";
import * as invitationsAttachments from "./migrations/0006-invitations-attachments.ts";
import * as customFieldsTagsSearch from "./migrations/0007-custom-fields-tags-search.ts";
import * as sprints from "./migrations/0008-sprints.ts";
import * as templatesRecurrenceRules from "./migrations/0009-templates-recurrence-rules.ts";
import * as portal from "./migrations/0010-portal.ts";
import * as ops from "./migrations/0011-ops.ts";
import * as imports from "./migrations/0012-imports.ts";
import * as crmTime from "./migrations/0013-crm-time.ts";
import * as indexes from "./migrations/0014-indexes.ts";
import * as auditPasswordReset from "./migrations/0015-audit-password-reset.ts";
import * as perfIndexes from "./migrations/0015-perf-indexes.ts";
import * as throttles from "./migrations/0016-throttles.ts";
import * as crmIntakeTokenHash from "./migrations/0017-crm-intake-token-hash.ts";
import * as secretRevealAccess from "./migrations/0018-secret-reveal-access.ts";
import * as storyReferences from "./migrations/0019-story-references.ts";
import * as schemaReleases from "./migrations/0020-schema-releases.ts";
import * as webhookDeliveryIds from "./migrations/0021-webhook-delivery-ids.ts";
import * as sectionMarksComplete from "./migrations/0022-section-marks-complete.ts";
import * as importProgress from "./migrations/0023-import-progress.ts";
import * as searchStemming from "./migrations/0025-search-stemming.ts";
import * as asanaParity from "./migrations/0027-asana-parity.ts";
import * as portfoliosGoalsBilling from "./migrations/0031-portfolios-goals-billing.ts";
import * as peopleAndStages from "./migrations/0037-people-and-stages.ts";
import * as trash from "./migrations/0038-trash.ts";
import * as parityGaps from "./migrations/0040-parity-gaps.ts";
import * as searchIndexQueue from "./migrations/0041-search-index-queue.ts";
import * as goalStoriesExports from "./migrations/0044-goal-stories-exports.ts";
import * as billableTime from "./migrations/0045-billable-time.ts";
import * as teamPrivacy from "./migrations/0046-team-privacy.ts";
import * as searchIndexMerge from "./migrations/0049-search-index-merge.ts";
import * as goalSystemStories from "./migrations/0050-goal-system-stories.ts";
import * as myTasksOrder from "./migrations/0051-my-tasks-order.ts";
import * as archivedProjects from "./migrations/0052-archived-projects.ts";
import * as ruleRunDetails from "./migrations/0053-rule-run-details.ts";
import * as sectionsOrderDistinct from "./migrations/0054-sections-order-distinct.ts";
import * as storiesTaskType from "./migrations/0055-stories-task-type.ts";
import { packedReader, type Reader } from "./packed-rows.ts";
import { nameStatementsOf } from "./pg-named.ts";
import { countQuery } from "./query-count.ts";
import type { Database } from "./schema.ts";
import { recordReleases, type SchemaRelease, schemaCompatibility, type TaktMigration } from "./schema-compat.ts";
import { registerSearchFunctions } from "./search-text.ts";
import { ThreadedSqliteDialect } from "./sqlite-driver.ts";
import { SqliteThreads } from "./sqlite-threads.ts";
import { registerWalSync, WalSync } from "./wal-sync.ts";

export type Db = Kysely<Database>;
export type DialectName = "sqlite" | "postgres";

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  // SQLite: the threads that checkpoint the WAL and run costly reads (sqlite-threads.ts).
  threads?: SqliteThreads;
  destroy(): Promise<void>;
}

// Migrations are listed here in order; a landed migration is never edited, only followed by a new one.
// From 0020 on each one declares its kind, expand or contract (schema-compat.ts, docs/upgrade.md).
export const migrations: Record<string, TaktMigration> = {
  "0001-core": core,
  "0004-story-details": storyDetails,
  "0005-jobs-webhooks": jobsWebhooks,
  "0006-invitations-attachments": invitationsAttachments,
  "0007-custom-fields-tags-search": customFieldsTagsSearch,
  "0008-sprints": sprints,
  "0009-templates-recurrence-rules": templatesRecurrenceRules,
  "0010-portal": portal,
  "0011-ops": ops,
  "0012-imports": imports,
  "0013-crm-time": crmTime,
  "0014-indexes": indexes,
  "0015-audit-password-reset": auditPasswordReset,
  "0015-perf-indexes": perfIndexes,
  "0016-throttles": throttles,
  "0017-crm-intake-token-hash": crmIntakeTokenHash,
  "0018-secret-reveal-access": secretRevealAccess,
  "0019-story-references": storyReferences,
  "0020-schema-releases": schemaReleases,
  "0021-webhook-delivery-ids": webhookDeliveryIds,
  "0022-section-marks-complete": sectionMarksComplete,
  "0023-import-progress": importProgress,
  "0025-search-stemming": searchStemming,
  "0027-asana-parity": asanaParity,
  "0031-portfolios-goals-billing": portfoliosGoalsBilling,
  "0037-people-and-stages": peopleAndStages,
  "0038-trash": trash,
  "0040-parity-gaps": parityGaps,
  "0041-search-index-queue": searchIndexQueue,
  "0044-goal-stories-exports": goalStoriesExports,
  "0045-billable-time": billableTime,
  "0046-team-privacy": teamPrivacy,
  "0049-search-index-merge": searchIndexMerge,
  "0050-goal-system-stories": goalSystemStories,
  "0051-my-tasks-order": myTasksOrder,
  "0052-archived-projects": archivedProjects,
  "0053-rule-run-details": ruleRunDetails,
  "0054-sections-order-distinct": sectionsOrderDistinct,
  "0055-stories-task-type": storiesTaskType,
};

const provider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

// Every id fits in 53 bits (see ids.ts), so bigint columns can be read as plain numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

// SQLite's advice for long-lived connections: PRAGMA optimize at open and then now and again.
const OPTIMIZE_EVERY_MS = 10 * 60 * 1000;

// The pg pool behind a PostgreSQL Db, for /metrics (total, idle, waiting clients).
export const pools = new WeakMap<Db, pg.Pool>();

// countQueries: count each statement for the request running it (tests, diagnostics; see query-count.ts).
// sqliteGroupCommit (default on): concurrent units of work share a transaction and its COMMIT (group-commit.ts).
// sqlitePackedRows (default on): a SELECT's rows come back as one JSON text (packed-rows.ts).
// sqliteReadThreads (default none): threads that run the costly packed SELECTs (sqlite-threads.ts, sqlite-driver.ts);
// the configuration sets it. offloadMinMs (tests): offload every read that costs at least this.
export function openDb(
  config: Pick<Config, "dataDir" | "databaseUrl"> &
    Partial<Pick<Config, "sqliteGroupCommit" | "sqliteCacheMb" | "sqlitePackedRows" | "sqliteReadThreads">>,
  options: { countQueries?: boolean; offloadMinMs?: number } = {},
): DbHandle {
  const log = options.countQueries ? countQuery : undefined;
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process:
    // the pool discards it and the next query opens a new one.
    pool.on("error", (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
    // A client checked out between two statements of a transaction hears of a restart as an 'error' event with
    // no query to reject; without a listener that event would end the process. The statement that follows fails
    // instead, the request answers 503 and the pool replaces the client.
    pool.on("connect", (client) => {
      client.on("error", (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
      nameStatementsOf(client);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    pools.set(db, pool);
    return { db, dialect: "postgres", destroy: () => db.destroy() };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, "takt.sqlite");
  // The database holds password hashes and secrets: readable by its owner only. SQLite gives its -wal and -shm
  // files the database file's own permissions.
  fs.closeSync(fs.openSync(file, "a", 0o600));
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Another user's file (a read-only tool run as someone else): leave its permissions to its owner.
  }
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  const groupCommit = config.sqliteGroupCommit ?? true;
  // An acknowledged write survives kill -9 and power loss alike. FULL syncs the WAL inside every COMMIT, on the
  // event loop; with group commit the WAL is flushed off the loop instead, and nothing is acknowledged before the
  // flush that covers it (wal-sync.ts).
  sqlite.pragma(groupCommit ? "synchronous = NORMAL" : "synchronous = FULL");
  const walSync = groupCommit ? new WalSync(`${file}-wal`, () => sqlite.inTransaction) : undefined;
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // A negative cache_size is in KiB.
  const packed = config.sqlitePackedRows ?? true;
  // Reads go to the threads only as packed statements (one JSON text each).
  const readThreads = packed ? (config.sqliteReadThreads ?? 0) : 0;
  // The page cache is shared out between the server's connection and the read threads' (each counts in the
  // process's resident memory): the costly reads, and the pages they keep, are on the threads.
  const cacheKib = Math.max(
    512,
    Math.floor(((config.sqliteCacheMb ?? DEFAULT_SQLITE_CACHE_MB) * 1024) / (1 + readThreads)),
  );
  sqlite.pragma(`cache_size = -${cacheKib}`);
  registerSearchFunctions(sqlite);
  // Planner statistics (sqlite_stat1) for tables that lack them or grew tenfold, cheaply (bounded sampling):
  // without them SQLite reads a whole workspace's tasks for a search instead of the full-text matches.
  sqlite.pragma("analysis_limit = 400");
  sqlite.pragma("optimize = 0x10002");
  const optimizer = setInterval(() => sqlite.open && sqlite.pragma("optimize"), OPTIMIZE_EVERY_MS);
  optimizer.unref();
  const threads = new SqliteThreads(sqlite, file, { readThreads, cacheKib });
  const db = new Kysely<Database>({
    dialect: new ThreadedSqliteDialect({
      statements: cachingStatements(sqlite, packed, walSync),
      threads,
      offloadMinMs: options.offloadMinMs,
    }),
    log,
  });
  if (walSync) {
    const totalChanges = sqlite.prepare("select total_changes()").pluck();
    enableGroupCommit(db, () => Number(totalChanges.get()), walSync);
    registerWalSync(db, walSync);
  }
  return {
    db,
    dialect: "sqlite",
    threads,
    destroy: async () => {
      clearInterval(optimizer);
      // What a command line run wrote is on disk before it says it is done.
      await walSync?.durable()?.catch(() => {});
      // The driver closes the threads, then the connection.
      await db.destroy();
      walSync?.close();
    },
  };
}

// Kysely prepares every query it runs, and better-sqlite3 compiles a statement on each prepare(): a bounded LRU
// reuses compiled statements by their SQL text (Kysely only runs them to completion, never two at once). With
// `packed`, a SELECT reads its rows as one JSON text (packed-rows.ts). With `sync`, every statement that can
// write or end a transaction tells it when it has run, so it knows of each commit (wal-sync.ts).
const STATEMENT_CACHE_SIZE = 500;
const ENDS_TRANSACTION = /^\s*(commit|end|release|rollback)\b/i;
function cachingStatements(sqlite: SQLite.Database, packed: boolean, sync?: WalSync) {
  const cache = new Map<string, Reader>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        const plain = sqlite.prepare(sql);
        statement = (packed ? packedReader(sqlite, sql, plain) : undefined) ?? plain;
        if (sync && (!plain.readonly || ENDS_TRANSACTION.test(sql)))
          statement = tracked(statement, !plain.readonly, sync);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

// A statement that reports to the WAL flusher after it runs (whether it succeeded or not: a failed statement can
// still end the transaction it was in).
function tracked(statement: Reader, writes: boolean, sync: WalSync): Reader {
  return {
    reader: statement.reader,
    all(parameters) {
      try {
        return statement.all(parameters);
      } finally {
        sync.afterStatement(writes);
      }
    },
    run(parameters) {
      try {
        return statement.run(parameters);
      } finally {
        sync.afterStatement(writes);
      }
    },
    *iterate(parameters) {
      try {
        yield* statement.iterate(parameters);
      } finally {
        sync.afterStatement(writes);
      }
    },
  };
}

// Applies pending migrations. On a schema a newer release has expanded, an older node runs as it is (onNewer
// hears which migrations it does not know); on one a newer release has contracted it refuses with a message
// naming both releases (SchemaTooNewError).
export async function migrateToLatest(
  db: Db,
  options: { onNewer?: (unknown: SchemaRelease[]) => void } = {},
): Promise<string[]> {
  const compatibility = await schemaCompatibility(db, Object.keys(migrations).sort());
  if (compatibility.mode === "newer") {
    options.onNewer?.(compatibility.unknown);
    return [];
  }
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  await recordReleases(db, migrations);
  const applied = (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
  // SQLite: statistics for what the migrations created. The open's PRAGMA optimize ran before them, and an index
  // with no sqlite_stat1 row is taken for a very selective one: a new index on (workspace_gid, …) made a text
  // search over 100,000 tasks read and sort the whole workspace instead of walking it newest first (48 → 1.4 ms).
  if (applied.length > 0 && db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`pragma optimize = 0x10002`.execute(db);
  }
  return applied;
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const all = await migrator.getMigrations();
  return all.filter((migration) => !migration.executedAt).map((migration) => migration.name);
}

// A transaction, or the one already open: code that may run inside a unit of work joins it instead of
// opening a second (which SQLite's single connection could never grant).
export function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}
