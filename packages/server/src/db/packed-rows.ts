import type SQLite from "better-sqlite3";

// better-sqlite3 makes a JavaScript object for each row with a property for each column, one cell at a time
// (~0.3 µs a cell on the benchmark machine): for a page of 100 tasks and its related rows that is more CPU than
// SQLite takes to find them. A SELECT therefore runs as a one-row statement that hands the rows over as a single
// JSON text, `select json_group_array(json_array(<columns>)) from (<the statement>)`, which V8's JSON.parse reads
// several times faster than the cells arrive one by one; each row's object is then made by a function compiled
// for its column list (one object literal: the same hidden class for every row). The statement inside is the
// same text with the same parameters, so its plan, its order and its rows are unchanged.
//
// JSON numbers carry 15 significant digits in SQLite: a REAL goes over as printf('%!.17g'), which round-trips
// exactly, and is read back with Number(). A column that is an expression (a count, an exists, a sum) has no
// declared type, so its value goes with a flag saying whether it was a REAL. A statement that names two columns
// alike, holds a BLOB or uses JSON functions of its own is left as it is.

export interface Reader {
  readonly reader: boolean;
  // A packed SELECT, for running elsewhere (a read thread, sqlite-threads.ts): its one-cell statement, how its text
  // becomes rows, and what it has cost (ms, a moving average of its runs wherever they ran).
  packed?: Packed;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): SQLite.RunResult;
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
}

const REAL = /REAL|FLOA|DOUB/i;
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

// printf writes an infinity as "Inf" or "-Inf" (a NaN is stored as NULL).
const real = (text: string) => {
  const number = Number(text);
  return Number.isNaN(number) && /inf/i.test(text) ? (text.startsWith("-") ? -Infinity : Infinity) : number;
};

export interface Packed {
  readonly sql: string;
  decode(text: string): unknown[];
  cost: number;
}

// The weight of the latest run in a statement's cost.
const COST_WEIGHT = 0.2;
export function noteCost(packed: Packed, ms: number): void {
  packed.cost += (ms - packed.cost) * COST_WEIGHT;
}

// A statement whose expression reaches a BLOB cannot be packed (JSON has no bytes): it goes unpacked from then on,
// wherever it ran.
export function cannotPack(error: unknown): boolean {
  return /JSON cannot hold BLOB/i.test(String(error));
}

// How each cell comes back: 0 as JSON gave it, 1 a REAL as text, 2 an expression followed by its REAL flag.
type Decode = 0 | 1 | 2;

export function packedReader(sqlite: SQLite.Database, sql: string, plain: SQLite.Statement): Reader | undefined {
  if (!plain.reader || !/^\s*(select|with)\b/i.test(sql) || /json/i.test(sql)) return undefined;
  const columns = plain.columns();
  const names = columns.map((column) => column.name);
  if (names.length === 0 || new Set(names).size !== names.length) return undefined;
  if (columns.some((column) => column.type !== null && /BLOB|BYTEA/i.test(column.type))) return undefined;
  const decode: Decode[] = columns.map((column) => (column.type === null ? 2 : REAL.test(column.type) ? 1 : 0));
  const cells = columns.flatMap((column, index) => {
    const ref = quoted(column.name);
    const text = `iif(${ref} is null, null, printf('%!.17g', ${ref}))`;
    if (decode[index] === 0) return [ref];
    if (decode[index] === 1) return [text];
    return [`iif(typeof(${ref}) = 'real', ${text}, ${ref})`, `typeof(${ref}) = 'real'`];
  });
  // A statement SQLite would flatten into the aggregate would compute an expression once for each mention of it
  // (three here): behind a LIMIT it stays a subquery that computes each column once per row.
  const source = decode.includes(2) ? `(select * from (${sql}) limit -1)` : `(${sql})`;
  const packedSql = `select json_group_array(json_array(${cells.join(", ")})) from ${source}`;
  let packed: SQLite.Statement;
  try {
    packed = sqlite.prepare(packedSql).pluck();
  } catch {
    return undefined;
  }
  // Where each column's cell sits in the JSON row (an expression takes two: value, flag).
  const at: number[] = [];
  let cell = 0;
  for (const kind of decode) {
    at.push(cell);
    cell += kind === 2 ? 2 : 1;
  }
  const reals = decode.some((kind) => kind !== 0);
  // One object literal per column list: new Function is the one way to write it without a loop of assignments.
  const make = new Function(
    "a",
    `return {${names.map((name, index) => `${JSON.stringify(name)}: a[${at[index]}]`).join(", ")}};`,
  ) as (cells: unknown[]) => Record<string, unknown>;
  const decodeText = (text: string): unknown[] => {
    const rows = JSON.parse(text) as unknown[][];
    const out = new Array(rows.length);
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index];
      if (reals) {
        for (let column = 0; column < decode.length; column++) {
          const kind = decode[column];
          const position = at[column];
          if (kind === 1) {
            if (row[position] !== null) row[position] = real(row[position] as string);
          } else if (kind === 2 && row[position + 1] === 1) row[position] = real(row[position] as string);
        }
      }
      out[index] = make(row);
    }
    return out;
  };
  const reader: Reader = {
    reader: true,
    packed: { sql: packedSql, decode: decodeText, cost: 0 },
    all(parameters) {
      if (!reader.packed) return plain.all(parameters);
      let text: string;
      const started = performance.now();
      try {
        text = packed.get(parameters) as string;
      } catch (error) {
        if (!cannotPack(error)) throw error;
        reader.packed = undefined;
        return plain.all(parameters);
      }
      noteCost(reader.packed, performance.now() - started);
      return decodeText(text);
    },
    run: (parameters) => plain.run(parameters),
    iterate: (parameters) => plain.iterate(parameters) as IterableIterator<unknown>,
  };
  return reader;
}
