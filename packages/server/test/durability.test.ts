import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// "An acknowledged write survives kill -9": the real server runs as a child process, takes a stream of
// concurrent writes, is killed with SIGKILL mid-stream, restarts on the same data, and every write it
// answered with a 2xx must still be there.

const run = promisify(execFile);
const TAKT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/takt.mjs");
const dialect = process.env.TAKT_TEST_DB ?? "sqlite";
const STREAM_MS = 1_500;
const WORKERS = 12;

interface Server {
  child: ChildProcess;
  api: string;
  output: () => string;
}

let dataDir: string;
let databaseUrl = "";
let dropDatabase = async () => {};

function env(): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", TAKT_WEB_DIR: "" };
}

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [TAKT, ...args, "--data-dir", dataDir], { env: env() });
  return stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(token: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [TAKT, "serve", "--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir],
    {
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const api = `http://127.0.0.1:${port}/api/1.0`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const answer = await fetch(`${api}/users/me`, { headers: { authorization: `Bearer ${token}` } });
      if (answer.status === 200) return { child, api, output: () => output };
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`the server did not answer within 20 s:\n${output}`);
}

async function killHard(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGKILL");
  await exited;
}

async function call(server: Server, token: string, method: string, route: string, data?: unknown) {
  const response = await fetch(`${server.api}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(data === undefined ? {} : { "content-type": "application/json" }),
    },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body: body as any };
}

// A route that does not exist answers 404 "No route for …"; anything else means another area has built it.
async function routeExists(server: Server, token: string, method: string, route: string): Promise<boolean> {
  const answer = await call(server, token, method, route, {});
  return !(answer.status === 404 && /^No route for/.test(answer.body.errors?.[0]?.message ?? ""));
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-durability-"));
  if (dialect === "postgres") {
    const adminUrl = process.env.TAKT_TEST_PG_URL;
    if (!adminUrl) throw new Error("TAKT_TEST_PG_URL is not set");
    const name = `takt_durability_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
});

afterAll(async () => {
  await dropDatabase();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`durability on ${dialect}`, () => {
  it("keeps every acknowledged write after kill -9 and a restart", { timeout: 120_000 }, async () => {
    await cli("workspace", "add", "--name", "Durable Co");
    await cli(
      "user",
      "add",
      "--email",
      "dura@example.test",
      "--name",
      "Dura",
      "--password",
      "correct horse",
      "--admin",
    );
    const token = (await cli("token", "create", "--email", "dura@example.test")).trim().split("\n").at(-1) ?? "";
    expect(token).toMatch(/^takt_pat_/);

    let server = await startServer(token);
    const me = await call(server, token, "GET", "/users/me");
    const workspaceGid = String(me.body.data.workspaces[0].gid);

    // Writes into projects and tasks join the stream once those routes exist.
    let projectGid: string | null = null;
    if (await routeExists(server, token, "POST", "/projects")) {
      const project = await call(server, token, "POST", "/projects", { name: "Durable", workspace: workspaceGid });
      if (project.status === 201) projectGid = String(project.body.data?.gid);
    }
    const taskTarget = projectGid ? { projects: [projectGid] } : { workspace: workspaceGid };
    const tasksExist =
      (await routeExists(server, token, "POST", "/tasks")) &&
      (await call(server, token, "POST", "/tasks", { name: "First", ...taskTarget })).status === 201;

    const ackedTokens: string[] = [];
    const ackedTasks: string[] = [];
    const ackedProfileNames: string[] = [];
    const ackedWorkspaceNames: string[] = [];
    let inFlightProfileName: string | null = null;
    let inFlightWorkspaceName: string | null = null;
    let stopped = false;
    let sequence = 0;
    const refused: string[] = [];

    const ok = (status: number) => status >= 200 && status < 300;
    const note = (what: string, status: number) => {
      if (!ok(status) && refused.length < 5) refused.push(`${what}: ${status}`);
    };

    // Creates run concurrently; updates of one record run one at a time, so the last acknowledged value is known.
    async function createWorker(lane: number) {
      while (!stopped) {
        sequence += 1;
        const label = `w${lane}-${sequence}`;
        try {
          if (tasksExist && sequence % 2 === 0) {
            const answer = await call(server, token, "POST", "/tasks", { name: `Task ${label}`, ...taskTarget });
            note("POST /tasks", answer.status);
            if (ok(answer.status)) ackedTasks.push(String(answer.body.data?.gid));
          } else {
            const answer = await call(server, token, "POST", "/personal_access_tokens", { name: `Token ${label}` });
            note("POST /personal_access_tokens", answer.status);
            if (ok(answer.status)) ackedTokens.push(String(answer.body.data?.gid));
          }
        } catch {
          return; // the connection died with the server
        }
      }
    }
    async function profileWorker() {
      for (let index = 0; !stopped; index += 1) {
        inFlightProfileName = `Dura ${index}`;
        try {
          const answer = await call(server, token, "PUT", "/users/me", { name: inFlightProfileName });
          note("PUT /users/me", answer.status);
          if (ok(answer.status)) ackedProfileNames.push(inFlightProfileName);
        } catch {
          return;
        }
      }
    }
    async function workspaceWorker() {
      for (let index = 0; !stopped; index += 1) {
        inFlightWorkspaceName = `Durable Co ${index}`;
        try {
          const answer = await call(server, token, "PUT", `/workspaces/${workspaceGid}`, {
            name: inFlightWorkspaceName,
          });
          note("PUT /workspaces", answer.status);
          if (ok(answer.status)) ackedWorkspaceNames.push(inFlightWorkspaceName);
        } catch {
          return;
        }
      }
    }

    const workers = [
      ...Array.from({ length: WORKERS }, (_, lane) => createWorker(lane)),
      profileWorker(),
      workspaceWorker(),
    ];
    // At least STREAM_MS, and long enough for a fair number of acknowledgements even on a busy machine.
    const streamStarted = Date.now();
    const enough = () =>
      ackedTokens.length >= 20 && ackedProfileNames.length >= 3 && (!tasksExist || ackedTasks.length >= 20);
    while (Date.now() - streamStarted < STREAM_MS || (!enough() && Date.now() - streamStarted < 15_000)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await killHard(server); // mid-stream: the workers still have requests in flight
    stopped = true;
    await Promise.all(workers);

    expect(refused).toEqual([]);
    expect(ackedTokens.length).toBeGreaterThanOrEqual(20);
    expect(ackedProfileNames.length).toBeGreaterThanOrEqual(3);
    if (tasksExist) expect(ackedTasks.length).toBeGreaterThanOrEqual(20);

    server = await startServer(token);
    try {
      const tokens = await call(server, token, "GET", "/personal_access_tokens");
      const stored = new Set(tokens.body.data.map((row: { gid: string }) => row.gid));
      expect(ackedTokens.filter((gid) => !stored.has(gid))).toEqual([]);

      // The stored value is the last acknowledged one, or the one whose answer the kill cut off.
      const profile = await call(server, token, "GET", "/users/me");
      expect([ackedProfileNames.at(-1), inFlightProfileName]).toContain(profile.body.data?.name);
      const workspace = await call(server, token, "GET", `/workspaces/${workspaceGid}`);
      expect([ackedWorkspaceNames.at(-1), inFlightWorkspaceName]).toContain(workspace.body.data?.name);

      const missingTasks: string[] = [];
      for (let start = 0; start < ackedTasks.length; start += 16) {
        const batch = ackedTasks.slice(start, start + 16);
        const answers = await Promise.all(batch.map((gid) => call(server, token, "GET", `/tasks/${gid}`)));
        answers.forEach((answer, index) => {
          if (answer.status !== 200) missingTasks.push(`${batch[index]} (${answer.status})`);
        });
      }
      expect(missingTasks).toEqual([]);

      // The restarted server takes writes again.
      expect((await call(server, token, "POST", "/personal_access_tokens", { name: "after restart" })).status).toBe(
        201,
      );
    } finally {
      await killHard(server);
    }
  });
});
