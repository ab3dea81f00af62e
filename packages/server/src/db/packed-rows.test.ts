import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "./index.ts";

// Rows read through the server's connection (where a SELECT comes back as one JSON text, packed-rows.ts) must be
// exactly the rows better-sqlite3 gives for the same statement on its own: the same values of the same types, in
// the same order.
let dataDir: string;
let handle: DbHandle;
let plain: SQLite.Database;

const ROWS = [
  { id: 1, r: 0.1 + 0.2, i: 9007199254740991, s: 'quote " and \\ and\nnewline' },
  { id: 2, r: 1 / 3, i: -42, s: "Привет, 🌍 \u2028 tab\t" },
  { id: 3, r: null, i: null, s: null },
  { id: 4, r: 3, i: 0, s: "" },
  { id: 5, r: -1.7976931348623157e308, i: 1, s: "5e-324" },
  { id: 7, r: Number.POSITIVE_INFINITY, i: 3, s: "Inf" },
  { id: 6, r: 5e-324, i: 2, s: "null" },
];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-packed-"));
  handle = openDb({ dataDir, databaseUrl: undefined });
  plain = new SQLite(path.join(dataDir, "takt.sqlite"));
  plain.exec("create table numbers (id integer primary key, r double precision, i bigint, s text)");
  const insert = plain.prepare("insert into numbers (id, r, i, s) values (@id, @r, @i, @s)");
  for (const row of ROWS) insert.run(row);
});

afterAll(async () => {
  plain.close();
  await handle.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function both(text: string, ...values: unknown[]) {
  const query = sql.raw(text);
  const packed = (await handle.db.executeQuery({ ...query.compile(handle.db), parameters: values })).rows;
  return { packed, plain: plain.prepare(text).all(...values) };
}

describe("rows read as one JSON text", () => {
  it("gives a table's columns exactly: REALs to the last digit, integers up to 2^53, text with any character", async () => {
    const { packed, plain: expected } = await both("select * from numbers order by id");
    expect(packed).toEqual(expected);
    expect(packed[0]).toEqual(ROWS[0]);
    expect((packed[0] as { r: number }).r).toBe(0.30000000000000004);
    expect((packed[4] as { r: number }).r).toBe(-1.7976931348623157e308);
  });

  it("gives expressions (counts, exists, arithmetic on REALs) as SQLite computed them", async () => {
    const text = `select id, r * 3 as tripled, (select count(*) from numbers as o where o.id < n.id) as before,
      exists (select 1 from numbers as o where o.r > n.r) as smaller, typeof(r) as kind, r + i as mixed
      from numbers as n order by id desc`;
    const { packed, plain: expected } = await both(text);
    expect(packed).toEqual(expected);
    expect(packed.map((row) => (row as { id: number }).id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect((packed.at(-1) as { tripled: number }).tripled).toBe((0.1 + 0.2) * 3);
  });

  it("keeps the statement's order, window and parameters", async () => {
    const text = "select id, s from numbers where id > ? order by s desc, id limit ? offset ?";
    const { packed, plain: expected } = await both(text, 1, 3, 1);
    expect(packed).toEqual(expected);
    expect(packed).toHaveLength(3);
  });

  it("answers an empty list for no rows, and a statement with a WITH clause", async () => {
    expect((await both("select id from numbers where id < 0")).packed).toEqual([]);
    const { packed, plain: expected } = await both(
      "with small(id) as (select id from numbers where id <= ?) select small.id, numbers.r from small join numbers using (id) order by small.id",
      2,
    );
    expect(packed).toEqual(expected);
  });

  it("reads as usual what one JSON text cannot carry: BLOBs and two columns of one name", async () => {
    const blob = await both("select id, zeroblob(3) as b from numbers where id = 1");
    expect(blob.packed).toEqual(blob.plain);
    expect(Buffer.isBuffer((blob.packed[0] as { b: unknown }).b)).toBe(true);
    const twice = await both("select a.id, b.id from numbers as a join numbers as b on b.id = a.id + 1 order by a.id");
    expect(twice.packed).toEqual(twice.plain);
  });
});
