import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
  SqliteDriver,
} from "kysely";
import { cannotPack, noteCost, type Reader } from "./packed-rows.ts";
import type { SqliteThreads } from "./sqlite-threads.ts";

// Kysely's SQLite driver with the costly reads on threads of their own (sqlite-threads.ts). SQLite has one
// connection here, run by one transaction at a time: Kysely's own driver locks it for whoever acquires it. This
// one locks it only for what must run on it — a transaction (from its BEGIN to its release), a write, a statement
// that cannot be packed — and sends a packed SELECT run outside a transaction to a read thread when it has cost
// more than OFFLOAD_MIN_MS on average: below that, posting it to a thread and back costs the event loop more than
// running it. A read outside a transaction sees the last committed state on either connection (WAL), never a
// transaction in progress: on the server's connection it waits for the lock, as it always did.
export const OFFLOAD_MIN_MS = 0.05;

// Beyond this many reads waiting on the least busy thread, a read runs on the server's connection instead (when no
// transaction holds it), so the thread's queue stays short (limits from 1 to 8 measured alike under load).
const QUEUE_LIMIT = 4;

interface Statements {
  prepare(sql: string): Reader;
  close(): void;
}

export interface ThreadedSqliteOptions {
  statements: Statements;
  threads?: SqliteThreads;
  // Tests: offload every packed read, however cheap.
  offloadMinMs?: number;
}

export class ThreadedSqliteDialect extends SqliteDialect {
  constructor(private readonly options: ThreadedSqliteOptions) {
    super({ database: options.statements as never });
  }

  override createDriver(): Driver {
    return new ThreadedSqliteDriver(this.options);
  }
}

class Lock {
  private held: Promise<void> | undefined;
  private free: (() => void) | undefined;

  get taken(): boolean {
    return this.held !== undefined;
  }

  async take(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise((resolve) => (this.free = resolve));
  }

  give(): void {
    const free = this.free;
    this.held = undefined;
    this.free = undefined;
    free?.();
  }
}

// Kysely's own driver for BEGIN, COMMIT, ROLLBACK and savepoints (each runs on the connection it is given, here a
// Lease); the connection is acquired, released and closed here.
class ThreadedSqliteDriver extends SqliteDriver {
  readonly lock = new Lock();
  readonly offloadMinMs: number;

  constructor(readonly options: ThreadedSqliteOptions) {
    super({ database: options.statements as never });
    this.offloadMinMs = options.offloadMinMs ?? OFFLOAD_MIN_MS;
  }

  override async init(): Promise<void> {}

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(this);
  }

  // Kysely hands back the connection it acquired (its SQLite driver's own signature leaves it out).
  override async releaseConnection(connection?: DatabaseConnection): Promise<void> {
    (connection as Lease | undefined)?.release();
  }

  override async destroy(): Promise<void> {
    await this.options.threads?.close();
    this.options.statements.close();
  }
}

// One acquisition of the connection: it takes the lock at its first statement that must run on the server's
// connection and holds it until released, so a transaction (or anything run on one acquired connection after
// such a statement) has the connection to itself.
class Lease implements DatabaseConnection {
  private locked = false;

  constructor(private readonly driver: ThreadedSqliteDriver) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiled;
    const statements = this.driver.options.statements;
    const threads = this.driver.options.threads;
    const statement = statements.prepare(sql);
    if (!this.locked) {
      const packed = statement.packed;
      if (
        threads?.reading &&
        packed &&
        packed.cost >= this.driver.offloadMinMs &&
        (threads.queued < QUEUE_LIMIT || this.driver.lock.taken) &&
        plainValues(parameters)
      ) {
        try {
          const { text, ms } = await threads.read(packed.sql, parameters);
          noteCost(packed, ms);
          return { rows: packed.decode(text) as R[] };
        } catch (error) {
          if (!cannotPack(error)) throw error;
          // As on the server's connection: unpacked from now on, and this time run there.
          statement.packed = undefined;
        }
      }
      await this.driver.lock.take();
      this.locked = true;
    }
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return {
      numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
      insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
      rows: [],
    };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error("Sqlite driver only supports streaming of select queries");
    if (!this.locked) {
      await this.driver.lock.take();
      this.locked = true;
    }
    for (const row of this.driver.options.statements.prepare(compiled.sql).iterate(compiled.parameters)) {
      yield { rows: [row as R] };
    }
  }

  release(): void {
    if (!this.locked) return;
    this.locked = false;
    this.driver.lock.give();
  }
}

// Numbers, strings, null: what a thread receives as the server's connection would (a Buffer would arrive as a
// plain Uint8Array, which better-sqlite3 does not bind).
function plainValues(parameters: readonly unknown[]): boolean {
  for (const value of parameters) {
    if (value !== null && typeof value === "object") return false;
  }
  return true;
}
