import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "../src/db/index.ts";
import { packedAnswers } from "../src/db/pg-packed.ts";

const onPostgres = (process.env.TAKT_TEST_DB ?? "sqlite") === "postgres";

// PostgreSQL answers read as one JSON text (db/pg-packed.ts) give the rows node-postgres gives row by row: the same
// values of the same types, in the same order. Two servers' connections to one database, packed and not, compare.
describe.runIf(onPostgres)("PostgreSQL rows read as one JSON text", () => {
  const adminUrl = process.env.TAKT_TEST_PG_URL ?? "";
  const name = `takt_packed_${process.pid}`;
  let dir: string;
  let packed: DbHandle;
  let plain: DbHandle;
  type Any = Kysely<Record<string, Record<string, unknown>>>;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-pg-packed-"));
    packed = openDb({ dataDir: dir, databaseUrl: url.toString(), postgresPackedRows: true });
    plain = openDb({ dataDir: dir, databaseUrl: url.toString(), postgresPackedRows: false });
    await sql`create table kinds (
      id int4 primary key, big int8, small int2, ratio float8, tiny float4, amount numeric, title text,
      code varchar(8), flag bool, doc json, docb jsonb, labels text[], counts int8[], at timestamptz, day date,
      raw bytea
    )`.execute(packed.db);
    await sql`insert into kinds values
      (1, 379171167576620, 7, 0.1::float8 + 0.2::float8, 1.5, 12.50, 'Счёт "€" \\ line
two', 'A1', true, '{"a":[1,2]}', '{"b":null}', '{x,"y z"}', '{1,2}', '2026-12-07T10:00:00Z', '2026-12-07', '\\x00ff'),
      (2, null, null, 'Infinity', 'NaN', null, null, null, false, null, null, null, null, null, null, null),
      (3, -1, 0, -0.5, 0, 0, '', '', null, '[]', '[]', '{}', '{}', null, null, null)`.execute(packed.db);
  }, 60_000);

  afterAll(async () => {
    await packed?.destroy();
    await plain?.destroy();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Each statement runs twice on the packed connection: its first run (read as it is) decides its packed form.
  // `packs`: whether the second run is read packed.
  async function both(query: (db: Any) => Promise<unknown>, packs = true) {
    const expected = await query(plain.db as unknown as Any);
    await query(packed.db as unknown as Any);
    const before = packedAnswers.count;
    expect(await query(packed.db as unknown as Any)).toEqual(expected);
    expect(packedAnswers.count - before).toBe(packs ? 1 : 0);
    return expected;
  }

  it("reads every column type as node-postgres does, nulls, floats' infinities and order included", async () => {
    const rows = (await both((db) =>
      db
        .selectFrom("kinds")
        .select(["id", "big", "small", "ratio", "tiny", "title", "code", "flag"])
        .orderBy("id", "desc")
        .execute(),
    )) as Record<string, unknown>[];
    expect(rows.map((row) => row.id)).toEqual([3, 2, 1]);
    expect(rows[2]).toMatchObject({ big: 379171167576620, ratio: 0.30000000000000004, title: 'Счёт "€" \\ line\ntwo' });
    expect(rows[1]).toMatchObject({ ratio: Number.POSITIVE_INFINITY, tiny: Number.NaN, flag: false });
    await both((db) => db.selectFrom("kinds").select(["id", "doc", "docb", "labels"]).orderBy("id").execute());
    // Types JSON would read differently go row by row: numeric (a string), timestamps and dates, bytea, int8[].
    const mixed = (await both(
      (db) => db.selectFrom("kinds").select(["id", "amount", "at", "day", "raw", "counts"]).orderBy("id").execute(),
      false,
    )) as Record<string, unknown>[];
    expect(mixed[0].amount).toBe("12.50");
    expect(mixed[0].at).toBeInstanceOf(Date);
    expect(Buffer.isBuffer(mixed[0].raw)).toBe(true);
  });

  it("answers counts, empty results, joins naming a column twice, and statements inside a transaction alike", async () => {
    await both((db) => sql`select count(*) as n, max(id) as top from kinds`.execute(db).then((r) => r.rows));
    // Every column of the table: numeric, timestamps and bytea among them, so row by row.
    await both((db) => db.selectFrom("kinds").selectAll().where("id", ">", 100).execute(), false);
    await both((db) => db.selectFrom("kinds").select(["id", "title"]).where("id", ">", 100).execute());
    await both((db) =>
      sql`select a.id, b.id, a.title as t, b.title as takt_row from kinds a join kinds b on b.id = a.id + 1 order by a.id`
        .execute(db)
        .then((r) => r.rows),
    );
    // A WITH that writes stays at the top level: it runs as it is, every time.
    for (let run = 0; run < 2; run++) {
      const touched =
        await sql`with touched as (update kinds set code = code where id = 3 returning id) select id from touched`.execute(
          packed.db,
        );
      expect(touched.rows).toEqual([{ id: 3 }]);
    }
    const inside = await packed.db.transaction().execute(async (trx) => {
      await sql`insert into kinds (id, title) values (4, 'uncommitted')`.execute(trx);
      const seen = [];
      for (let run = 0; run < 2; run++) {
        seen.push((await (trx as unknown as Any).selectFrom("kinds").select("title").where("id", "=", 4).execute())[0]);
      }
      await sql`delete from kinds where id = 4`.execute(trx);
      return seen;
    });
    expect(inside).toEqual([{ title: "uncommitted" }, { title: "uncommitted" }]);
  });
});
