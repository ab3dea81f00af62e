import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { sql } from "kysely";
import { openDb, migrateToLatest } from "/work/main/packages/server/src/db/index.ts";
import { listProjectTasks, listSectionTasks } from "/work/main/packages/server/src/domain/tasks/task.queries.ts";
import { presentTasks } from "/work/main/packages/server/src/domain/tasks/task.presenter.ts";

const pgAdmin = process.env.PG;
let handle; let dropPg;
if (pgAdmin) {
  const name = `takt_qb_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgAdmin }); await admin.connect(); await admin.query(`create database ${name}`); await admin.end();
  const u = new URL(pgAdmin); u.pathname = `/${name}`;
  handle = openDb({ dataDir: "", databaseUrl: u.toString() });
  dropPg = async () => { const c = new pg.Client({ connectionString: pgAdmin }); await c.connect(); await c.query(`drop database ${name} with (force)`); await c.end(); };
} else {
  handle = openDb({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "qb-")), databaseUrl: "" });
}
const db = handle.db;
await migrateToLatest(db);
const now = new Date().toISOString();
let g = 1000;
const ws = ++g, user = ++g, other = ++g, proj = ++g;
await db.insertInto("workspaces").values({ gid: ws, name: "W", created_at: now } as any).execute().catch(async (e) => { console.error(e.message); throw e; });
for (const u of [user, other]) await db.insertInto("users").values({ gid: u, email: `u${u}@x.test`, name: `User ${u}`, created_at: now } as any).execute();
await db.insertInto("workspace_memberships").values({ gid: ++g, workspace_gid: ws, user_gid: user, role: "member", created_at: now } as any).execute();
await db.insertInto("projects").values({ gid: proj, workspace_gid: ws, name: "P", privacy_setting: "private", created_at: now, modified_at: now, owner_gid: user } as any).execute();
await db.insertInto("project_memberships").values({ gid: ++g, project_gid: proj, user_gid: user, access_level: "admin", created_at: now } as any).execute();
const sections = [];
for (let i = 0; i < 4; i++) { const s = ++g; sections.push(s); await db.insertInto("sections").values({ gid: s, project_gid: proj, name: `S${i}`, order_key: `a${i}`, created_at: now }).execute(); }
const N = Number(process.env.N ?? 5000);
const tasks = [], mems = [];
for (let i = 0; i < N; i++) {
  const t = ++g;
  tasks.push({ gid: t, workspace_gid: ws, root_gid: t, name: `Task ${i}`, assignee_gid: i % 3 === 0 ? user : null, due_on: i % 2 ? "2026-01-01" : null, completed: 0, created_by_gid: user, created_at: now, modified_at: now });
  mems.push({ task_gid: t, project_gid: proj, section_gid: sections[i % 4], order_key: `a${String(i).padStart(6, "0")}`, created_at: now });
}
for (let i = 0; i < N; i += 500) { await db.insertInto("tasks").values(tasks.slice(i, i + 500) as any).execute(); await db.insertInto("task_memberships").values(mems.slice(i, i + 500)).execute(); }
if (handle.dialect === "postgres") await sql`analyze`.execute(db); else await sql`analyze`.execute(db);

async function time(label, fn, reps = 30) {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  console.log(`${label}: ${((performance.now() - t0) / reps).toFixed(2)} ms`);
}
const opt = ["name", "assignee.name", "due_on", "completed"];
for (const offset of [0, 2400]) {
  await time(`project tasks offset ${offset}`, () => listProjectTasks(db, user, proj, {}, { limit: 100, offset }));
  await time(`project tasks (completed_since=now) offset ${offset}`, () => listProjectTasks(db, user, proj, { completedSince: "now" }, { limit: 100, offset }));
}
await time("section tasks", () => listSectionTasks(db, user, sections[0], {}, { limit: 100, offset: 0 }));
const rows = await listProjectTasks(db, user, proj, {}, { limit: 100, offset: 0 });
await time("present 100", () => presentTasks(db, rows, opt, "compact", user));
const rows2 = await listProjectTasks(db, user, proj, {}, { limit: 100, offset: 1230 });
console.log("first", rows[0].name, rows[99].name, "page@1230", rows2[0].name, rows2.length);
// plan
const q = (await import("/work/main/packages/server/src/domain/tasks/task.queries.ts"));
if (process.env.PLAN) {
  const compiled = (globalThis as any).__lastQuery;
}
if (process.env.VAR) { const { variants } = await import('./qb-var.mts'); await variants(db, handle, user, proj, sections, time); }
await handle.destroy();
await dropPg?.();
