import type pg from "pg";
import { nameStatement, statementName } from "./pg-named.ts";

// PostgreSQL's rows as one JSON text (as packed-rows.ts does on SQLite). node-postgres reads each row of an answer
// cell by cell in JavaScript (a string per cell, a type parser, an object per row): for a page of tasks and its
// related rows that is more of the event loop's time than the database takes to find them. A SELECT therefore runs
// as `select coalesce(json_agg(takt_row.*), '[]')::text from (<the statement>) as takt_row`, which the database
// writes in C and V8's JSON.parse reads in one pass, each row already an object named as the statement names its
// columns (`takt_row.*` is the whole row even when the statement names a column takt_row). The statement inside is
// the same text with the same parameters, so its plan, its order and its rows are unchanged.
//
// Only answers whose every column comes back the same way are packed: a statement runs as it is once, and its
// columns' types decide. Integers, floats, text, booleans, json and text arrays read the same from JSON as from
// node-postgres (this server reads int8 as a number); numeric (a string in node-postgres), dates and timestamps
// (Date objects), bytea (a Buffer) and other arrays do not, and such a statement is never packed. A float's
// Infinity or NaN, which JSON writes as a string, is turned back into a number. A statement that locks rows, or a WITH
// that writes, is left as it is.

const OIDS = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
} as const;
const SAME_FROM_JSON = new Set<number>([
  OIDS.bool,
  OIDS.int8,
  OIDS.int2,
  OIDS.int4,
  OIDS.text,
  OIDS.oid,
  OIDS.json,
  OIDS.float4,
  OIDS.float8,
  18, // "char"
  19, // name
  1009, // text[]
  1015, // varchar[]
  1042, // bpchar
  1043, // varchar
  2950, // uuid
  3802, // jsonb
]);
const FLOATS = new Set<number>([OIDS.float4, OIDS.float8]);

const SELECT = /^\s*(select|with)\b/i;
// A WITH that writes must stay at the top level of its statement.
const WRITES = /\b(insert|update|delete|merge)\b/i;
const LOCKS = /\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b|\bskip\s+locked\b|\bnowait\b/i;

interface Plan {
  packed: string;
  // Columns that may come back as "Infinity" or "NaN" strings.
  floats: string[];
}

// By statement text: its packed form, or null when it is read as it is. Bounded like the statement names.
const plans = new Map<string, Plan | null>();
// Answers read packed since the process started (tests, diagnostics).
export const packedAnswers = { count: 0 };
const PLANS_KEPT = 4000;

type Query = (...args: unknown[]) => unknown;
interface Answer {
  command: string;
  rowCount: number | null;
  rows: Record<string, unknown>[];
  fields?: { name: string; dataTypeID: number }[];
}

function planFor(text: string, answer: Answer): Plan | null {
  const fields = answer.fields ?? [];
  if (answer.command !== "SELECT" || fields.length === 0) return null;
  if (!fields.every((field) => SAME_FROM_JSON.has(field.dataTypeID))) return null;
  const packed = `select coalesce(json_agg(takt_row.*), '[]')::text as rows from (${text}) as takt_row`;
  // A statement named for preparing (pg-named.ts) keeps a name in its packed form.
  if (statementName(text)) nameStatement(packed);
  return { packed, floats: fields.filter((field) => FLOATS.has(field.dataTypeID)).map((field) => field.name) };
}

// Gives a connection's plain `query(text, values)` calls (Kysely's) packed answers where they read the same.
export function packRowsOf(client: pg.PoolClient): void {
  const inner = client.query.bind(client) as Query;
  const run = async (text: string, values: unknown[]) => {
    const plan = plans.get(text);
    if (plan === undefined) {
      const answer = (await inner(text, values)) as Answer;
      if (plans.size < PLANS_KEPT) plans.set(text, planFor(text, answer));
      return answer;
    }
    if (plan === null) return inner(text, values);
    const answer = (await inner(plan.packed, values)) as Answer;
    const rows = JSON.parse(answer.rows[0].rows as string) as Record<string, unknown>[];
    packedAnswers.count += 1;
    if (plan.floats.length > 0) {
      for (const row of rows) {
        for (const name of plan.floats) {
          if (typeof row[name] === "string") row[name] = Number(row[name]);
        }
      }
    }
    return { command: "SELECT", rowCount: rows.length, rows };
  };
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (
      typeof text === "string" &&
      Array.isArray(values) &&
      callback === undefined &&
      SELECT.test(text) &&
      !LOCKS.test(text) &&
      !(/^\s*with\b/i.test(text) && WRITES.test(text))
    ) {
      return run(text, values);
    }
    return inner(...args);
  };
}
