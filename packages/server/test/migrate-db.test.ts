import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../src/config.ts";
import { type DbHandle, migrateToLatest, openDb } from "../src/db/index.ts";
import { EventBus } from "../src/events/bus.ts";
import { buildApp } from "../src/http/app.ts";
import { tablesInDependencyOrder } from "../src/ops/tables.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import type { TestApp } from "./helpers/test-app.ts";

const onPostgres = (process.env.TAKT_TEST_DB ?? "sqlite") === "postgres";
const pgAdminUrl = process.env.TAKT_TEST_PG_URL;
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/takt.mjs");
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-migrate-test-"));
  dirs.push(dir);
  return dir;
};
let databaseName: string | null = null;

// A running app on the given configuration, shaped like the test app so the factories work on it.
async function serve(config: Config): Promise<TestApp> {
  const handle: DbHandle = openDb(config);
  await migrateToLatest(handle.db);
  const bus = new EventBus();
  const app: FastifyInstance = await buildApp({ db: handle.db, dialect: handle.dialect, bus, config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    app,
    handle,
    url,
    api: `${url}/api/1.0`,
    ctx: { db: handle.db, bus, actor: null },
    async close() {
      app.server.closeAllConnections();
      await app.close();
      await handle.destroy();
    },
  };
}

function takt(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

async function rowCounts(handle: DbHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesInDependencyOrder(handle.db, handle.dialect)) {
    const row = await handle.db
      .selectFrom(table.name as "tasks")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    counts[table.name] = Number(row.count);
  }
  return counts;
}

let source: TestApp;
let lead: TestUser;
const taskGids: string[] = [];
const attachments: { gid: string; bytes: Buffer }[] = [];
let secretField: string;
let sourceDir: string;

beforeAll(async () => {
  if (!onPostgres) return;
  sourceDir = tempDir();
  source = await serve({ ...loadConfig({ dataDir: sourceDir }, {}), logLevel: "silent" });
  const workspace = await makeWorkspace(source, "Moving Co");
  lead = await makeUser(source, workspace.gid, "member", "Lena Lead");
  const projects = await Promise.all(
    ["Website", "Marketing"].map(() =>
      makeProject(source, workspace.gid, {
        privacy: "private",
        members: [{ user: lead, access: "admin" }],
        sections: ["To do", "Done"],
      }),
    ),
  );
  const api = client(source, lead.token);
  const text = await api.post("/custom_fields", { workspace: workspace.gid, name: "Client", resource_subtype: "text" });
  const secret = await api.post("/custom_fields", {
    workspace: workspace.gid,
    name: "Hosting password",
    resource_subtype: "secret",
  });
  const priority = await api.post("/custom_fields", {
    workspace: workspace.gid,
    name: "Priority",
    resource_subtype: "enum",
    enum_options: [{ name: "High" }, { name: "Low" }],
  });
  secretField = secret.body.data.gid;
  for (const field of [text, secret, priority]) {
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    const setting = await api.post(`/projects/${projects[0].gid}/addCustomFieldSetting`, {
      custom_field: field.body.data.gid,
    });
    expect(setting.status).toBe(200);
  }
  const tag = await api.post("/tags", { workspace: workspace.gid, name: "Urgent", color: "dark-red" });
  const parent = await api.post("/tasks", {
    name: "Launch the site",
    projects: [projects[0].gid],
    notes: "Ship it",
    custom_fields: {
      [text.body.data.gid]: "ACME",
      [secret.body.data.gid]: "hunter2",
      [priority.body.data.gid]: priority.body.data.enum_options[0].gid,
    },
  });
  expect(parent.status, JSON.stringify(parent.body)).toBe(201);
  const gid = parent.body.data.gid;
  const sub = await api.post(`/tasks/${gid}/subtasks`, { name: "Write the copy" });
  expect(sub.status).toBe(201);
  // Multi-homed into a second project's section, tagged, commented, completed.
  expect(
    (await api.post(`/tasks/${gid}/addProject`, { project: projects[1].gid, section: projects[1].sections[1].gid }))
      .status,
  ).toBe(200);
  expect((await api.post(`/tasks/${gid}/addTag`, { tag: tag.body.data.gid })).status).toBe(200);
  expect((await api.post(`/tasks/${gid}/stories`, { text: "Copy approved by the client" })).status).toBe(201);
  expect((await api.put(`/tasks/${sub.body.data.gid}`, { completed: true })).status).toBe(200);
  taskGids.push(gid, sub.body.data.gid);
  for (const [name, bytes] of [
    ["contract.txt", Buffer.from("Signed contract, version 3\n".repeat(40))],
    ["logo.bin", Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 31) % 256))],
  ] as const) {
    const form = new FormData();
    form.append("parent", gid);
    form.append("file", new Blob([bytes]), name);
    const uploaded = await fetch(`${source.api}/attachments`, {
      method: "POST",
      headers: { authorization: `Bearer ${lead.token}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    attachments.push({ gid: ((await uploaded.json()) as { data: { gid: string } }).data.gid, bytes });
  }
});

afterAll(async () => {
  await source?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  if (pgAdminUrl && databaseName) {
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  }
});

// The migration's target is PostgreSQL: it runs with the PostgreSQL suite (npm test runs both).
describe.runIf(onPostgres)("takt migrate-db from SQLite to PostgreSQL (PostgreSQL only: it is the target)", () => {
  it("moves every task, story, field value (secret included), tag and attachment of a running instance", async () => {
    if (!pgAdminUrl) throw new Error("TAKT_TEST_PG_URL is not set");
    databaseName = `takt_migrate_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${databaseName}`;
    const targetDir = tempDir();
    const env = { ...process.env, TAKT_SECRET_KEY: "", DATABASE_URL: "", TAKT_DATA_DIR: "" };
    // The source keeps serving while it is copied (SQLite's online backup takes the snapshot).
    const migrated = await takt(
      ["migrate-db", "--from", `sqlite:${sourceDir}`, "--to", url.toString(), "--data-dir", targetDir],
      env,
    );
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toMatch(/Moved \d+ rows and 2 attachment files to PostgreSQL/);

    const target = await serve({
      ...loadConfig({ dataDir: targetDir, databaseUrl: url.toString() }, {}),
      logLevel: "silent",
    });
    try {
      expect(target.handle.dialect).toBe("postgres");
      // Every table has the same rows, plus the secret key: SQLite keeps it in a file, PostgreSQL in server_secrets.
      const sourceCounts = await rowCounts(source.handle);
      expect(sourceCounts.tasks).toBe(2);
      expect(await rowCounts(target.handle)).toEqual({
        ...sourceCounts,
        server_secrets: sourceCounts.server_secrets + 1,
      });
      const before = client(source, lead.token);
      const after = client(target, lead.token);
      const fields =
        "name,notes,completed,parent.name,memberships.project.name,memberships.section.name,tags.name,num_subtasks," +
        "custom_fields.name,custom_fields.display_value,custom_fields.text_value,custom_fields.enum_value.name";
      for (const gid of taskGids) {
        const original = await before.get(`/tasks/${gid}?opt_fields=${fields}`);
        expect(original.status).toBe(200);
        expect(await after.get(`/tasks/${gid}?opt_fields=${fields}`)).toMatchObject({
          status: 200,
          body: original.body,
        });
        const stories = await before.get(`/tasks/${gid}/stories?opt_fields=text,resource_subtype,created_by.name`);
        expect(stories.body.data.length).toBeGreaterThan(0);
        expect(await after.get(`/tasks/${gid}/stories?opt_fields=text,resource_subtype,created_by.name`)).toMatchObject(
          { status: 200, body: stories.body },
        );
      }
      const [parent] = taskGids;
      const homes = (await after.get(`/tasks/${parent}?opt_fields=memberships.section.name,tags.name`)).body.data;
      expect(homes.memberships.map((home: { section: { name: string } }) => home.section.name).sort()).toEqual([
        "Done",
        "To do",
      ]);
      expect(homes.tags.map((tag: { name: string }) => tag.name)).toEqual(["Urgent"]);
      for (const attachment of attachments) {
        const downloaded = await fetch(`${target.api}/attachments/${attachment.gid}/download`, {
          headers: { authorization: `Bearer ${lead.token}` },
        });
        expect(downloaded.status).toBe(200);
        expect(Buffer.from(await downloaded.arrayBuffer()).equals(attachment.bytes)).toBe(true);
      }
      // The SQLite key of secret values travelled into server_secrets: the secret still opens.
      const revealed = await after.post(`/tasks/${parent}/custom_fields/${secretField}/reveal`);
      expect(revealed.status, JSON.stringify(revealed.body)).toBe(200);
      expect(revealed.body.data.text_value).toBe("hunter2");
    } finally {
      await target.close();
    }

    // The target is no longer empty: a second run is refused and changes nothing.
    const again = await takt(
      ["migrate-db", "--from", `sqlite:${sourceDir}`, "--to", url.toString(), "--data-dir", tempDir()],
      env,
    );
    expect(again.code).not.toBe(0);
    expect(again.output).toContain("not empty");
  }, 60_000);
});

// Both databases: the refusal comes before PostgreSQL is reached.
describe("takt migrate-db while a server uses the SQLite directory", () => {
  it("refuses, naming the server, until it has stopped; a record left by a killed server does not block", async () => {
    const dir = tempDir();
    const env = { ...process.env, TAKT_SECRET_KEY: "", DATABASE_URL: "", TAKT_DATA_DIR: "", LOG_LEVEL: "info" };
    const server = spawn(process.execPath, [bin, "serve", "--data-dir", dir, "--port", "0", "--host", "127.0.0.1"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`takt serve did not start: ${log}`)), 120_000);
      const listen = (chunk: Buffer) => {
        log += chunk.toString();
        if (/Server listening at/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      };
      server.stdout.on("data", listen);
      server.stderr.on("data", listen);
    });
    const nowhere = "postgres://takt@127.0.0.1:1/never_reached";
    try {
      const refused = await takt(["migrate-db", "--from", `sqlite:${dir}`, "--to", nowhere], env);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`a Takt server (pid ${server.pid} on `);
      expect(refused.output).toContain("stop it first");
      expect(refused.output).toContain("--snapshot");
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
    // Stopped: the holder record is gone and the copy goes ahead (here to a database that does not answer).
    expect(fs.existsSync(path.join(dir, "takt.pid"))).toBe(false);
    const after = await takt(["migrate-db", "--from", `sqlite:${dir}`, "--to", nowhere], env);
    expect(after.code).toBe(1);
    expect(after.output).not.toContain("a Takt server");
    expect(after.output).toMatch(/ECONNREFUSED|connect/);
    // A record left by a server killed with SIGKILL does not block: its process is gone.
    fs.writeFileSync(
      path.join(dir, "takt.pid"),
      JSON.stringify({ pid: 2 ** 22 + 17, host: os.hostname(), started_at: new Date().toISOString() }),
    );
    expect((await takt(["migrate-db", "--from", `sqlite:${dir}`, "--to", nowhere], env)).output).not.toContain(
      "a Takt server",
    );
  }, 300_000);
});
