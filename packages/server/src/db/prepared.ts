import { type Compilable, CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./schema.ts";

// Statements a request runs every time (its credential, the rows and events of a write): Kysely builds an
// operation tree and compiles it to SQL for every call, which costs more CPU than SQLite takes to run a lookup by
// key. A prepared query is built and compiled once per dialect, with a marker where each named value goes, and
// then run with the values alone (the SQLite statement cache in db/index.ts reuses its compiled statement too).
// It runs through the same executor: in the caller's transaction, counted and logged like any other query.
// `build` must not look at the values (they are markers when it runs) and must name the same columns every time.

class Slot {
  constructor(readonly name: string) {}
}

type Db = Kysely<Database>;
type Template = { sql: string; values: (Slot | unknown)[] };

export interface Prepared<P, R> {
  // Every row the query answers.
  all(db: Db, params: P): Promise<R[]>;
  first(db: Db, params: P): Promise<R | undefined>;
  // A write: how many rows it changed.
  run(db: Db, params: P): Promise<number>;
}

// `names`: the values the query takes; `build` receives an object with a marker for each.
export function prepared<P extends object, R>(
  names: readonly (keyof P & string)[],
  build: (db: Db, params: P) => Compilable<R>,
): Prepared<P, R> {
  // By the dialect's adapter, which every transaction of a database shares (SQLite and PostgreSQL differ).
  const templates = new WeakMap<object, Template>();
  const markers = Object.fromEntries(names.map((name) => [name, new Slot(name)])) as unknown as P;
  const compiled = (db: Db, params: P): CompiledQuery<R> => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      const query = build(db, markers).compile();
      template = { sql: query.sql, values: [...query.parameters] };
      templates.set(adapter, template);
    }
    const values = template.values.map((value) =>
      value instanceof Slot ? (params as Record<string, unknown>)[value.name] : value,
    );
    return CompiledQuery.raw(template.sql, values) as CompiledQuery<R>;
  };
  return {
    async all(db, params) {
      return (await db.executeQuery(compiled(db, params))).rows;
    },
    async first(db, params) {
      return (await db.executeQuery(compiled(db, params))).rows[0];
    },
    async run(db, params) {
      return Number((await db.executeQuery(compiled(db, params))).numAffectedRows ?? 0);
    },
  };
}
