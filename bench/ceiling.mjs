#!/usr/bin/env node
// The ceiling: what this machine does at all with the same stack and none of Takt's work (no auth, validation,
// visibility, events, presenters). A bare Fastify server over better-sqlite3 (the server's pragmas: WAL,
// synchronous=FULL) or pg (a pool of 10, like the server's), with one table of 100,000 rows:
//   POST /items       inserts one row in a transaction (answers 201 and the row)
//   PUT  /items/:id   updates one row by primary key in a transaction
//   GET  /items?list= reads 100 rows of one list through an index, in order
// Usage: node bench/ceiling.mjs --port P (--data-dir DIR | --database-url URL). Prints "ready" when listening.
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import Fastify from "fastify";
import pg from "pg";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    rows: { type: "string", default: "100000" },
  },
});
const ROWS = Number(values.rows);
const LISTS = 200;

const DDL = [
  `create table if not exists items (
     id bigint primary key, list bigint not null, order_key text not null, name text not null,
     completed integer not null default 0, due_on text, created_at text not null)`,
  "create index if not exists items_list_order on items (list, order_key, id)",
];

function row(id) {
  return {
    id,
    list: id % LISTS,
    order_key: String(id).padStart(10, "0"),
    name: `Item ${id}`,
    due_on: id % 2 ? "2026-03-01" : null,
    created_at: new Date().toISOString(),
  };
}

async function sqliteStore(dir) {
  const db = new SQLite(path.join(dir, "ceiling.sqlite"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  for (const statement of DDL) db.exec(statement);
  const insert = db.prepare(
    "insert into items (id, list, order_key, name, completed, due_on, created_at) values (@id, @list, @order_key, @name, 0, @due_on, @created_at)",
  );
  db.transaction(() => {
    for (let id = 1; id <= ROWS; id += 1) insert.run(row(id));
  })();
  const update = db.prepare("update items set name = ?, completed = ? where id = ?");
  const select = db.prepare("select * from items where list = ? order by order_key, id limit 100");
  let next = ROWS;
  return {
    insert: db.transaction((name) => {
      next += 1;
      insert.run({ ...row(next), name });
      return { id: next, name };
    }),
    update: db.transaction((id, name, completed) => {
      update.run(name, completed, id);
      return { id, name, completed };
    }),
    select: (list) => select.all(list),
  };
}

async function pgStore(url) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  await pool.query("drop table if exists items");
  for (const statement of DDL) await pool.query(statement);
  await pool.query(
    `insert into items (id, list, order_key, name, completed, due_on, created_at)
     select i, i % ${LISTS}, lpad(i::text, 10, '0'), 'Item ' || i, 0, case when i % 2 = 1 then '2026-03-01' end, now()::text
     from generate_series(1, ${ROWS}) as i`,
  );
  await pool.query("analyze items");
  let next = ROWS;
  async function inTransaction(work) {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const result = await work(client);
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  }
  return {
    insert: (name) =>
      inTransaction(async (client) => {
        next += 1;
        const item = { ...row(next), name };
        await client.query(
          "insert into items (id, list, order_key, name, completed, due_on, created_at) values ($1, $2, $3, $4, 0, $5, $6)",
          [item.id, item.list, item.order_key, item.name, item.due_on, item.created_at],
        );
        return { id: item.id, name };
      }),
    update: (id, name, completed) =>
      inTransaction(async (client) => {
        await client.query("update items set name = $1, completed = $2 where id = $3", [name, completed, id]);
        return { id, name, completed };
      }),
    select: async (list) =>
      (await pool.query("select * from items where list = $1 order by order_key, id limit 100", [list])).rows,
  };
}

const store = values["database-url"] ? await pgStore(values["database-url"]) : await sqliteStore(values["data-dir"]);
const app = Fastify({ logger: false });
app.post("/items", async (request, reply) => {
  reply.code(201);
  return { data: await store.insert(String(request.body?.data?.name ?? "")) };
});
app.put("/items/:id", async (request) => {
  const { name, completed } = request.body?.data ?? {};
  return { data: await store.update(Number(request.params.id), String(name ?? ""), completed ? 1 : 0) };
});
app.get("/items", async (request) => ({ data: await store.select(Number(request.query.list ?? 0)) }));
await app.listen({ port: Number(values.port), host: "127.0.0.1" });
console.log("ready");
process.once("SIGTERM", () => app.close().then(() => process.exit(0)));
