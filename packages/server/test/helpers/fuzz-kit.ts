import { createHash } from "node:crypto";
import fc from "fast-check";
import { sql } from "kysely";
import { expect } from "vitest";
import type { TestApp } from "./test-app.ts";

// Shared by the fuzz suites: how long a run is, what odd input is made of, what the database holds, and
// what a well-formed answer looks like.

// TAKT_FUZZ_RUNS set (npm run fuzz): long runs of TAKT_FUZZ_RUNS cases per property. Unset: the bounded
// run of npm test. TAKT_FUZZ_SEED replays a run; a failure names its seed.
export const LONG_RUN = process.env.TAKT_FUZZ_RUNS !== undefined && process.env.TAKT_FUZZ_RUNS !== "";
export const FUZZ_RUNS = Number(process.env.TAKT_FUZZ_RUNS || 100);
export const FUZZ_SEED = Number(process.env.TAKT_FUZZ_SEED || Math.floor(Math.random() * 2 ** 31));
// A request that gets no answer in this time is a hang, whatever the machine's load.
export const REQUEST_TIMEOUT_MS = 30_000;

// ---------- odd input ----------

export const unicodeSamples = [
  "\u202eRTL override\u202c",
  "שלום עולם",
  "مرحبا بالعالم",
  "Привет, мир",
  "😀👩‍👩‍👧‍👦🏳️‍🌈",
  "e\u0301\u0302\u0303\u0304\u0305\u0306\u0307", // combining marks
  "Z̴̡̛͓̗a̸̢̗͖l̵̨͎g̶̰̈o̷̧̐",
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
  "a\ud83dz", // half an emoji
  "\ufeffBOM",
  "\u200b\u200c\u200d", // zero-width
  "\u0000",
  "\u0001\u001f\u007f",
  "\uffff\ufffe",
  "𝕳𝖊𝖑𝖑𝖔",
];

export const unicodeString = fc.oneof(
  fc.constantFrom(...unicodeSamples),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...unicodeSamples), maxLength: 5 }),
);

// Ids a client might send: malformed, out of range, or of another kind.
export const badIds = [
  "0",
  "-1",
  "-9007199254740993",
  "1.5",
  "1e3",
  "0x10",
  "abc",
  "me",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  " 1",
  "1 ",
  "0012",
  "9007199254740993",
  "99999999999999999999",
  "1".repeat(400),
  "1".repeat(600), // past the router's parameter length
  "١٢٣", // Arabic-Indic digits
  "１２３", // full-width digits
  "😀",
  "\u202e123",
  "e\u0301",
  "%",
  "%00",
  "%2F",
  "..",
  "../1",
  "1;DROP TABLE tasks",
  "' OR 1=1 --",
];

export const hugeString = fc.constantFrom(1_000, 65_536, 1_048_576).map((length) => "x".repeat(length));

// JSON nested 10,000 levels deep, as text (JSON.stringify would need the object first).
export function deepJson(levels: number, kind: "object" | "array"): string {
  return kind === "object"
    ? `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`
    : `${"[".repeat(levels)}1${"]".repeat(levels)}`;
}

const numberish = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -0),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

// Any JSON value, now and then a huge string or odd unicode.
export const { junk } = fc.letrec<{ junk: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    numberish,
    fc.string({ maxLength: 20 }),
    unicodeString,
    fc.constantFrom(...badIds),
    fc.constantFrom("2024-02-30", "2024-13-01", "yesterday", "2024-01-01T25:00:00Z", "", " "),
    fc.constantFrom("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "__proto__", "constructor"),
  ),
  junk: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("leaf"),
    tie("leaf"),
    fc.array(tie("junk"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie("junk"), { maxKeys: 4 }),
  ),
}));

// ---------- the database, to compare before and after ----------

// Tables that rightly change on a refused request: sign-in sessions, throttle counters (a failed sign-in
// counts towards lockout, a refused form submission towards its limit) and the audit log (a refused sign-in
// is recorded), and the server's own secret key, generated once, on the first request that needs it.
// Token use times change on every request.
const VOLATILE_TABLES = new Set(["sessions", "throttles", "audit_log_events", "server_secrets"]);
const VOLATILE_COLUMNS = new Set(["last_used_at"]);

// One digest per table: its row count and a hash of all its rows in a stable order.
// audit: compare the audit log too, for requests that must leave no trace there either (task writes).
export async function snapshot(t: TestApp, options: { audit?: boolean } = {}): Promise<Map<string, string>> {
  const db = t.handle.db;
  const skipped = (name: string) => VOLATILE_TABLES.has(name) && !(options.audit && name === "audit_log_events");
  const tables = (await db.introspection.getTables()).filter(
    (table) => !table.name.startsWith("kysely_") && !skipped(table.name) && !table.isView,
  );
  if (t.handle.dialect === "postgres") {
    // One round trip: PostgreSQL hashes every table itself.
    const parts = tables.map((table) => {
      const drop = table.columns
        .filter((column) => VOLATILE_COLUMNS.has(column.name))
        .map((column) => sql` - ${sql.lit(column.name)}`);
      const row = sql`(to_jsonb(x)${sql.join(drop, sql``)})::text`;
      return sql`select ${sql.lit(table.name)} as name, count(*)::text || ' ' || md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) as digest from ${sql.table(table.name)} x`;
    });
    const result = await sql<{ name: string; digest: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
    return new Map(result.rows.map((row) => [row.name, row.digest]));
  }
  const digests = await Promise.all(
    tables.map(async (table) => {
      const columns = table.columns
        .filter((column) => !VOLATILE_COLUMNS.has(column.name))
        .map((column) => sql.ref(column.name));
      const rows = await sql<
        Record<string, unknown>
      >`select ${sql.join(columns)} from ${sql.table(table.name)}`.execute(db);
      const lines = rows.rows.map((row) => JSON.stringify(Object.values(row))).sort();
      return [table.name, `${lines.length} ${createHash("sha1").update(lines.join("\n")).digest("hex")}`] as const;
    }),
  );
  return new Map(digests);
}

// The tables whose rows differ, to name them when a refused request wrote something.
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

// ---------- answers ----------

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
  body: any;
}

// One request with a deadline; the body is sent exactly as given.
export async function request(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string | Buffer | FormData },
): Promise<RawAnswer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text, body };
}

// A 2xx, or a 4xx carrying Asana's {"errors":[{"message"}]}; never a 5xx.
export function expectWellFormed(answer: { status: number; body: any }, what: string) {
  const context = `${what} -> ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`;
  expect(answer.status, context).toBeGreaterThanOrEqual(200);
  expect(answer.status, context).toBeLessThan(500);
  expect(answer.status >= 300 && answer.status < 400, context).toBe(false);
  if (answer.status >= 400) {
    expect(answer.body?.errors?.[0]?.message, context).toEqual(expect.any(String));
    expect(answer.body.errors[0].message.length, context).toBeGreaterThan(0);
  }
}

// What to print so a failure can be replayed: the beginning of long input only.
export function shown(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}
