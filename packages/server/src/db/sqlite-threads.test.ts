import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "./index.ts";

const handles: { handle: DbHandle; dir: string }[] = [];
afterEach(async () => {
  for (const { handle, dir } of handles.splice(0)) {
    await handle.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Every packed read outside a transaction goes to the read thread (offloadMinMs 0).
function open(options: { threads?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-read-threads-"));
  const handle = openDb(
    { dataDir: dir, databaseUrl: undefined, sqliteReadThreads: options.threads ?? 1 },
    { offloadMinMs: 0 },
  );
  handles.push({ handle, dir });
  // The tests' own table, outside the schema the server knows.
  return { handle, db: handle.db as unknown as Kysely<Record<string, Record<string, unknown>>> };
}

describe("reads on a thread of their own (SQLite)", () => {
  it("answers reads as the server's connection would: rows, REALs to the last digit, NULLs, counts", async () => {
    const { handle, db } = open();
    await sql`create table notes (id integer primary key, title text, price real, done integer)`.execute(db);
    await db
      .insertInto("notes")
      .values([
        { id: 1, title: "Счёт €", price: 0.1 + 0.2, done: 1 },
        { id: 2, title: null, price: null, done: 0 },
      ])
      .execute();
    const before = handle.threads?.reads ?? 0;
    const rows = await db.selectFrom("notes").selectAll().orderBy("id").execute();
    expect(rows).toEqual([
      { id: 1, title: "Счёт €", price: 0.30000000000000004, done: 1 },
      { id: 2, title: null, price: null, done: 0 },
    ]);
    const counted = await sql<{
      n: number;
      total: number;
    }>`select count(*) as n, sum(price) as total from notes`.execute(db);
    expect(counted.rows).toEqual([{ n: 2, total: 0.30000000000000004 }]);
    expect((handle.threads?.reads ?? 0) - before).toBe(2);
  });

  it("sees what was committed, never what a transaction has not committed yet, and does not wait for it", async () => {
    const { db } = open();
    await sql`create table notes (id integer primary key, title text)`.execute(db);
    await db.insertInto("notes").values({ id: 1, title: "committed" }).execute();
    const trx = await db.startTransaction().execute();
    await trx.insertInto("notes").values({ id: 2, title: "in progress" }).execute();
    // The transaction holds the server's connection: this read answers from the thread meanwhile.
    const during = await db.selectFrom("notes").select("title").orderBy("id").execute();
    expect(during).toEqual([{ title: "committed" }]);
    // Inside the transaction, its own write is seen (it runs on the server's connection).
    expect(await trx.selectFrom("notes").select("title").orderBy("id").execute()).toEqual([
      { title: "committed" },
      { title: "in progress" },
    ]);
    await trx.commit().execute();
    expect(await db.selectFrom("notes").select("title").orderBy("id").execute()).toEqual([
      { title: "committed" },
      { title: "in progress" },
    ]);
  });

  it("reports the error SQLite raised running a read, and spreads reads over its threads", async () => {
    const { handle, db } = open({ threads: 2 });
    await sql`create table notes (id integer primary key)`.execute(db);
    await db.insertInto("notes").values({ id: 1 }).execute();
    const before = handle.threads?.reads ?? 0;
    await expect(sql`select abs(-9223372036854775807 - id) as n from notes`.execute(db)).rejects.toThrow(
      /integer overflow/,
    );
    expect((handle.threads?.reads ?? 0) - before).toBe(1);
    const reads = await Promise.all(
      Array.from({ length: 20 }, (_, index) => db.selectFrom("notes").select("id").where("id", "=", index).execute()),
    );
    expect(reads.map((rows) => rows.length)).toEqual(Array.from({ length: 20 }, (_, index) => (index === 1 ? 1 : 0)));
    expect(handle.threads?.size).toBe(2);
  });

  it("reads a BLOB that JSON cannot carry on the server's connection instead, as bytes, from then on", async () => {
    const { handle, db } = open();
    await sql`create table notes (id integer primary key)`.execute(db);
    await db.insertInto("notes").values({ id: 1 }).execute();
    const before = handle.threads?.reads ?? 0;
    for (let run = 0; run < 2; run++) {
      const { rows } = await sql<{ id: number; b: Buffer }>`select id, zeroblob(3) as b from notes`.execute(db);
      expect(rows).toEqual([{ id: 1, b: Buffer.alloc(3) }]);
    }
    // The first run tried the thread, the second went straight to the server's connection.
    expect((handle.threads?.reads ?? 0) - before).toBe(1);
  });

  it("closes its threads with the database, even with nothing read yet", async () => {
    const { handle } = open();
    await handle.destroy();
    await expect(handle.db.selectFrom("users").select("gid").execute()).rejects.toThrow();
    handles.pop();
  });
});
