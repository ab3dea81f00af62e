import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../src/config.ts";
import { type DbHandle, openDb } from "../src/db/index.ts";
import { EventBus } from "../src/events/bus.ts";
import { buildApp } from "../src/http/app.ts";
import { backupDatabase } from "../src/ops/backup.ts";
import { decodeValue } from "../src/ops/backup-format.ts";
import { restoreDatabase } from "../src/ops/restore.ts";
import { tablesInDependencyOrder } from "../src/ops/tables.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const pgAdminUrl = process.env.TAKT_TEST_PG_URL;
const dirs: string[] = [];
const databases: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-backup-test-"));
  dirs.push(dir);
  return dir;
};

async function freshPg(): Promise<string> {
  if (!pgAdminUrl) throw new Error("TAKT_TEST_PG_URL is not set");
  const name = `takt_restore_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  databases.push(name);
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let t: TestApp;
let lead: TestUser;
let taskGids: string[] = [];
let attachmentGid: string;
const fileBytes = Buffer.from("Signed contract — version 3\n".repeat(50));

const rowLine = (row: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((key) => [key, row[key] === undefined ? null : row[key]]),
  );
const digest = (rows: Record<string, unknown>[]) => ({
  rows: rows.length,
  sha: createHash("sha256").update(rows.map(rowLine).sort().join("\n")).digest("hex"),
});

// Every row of every table, per table: a count and a checksum independent of the dialect and row order.
async function fingerprint(db: DbHandle): Promise<Record<string, { rows: number; sha: string }>> {
  const out: Record<string, { rows: number; sha: string }> = {};
  for (const table of await tablesInDependencyOrder(db.db, db.dialect)) {
    const rows = (await db.db
      .selectFrom(table.name as "tasks")
      .selectAll()
      .execute()) as Record<string, unknown>[];
    out[table.name] = digest(rows);
  }
  return out;
}

// The same fingerprint, of the rows written in a backup file.
function fileFingerprint(file: string): Record<string, { rows: number; sha: string }> {
  const tables = new Map<string, Record<string, unknown>[]>();
  let columns: string[] = [];
  let current: Record<string, unknown>[] = [];
  for (const line of zlib.gunzipSync(fs.readFileSync(file)).toString().trim().split("\n")) {
    const entry = JSON.parse(line) as { table?: string; columns?: string[]; row?: unknown[] };
    if (entry.table && entry.columns) {
      columns = entry.columns;
      current = [];
      tables.set(entry.table, current);
    } else if (entry.row) {
      const values = entry.row;
      current.push(Object.fromEntries(columns.map((column, index) => [column, decodeValue(values[index])])));
    }
  }
  return Object.fromEntries([...tables].map(([name, rows]) => [name, digest(rows)]));
}

async function serve(config: Config): Promise<{ app: FastifyInstance; handle: DbHandle; api: string }> {
  const handle = openDb(config);
  const app = await buildApp({ db: handle.db, dialect: handle.dialect, bus: new EventBus(), config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  return { app, handle, api: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/1.0` };
}

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await makeWorkspace(t, "Backed Up Co");
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  const project = await makeProject(t, workspace.gid, {
    privacy: "private",
    members: [{ user: lead, access: "editor" }],
    sections: ["To do", "Done"],
  });
  const api = client(t, lead.token);
  const parent = await api.post("/tasks", { name: "Launch", projects: [project.gid], notes: "Ship it" });
  const sub = await api.post(`/tasks/${parent.body.data.gid}/subtasks`, { name: "Write the press release" });
  expect(sub.status).toBe(201);
  await api.put(`/tasks/${parent.body.data.gid}`, { completed: true });
  await api.post(`/tasks/${parent.body.data.gid}/stories`, { text: "Done, see the contract" });
  taskGids = [parent.body.data.gid, sub.body.data.gid];
  const form = new FormData();
  form.append("parent", parent.body.data.gid);
  form.append("file", new Blob([fileBytes], { type: "text/plain" }), "contract.txt");
  const uploaded = await fetch(`${t.api}/attachments`, {
    method: "POST",
    headers: { authorization: `Bearer ${lead.token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  attachmentGid = ((await uploaded.json()) as { data: { gid: string } }).data.gid;
});

afterAll(async () => {
  await t?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  if (pgAdminUrl && databases.length) {
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

describe("backup and restore", () => {
  const targets = [
    { name: "a fresh SQLite", url: async () => undefined },
    ...(pgAdminUrl ? [{ name: "a fresh PostgreSQL", url: freshPg }] : []),
  ];

  for (const target of targets) {
    it(`restores a ${t?.handle.dialect ?? process.env.TAKT_TEST_DB ?? "sqlite"} backup into ${target.name}: same rows, same API answers, same files`, async () => {
      const file = path.join(tempDir(), "takt.backup.gz");
      const summary = await backupDatabase(t.app.takt.config, file);
      expect(summary.rows.tasks).toBe(2);
      expect(summary.files).toBe(1);

      const config: Config = { ...t.app.takt.config, dataDir: tempDir(), databaseUrl: await target.url() };
      const restored = await restoreDatabase(config, file);
      expect(restored.rows).toEqual(summary.rows);
      const copy = await serve(config);
      try {
        expect(await fingerprint(copy.handle)).toEqual(await fingerprint(t.handle));
        const original = client(t, lead.token);
        const restoredApi = client({ ...t, api: copy.api }, lead.token);
        for (const gid of taskGids) {
          const path = `/tasks/${gid}?opt_fields=name,notes,completed,parent,memberships.section.name,num_subtasks`;
          const before = await original.get(path);
          expect(before.status).toBe(200);
          expect(await restoredApi.get(path)).toMatchObject({ status: 200, body: before.body });
        }
        const stories = await restoredApi.get(`/tasks/${taskGids[0]}/stories`);
        expect(stories.body.data.map((story: { text: string }) => story.text)).toContain("Done, see the contract");
        const downloaded = await fetch(`${copy.api}/attachments/${attachmentGid}/download`, {
          headers: { authorization: `Bearer ${lead.token}` },
        });
        expect(downloaded.status).toBe(200);
        expect(Buffer.from(await downloaded.arrayBuffer()).equals(fileBytes)).toBe(true);
      } finally {
        // Every answer has been read: drop the client's keep-alive sockets so close() need not wait for them.
        copy.app.server.closeAllConnections();
        await copy.app.close();
        await copy.handle.destroy();
      }
      // A second restore into the now non-empty database is refused, and changes nothing.
      await expect(restoreDatabase(config, file)).rejects.toThrow(/not empty/);
    });
  }

  it("puts a backup in place only once it is whole, and leaves nothing behind when it cannot", async () => {
    const dir = tempDir();
    const file = path.join(dir, "nightly.backup.gz");
    fs.writeFileSync(file, "last night's backup");
    await backupDatabase(t.app.takt.config, file);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString().trim().split("\n");
    expect(JSON.parse(lines[0])).toMatchObject({ format: "takt-backup" });
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ end: true });
    expect(fs.readdirSync(dir)).toEqual(["nightly.backup.gz"]);
    // A path that cannot take the file (a folder of that name): refused, the folder as it was, no partial file.
    const taken = path.join(dir, "taken");
    fs.mkdirSync(taken);
    fs.writeFileSync(path.join(taken, "keep.txt"), "kept");
    await expect(backupDatabase(t.app.takt.config, taken)).rejects.toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(["nightly.backup.gz", "taken"]);
    expect(fs.readdirSync(taken)).toEqual(["keep.txt"]);
  });

  it("refuses a truncated or foreign file and restores nothing", async () => {
    const file = path.join(tempDir(), "takt.backup.gz");
    await backupDatabase(t.app.takt.config, file);
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString().trim().split("\n");
    const truncated = path.join(tempDir(), "truncated.gz");
    fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, -1).join("\n")));
    const config: Config = { ...t.app.takt.config, dataDir: tempDir(), databaseUrl: undefined };
    await expect(restoreDatabase(config, truncated)).rejects.toThrow(/truncated/);
    const foreign = path.join(tempDir(), "foreign.gz");
    fs.writeFileSync(foreign, zlib.gzipSync('{"hello":"world"}\n'));
    await expect(restoreDatabase(config, foreign)).rejects.toThrow(/not a Takt backup/);
    // Still empty: a real backup restores fine afterwards.
    expect((await restoreDatabase(config, file)).rows.tasks).toBe(2);
  });

  it("takes a consistent backup while the server keeps writing", async () => {
    const workspace = await makeWorkspace(t, "Busy Co");
    const writer = await makeUser(t, workspace.gid, "member", "Wanda Writer");
    const project = await makeProject(t, workspace.gid, { members: [{ user: writer, access: "editor" }] });
    const api = client(t, writer.token);
    let writing = true;
    let written = 0;
    const load = (async () => {
      while (writing) {
        const answer = await api.post("/tasks", { name: `Load ${written}`, projects: [project.gid] });
        if (answer.status === 201) written++;
      }
    })();
    // The backup starts once writes are flowing (however slow the machine), and runs while they go on.
    while (written < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    const file = path.join(tempDir(), "busy.backup.gz");
    const summary = await backupDatabase(t.app.takt.config, file);
    writing = false;
    await load;
    expect(written).toBeGreaterThan(0);
    const config: Config = { ...t.app.takt.config, dataDir: tempDir(), databaseUrl: undefined };
    await restoreDatabase(config, file);
    const copy = openDb(config);
    try {
      // One snapshot: every restored load task has the membership and the event written in its transaction.
      const tasks = await copy.db.selectFrom("tasks").select("gid").where("name", "like", "Load %").execute();
      expect(tasks.length).toBeGreaterThan(0);
      const gids = tasks.map((task) => task.gid);
      const memberships = await copy.db
        .selectFrom("task_memberships")
        .select("task_gid")
        .where("task_gid", "in", gids)
        .execute();
      expect(new Set(memberships.map((row) => row.task_gid)).size).toBe(gids.length);
      const added = await copy.db
        .selectFrom("events")
        .select("resource_gid")
        .where("resource_gid", "in", gids)
        .where("action", "=", "added")
        .execute();
      expect(new Set(added.map((row) => row.resource_gid)).size).toBe(gids.length);
      expect(summary.rows.tasks).toBe((await copy.db.selectFrom("tasks").select("gid").execute()).length);
      // Identical database: every table's row count and checksum in the restored copy match the backup's rows.
      expect(await fingerprint({ db: copy.db, dialect: copy.dialect } as DbHandle)).toEqual(fileFingerprint(file));
      // And those rows are the live ones: each restored task is, byte for byte, a task of the running instance.
      const live = new Set(
        ((await t.handle.db.selectFrom("tasks").selectAll().execute()) as Record<string, unknown>[]).map(rowLine),
      );
      const restoredTasks = (await copy.db.selectFrom("tasks").selectAll().execute()) as Record<string, unknown>[];
      expect(restoredTasks.filter((row) => !live.has(rowLine(row)))).toEqual([]);
    } finally {
      await copy.destroy();
    }
  });
});
