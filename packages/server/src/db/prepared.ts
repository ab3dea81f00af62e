import { type Compilable, CompiledQuery, type Kysely, PostgresAdapter } from "kysely";
import { nameStatement } from "./pg-named.ts";
import type { Database } from "./schema.ts";

// Statements a request runs every time (its credential, the rows and events of a write, a task's visibility and
// the presenter's loads): Kysely builds an operation tree and compiles it to SQL for every call, which costs more
// CPU than SQLite takes to run a lookup by key. A prepared query is built and compiled once per dialect, with a
// marker where each named value goes, and then run with the values alone (the SQLite statement cache in
// db/index.ts reuses its compiled statement too). It runs through the same executor: in the caller's transaction,
// counted and logged like any other query.
// `build` must not look at the values (they are markers when it runs) and must name the same columns every time.
// A list value (`lists`, for `in (…)`) is a marker inside a one-item list while building: its placeholder is
// repeated once per item when the query runs (never with an empty list: the caller answers that case itself).

class Slot {
  constructor(
    readonly name: string,
    readonly list: boolean,
  ) {}
}

type Db = Kysely<Database>;
interface Template {
  sql: string;
  values: (Slot | unknown)[];
  // With list values: the SQL around each placeholder, and the SQL already written for each combination of list
  // lengths (a page of 100 and the single task of a get differ, and SQLite keeps one statement per text).
  pieces?: string[];
  postgres: boolean;
  expanded?: Map<string, string>;
}

export interface Prepared<P, R> {
  // Every row the query answers.
  all(db: Db, params: P): Promise<R[]>;
  first(db: Db, params: P): Promise<R | undefined>;
  // A write: how many rows it changed.
  run(db: Db, params: P): Promise<number>;
}

const EXPANSIONS_KEPT = 64;

// The SQL around each placeholder: `?` on SQLite, `$1`, `$2`… in order on PostgreSQL. The statements are our own,
// so a placeholder character inside a literal would be a mistake to refuse at once, not to guess around.
function splitAtPlaceholders(sql: string, count: number, postgres: boolean): string[] {
  const pieces = postgres ? sql.split(/\$\d+/) : sql.split("?");
  const numbers = postgres ? [...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])) : [];
  const ordered = !postgres || numbers.every((number, index) => number === index + 1);
  if (pieces.length !== count + 1 || !ordered) {
    throw new Error(`prepared: cannot place list values in ${sql}`);
  }
  return pieces;
}

function expand(template: Template, lengths: number[]): string {
  const pieces = template.pieces as string[];
  let sql = pieces[0];
  let number = 0;
  let list = 0;
  const placeholder = () => (template.postgres ? `$${++number}` : "?");
  for (let index = 0; index < template.values.length; index++) {
    const value = template.values[index];
    if (value instanceof Slot && value.list) {
      const count = lengths[list++];
      for (let item = 0; item < count; item++) sql += item === 0 ? placeholder() : `, ${placeholder()}`;
    } else sql += placeholder();
    sql += pieces[index + 1];
  }
  return sql;
}

// `names`: the values the query takes; `build` receives an object with a marker for each.
export function prepared<P extends object, R>(
  names: readonly (keyof P & string)[],
  build: (db: Db, params: P) => Compilable<R>,
  options: { lists?: readonly (keyof P & string)[] } = {},
): Prepared<P, R> {
  // By the dialect's adapter, which every transaction of a database shares (SQLite and PostgreSQL differ).
  const templates = new WeakMap<object, Template>();
  const lists = new Set<string>(options.lists ?? []);
  const markers = Object.fromEntries(
    names.map((name) => [name, lists.has(name) ? [new Slot(name, true)] : new Slot(name, false)]),
  ) as unknown as P;
  const compiled = (db: Db, params: P): CompiledQuery<R> => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      const query = build(db, markers).compile();
      template = { sql: query.sql, values: [...query.parameters], postgres: adapter instanceof PostgresAdapter };
      // On PostgreSQL the statement is also parsed and planned once per connection (pg-named.ts).
      if (template.postgres && !lists.size) nameStatement(query.sql);
      if (lists.size) {
        template.pieces = splitAtPlaceholders(query.sql, query.parameters.length, template.postgres);
        template.expanded = new Map();
      }
      templates.set(adapter, template);
    }
    const given = params as Record<string, unknown>;
    if (!template.expanded) {
      const values = template.values.map((value) => (value instanceof Slot ? given[value.name] : value));
      return CompiledQuery.raw(template.sql, values) as CompiledQuery<R>;
    }
    const values: unknown[] = [];
    const lengths: number[] = [];
    for (const value of template.values) {
      if (!(value instanceof Slot)) values.push(value);
      else if (!value.list) values.push(given[value.name]);
      else {
        const items = given[value.name] as readonly unknown[];
        if (items.length === 0) throw new Error(`prepared: the list ${value.name} is empty`);
        lengths.push(items.length);
        for (const item of items) values.push(item);
      }
    }
    const key = lengths.join(",");
    let sql = template.expanded.get(key);
    if (sql === undefined) {
      sql = expand(template, lengths);
      if (template.expanded.size < EXPANSIONS_KEPT) {
        template.expanded.set(key, sql);
        if (template.postgres) nameStatement(sql);
      }
    }
    return CompiledQuery.raw(sql, values) as CompiledQuery<R>;
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

// A write whose columns are the ones its row has a value for (a new task's row, the columns an update changed): one
// prepared statement per set of columns, the SQL Kysely would write for that row. `keys` are values that are not
// columns written (the key an update goes by); `build` gets the columns written.
export function preparedRow<R extends object>(
  build: (db: Db, row: R, columns: (keyof R & string)[]) => Compilable<unknown>,
  keys: readonly (keyof R & string)[] = [],
): { run(db: Db, row: R): Promise<number> } {
  const variants = preparedVariants((signature: string) => {
    const columns = signature.split(",") as (keyof R & string)[];
    return prepared<R, unknown>([...keys, ...columns], (db, row) => build(db, row, columns));
  });
  return {
    run(db, row) {
      const columns = (Object.keys(row) as (keyof R & string)[]).filter(
        (column) => !keys.includes(column) && row[column] !== undefined,
      );
      return variants(columns.join(",")).run(db, row);
    },
  };
}

// A statement whose shape follows the request (the fields it asks for, whether a viewer filters it): one prepared
// query per variant, made when first asked for. A bounded number are kept (the oldest made is dropped first):
// variants named by a request's fields could otherwise grow without end.
const VARIANTS_KEPT = 64;

export function preparedVariants<K extends string | boolean, Q>(make: (variant: K) => Q): (variant: K) => Q {
  const made = new Map<K, Q>();
  return (variant) => {
    let query = made.get(variant);
    if (query === undefined) {
      query = make(variant);
      if (made.size >= VARIANTS_KEPT) made.delete(made.keys().next().value as K);
      made.set(variant, query);
    }
    return query;
  };
}
