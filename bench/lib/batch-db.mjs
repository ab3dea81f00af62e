// A Kysely instance on which the server's own commands run unchanged, but many of them share one database
// transaction: the driver turns each command's BEGIN/COMMIT into nothing, and the seeder opens and commits an
// outer transaction every few hundred commands (a commit per command would make 100,000 tasks take an hour
// of fsyncs). The rows and events written are the commands' own; only the transaction boundaries differ.
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { registerSearchFunctions } from "../../packages/server/src/db/search-text.ts";

class BatchedDriver {
  constructor(inner) {
    this.inner = inner;
    this.failed = null;
  }
  init() {
    return this.inner.init();
  }
  acquireConnection() {
    return this.inner.acquireConnection();
  }
  async beginTransaction() {}
  async commitTransaction() {}
  // A command that fails would have rolled back alone; here its partial writes share the batch, so the batch
  // must not commit: remember the failure and let the caller roll the whole batch back.
  async rollbackTransaction() {
    this.failed = new Error("a command failed inside a batch");
  }
  releaseConnection(connection) {
    return this.inner.releaseConnection(connection);
  }
  destroy() {
    return this.inner.destroy();
  }
}

function batched(dialect) {
  let driver = null;
  return {
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => {
        driver = new BatchedDriver(dialect.createDriver());
        return driver;
      },
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
    },
    driver: () => driver,
  };
}

// Kysely's SQLite driver prepares every statement anew (a fifth of the seeder's time): reuse them by SQL text.
function cachingPrepare(sqlite) {
  const statements = new Map();
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === "prepare") {
        return (text) => {
          let statement = statements.get(text);
          if (!statement) {
            if (statements.size > 2000) statements.clear();
            statement = target.prepare(text);
            statements.set(text, statement);
          }
          return statement;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// { db, dialect, batch(work), destroy() }: batch runs work inside one real transaction.
export function openBatchedDb({ dataDir, databaseUrl }) {
  if (databaseUrl) {
    // One connection, so every statement of a batch runs inside the outer transaction.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, idleTimeoutMillis: 0 });
    const wrapped = batched(new PostgresDialect({ pool }));
    const db = new Kysely({ dialect: wrapped.dialect });
    return {
      db,
      dialect: "postgres",
      async batch(work) {
        await sql`begin`.execute(db);
        try {
          const result = await work();
          if (wrapped.driver()?.failed) throw wrapped.driver().failed;
          await sql`commit`.execute(db);
          return result;
        } catch (error) {
          await sql`rollback`.execute(db).catch(() => {});
          throw error;
        }
      },
      destroy: () => db.destroy(),
    };
  }
  const sqlite = new SQLite(path.join(dataDir, "takt.sqlite"));
  // The server's pragmas (db/index.ts).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  registerSearchFunctions(sqlite);
  const wrapped = batched(new SqliteDialect({ database: cachingPrepare(sqlite) }));
  const db = new Kysely({ dialect: wrapped.dialect });
  return {
    db,
    dialect: "sqlite",
    async batch(work) {
      sqlite.exec("BEGIN IMMEDIATE");
      try {
        const result = await work();
        if (wrapped.driver()?.failed) throw wrapped.driver().failed;
        sqlite.exec("COMMIT");
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
        throw error;
      }
    },
    destroy: () => db.destroy(),
  };
}
