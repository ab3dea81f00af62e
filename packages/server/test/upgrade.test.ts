import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// A node meets a schema a newer release has migrated, as in the middle of a rolling upgrade (docs/upgrade.md).
// The newer release is stood in for by its records: a migration row this code does not know, and its
// schema_releases row saying what kind of step it was. The full upgrade of two running nodes from an older
// build is scripts/upgrade-check.mjs.
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(serverDir, "bin/takt.mjs");
const { version } = JSON.parse(fs.readFileSync(path.join(serverDir, "package.json"), "utf8")) as { version: string };
const children: ChildProcess[] = [];
let t: TestApp;

function env(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: t.app.takt.config.databaseUrl ?? "",
    TAKT_DATA_DIR: t.app.takt.config.dataDir,
    LOG_LEVEL: "info",
  };
}

function takt(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

// `takt serve` until it listens (its URL) or exits (its output).
function serve(): Promise<{ url: string; output: () => string } | { exited: number | null; output: string }> {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`takt serve neither listened nor exited: ${output}`)), 90_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, output: () => output });
      }
    };
    child.stdout?.on("data", listen);
    child.stderr?.on("data", listen);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ exited: code, output });
    });
  });
}

async function newerRelease(name: string, kind: "expand" | "contract") {
  const now = new Date().toISOString();
  await sql`insert into kysely_migration (name, timestamp) values (${name}, ${now})`.execute(t.handle.db);
  await sql`insert into schema_releases (name, kind, release, applied_at)
    values (${name}, ${kind}, ${"9.9.9"}, ${now})`.execute(t.handle.db);
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await t?.close();
});

describe("a node older than the database schema", () => {
  it("records every applied migration with its kind and the release that applied it", async () => {
    const rows = await sql<{ name: string; kind: string; release: string }>`
      select name, kind, release from schema_releases order by name`.execute(t.handle.db);
    expect(rows.rows.find((row) => row.name === "0020-schema-releases")).toEqual({
      name: "0020-schema-releases",
      kind: "expand",
      release: version,
    });
    expect(rows.rows.find((row) => row.name === "0001-core")).toMatchObject({ kind: "baseline" });
  });

  it("keeps running when the newer release only expanded the schema, and says so", async () => {
    await newerRelease("9990-future-column", "expand");
    const migrate = await takt(["migrate"]);
    expect(migrate.code).toBe(0);
    expect(migrate.output).toContain(`The database is newer than Takt ${version}: 9990-future-column (expand`);
    expect(migrate.output).toContain("keeps running on it");

    const node = await serve();
    if (!("url" in node)) throw new Error(`the older node did not start: ${node.output}`);
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
    const setup = await fetch(`${node.url}/api/1.0/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        data: { workspace_name: "Upgrade Co", name: "Ada", email: "ada@example.com", password: "correct-horse-9" },
      }),
    });
    expect(setup.status).toBeLessThan(300);
    expect(node.output()).toContain("the database schema is newer than this release");
  }, 240_000);

  it("refuses to start once the newer release contracted it, naming both releases", async () => {
    await newerRelease("9991-drop-old-column", "contract");
    const node = await serve();
    expect("exited" in node && node.exited).toBe(1);
    const output = node.output as string;
    expect(output).toContain("the database schema needs Takt 9.9.9 or newer");
    expect(output).toContain("9991-drop-old-column (a contract step applied by Takt 9.9.9)");
    expect(output).toContain(`this node runs Takt ${version}`);
    expect(output).not.toMatch(/corrupted/i);

    const migrate = await takt(["migrate"]);
    expect(migrate.code).toBe(1);
    expect(migrate.output).toContain("needs Takt 9.9.9 or newer");
  }, 240_000);
});
