#!/usr/bin/env node
// HTTP load benchmark: starts the real server on a fresh database, seeds a project through the API,
// and measures a few hot endpoints with autocannon over loopback. See bench/README.md.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import autocannon from "autocannon";
import pg from "pg";

const here = path.dirname(fileURLToPath(import.meta.url));
const TAKT = path.resolve(here, "../packages/server/bin/takt.mjs");
const RESULTS = path.join(here, "results");
const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: process.env.TAKT_BENCH_DURATION ?? "10" },
    connections: { type: "string", default: process.env.TAKT_BENCH_CONNECTIONS ?? "10" },
    tasks: { type: "string", default: process.env.TAKT_BENCH_TASKS ?? "5000" },
    "no-write": { type: "boolean", default: false },
  },
});
const DURATION = Number(flags.duration);
const CONNECTIONS = Number(flags.connections);
const TASKS = Number(flags.tasks);
const SECTIONS = 4;

function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGiB: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    // Other work on the machine skews every figure: the 1-minute load average says how busy it was.
    loadBefore: os.loadavg()[0].toFixed(2),
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function createPgDatabase(adminUrl) {
  const name = `takt_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

// One server on one fresh database, driven only through the CLI and the HTTP API.
async function startTakt(dialect, databaseUrl) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `takt-bench-${dialect}-`));
  const env = { ...process.env, DATABASE_URL: databaseUrl ?? "", LOG_LEVEL: "warn", TAKT_WEB_DIR: "" };
  const cli = async (...args) => (await run(process.execPath, [TAKT, ...args, "--data-dir", dataDir], { env })).stdout;
  await cli("workspace", "add", "--name", "Bench Co");
  await cli(
    "user",
    "add",
    "--email",
    "bench@example.test",
    "--name",
    "Bench",
    "--password",
    "bench-password",
    "--admin",
  );
  const token = (await cli("token", "create", "--email", "bench@example.test")).trim().split("\n").at(-1);

  const port = await freePort();
  const child = spawn(
    process.execPath,
    [TAKT, "serve", "--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir],
    {
      env,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const api = `${base}/api/1.0`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  for (let tries = 0; ; tries += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${api}/users/me`, { headers })).ok) break;
    } catch {}
    if (tries > 400) throw new Error("the server did not start within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    api,
    headers,
    async call(method, route, data) {
      const response = await fetch(`${api}${route}`, {
        method,
        headers,
        body: data === undefined ? undefined : JSON.stringify({ data }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error(`${method} ${route} -> ${response.status} ${JSON.stringify(body)}`);
      return body.data;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function routeExists(takt, method, route) {
  const response = await fetch(`${takt.api}${route}`, { method, headers: takt.headers, body: "{}" });
  const body = await response.json().catch(() => null);
  return !(response.status === 404 && /^No route for/.test(body?.errors?.[0]?.message ?? ""));
}

async function seed(takt) {
  const me = await takt.call("GET", "/users/me");
  const workspace = me.workspaces[0].gid;
  if (!(await routeExists(takt, "POST", "/tasks")) || !(await routeExists(takt, "POST", "/projects"))) {
    return { me, workspace, project: null };
  }
  const project = await takt.call("POST", "/projects", { name: "Bench project", workspace });
  const sections = [];
  for (let index = 0; index < SECTIONS; index += 1) {
    sections.push(await takt.call("POST", `/projects/${project.gid}/sections`, { name: `Stage ${index + 1}` }));
  }
  const started = performance.now();
  const taskGids = [];
  let next = 0;
  async function worker() {
    while (next < TASKS) {
      const index = next++;
      const task = await takt.call("POST", "/tasks", {
        name: `Task ${index + 1}`,
        memberships: [{ project: project.gid, section: sections[index % SECTIONS].gid }],
        assignee: index % 3 === 0 ? me.gid : null,
        due_on: index % 2 === 0 ? new Date(Date.UTC(2026, 0, 1 + (index % 365))).toISOString().slice(0, 10) : null,
      });
      taskGids.push(task.gid);
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { me, workspace, project, sections, taskGids, seedSeconds: seconds };
}

async function measure(takt, scenario) {
  const result = await autocannon({
    url: `${takt.base}/api/1.0${scenario.path}`,
    method: scenario.method,
    headers: takt.headers,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: scenario.setupRequest ? [{ setupRequest: scenario.setupRequest }] : undefined,
    body: scenario.body ? JSON.stringify(scenario.body) : undefined,
  });
  return {
    name: scenario.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function scenariosFor(data) {
  const list = [{ name: "GET /users/me", method: "GET", path: "/users/me" }];
  if (!data.project) return list;
  list.push(
    {
      name: "GET /sections/{gid}/tasks?limit=100",
      method: "GET",
      path: `/sections/${data.sections[0].gid}/tasks?limit=100`,
    },
    {
      name: "GET /projects/{gid}/tasks?limit=100&opt_fields=name,assignee.name,due_on,completed",
      method: "GET",
      path: `/projects/${data.project.gid}/tasks?limit=100&opt_fields=name,assignee.name,due_on,completed`,
    },
  );
  if (flags["no-write"]) return list;
  let created = 0;
  let changed = 0;
  list.push(
    {
      name: "POST /tasks",
      method: "POST",
      path: "/tasks",
      setupRequest(request) {
        created += 1;
        const section = data.sections[created % SECTIONS].gid;
        return {
          ...request,
          body: JSON.stringify({
            data: { name: `Load task ${created}`, memberships: [{ project: data.project.gid, section }] },
          }),
        };
      },
    },
    {
      name: "PUT /tasks/{gid}",
      method: "PUT",
      path: `/tasks/${data.taskGids[0]}`,
      setupRequest(request) {
        changed += 1;
        const gid = data.taskGids[(changed * 7919) % data.taskGids.length];
        return {
          ...request,
          path: `/api/1.0/tasks/${gid}`,
          body: JSON.stringify({ data: { name: `Renamed ${changed}`, completed: changed % 2 === 0 } }),
        };
      },
    },
  );
  return list;
}

function table(rows) {
  const header = ["endpoint", "req/s", "p50 ms", "p99 ms", "requests", "failed"];
  const lines = rows.map((row) => [
    row.name,
    row.requestsPerSecond.toFixed(0),
    String(row.p50),
    String(row.p99),
    String(row.total),
    String(row.failed),
  ]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

async function benchmark(dialect, databaseUrl) {
  console.log(`\n== ${dialect}: seeding ==`);
  const takt = await startTakt(dialect, databaseUrl);
  try {
    const data = await seed(takt);
    if (data.project) {
      console.log(
        `seeded ${TASKS} tasks over ${SECTIONS} sections through POST /tasks in ${data.seedSeconds.toFixed(1)} s ` +
          `(${(TASKS / data.seedSeconds).toFixed(0)} tasks/s, 16 concurrent clients)`,
      );
    } else {
      console.log("the tasks and projects routes are not there yet: measuring GET /users/me only");
    }
    const rows = [];
    for (const scenario of scenariosFor(data)) {
      process.stdout.write(`${scenario.name} … `);
      const row = await measure(takt, scenario);
      console.log(`${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms`);
      rows.push(row);
    }
    return { data, rows };
  } finally {
    await takt.stop();
  }
}

function report(dialect, outcome, info, date) {
  const seeded = outcome.data.project
    ? `Seeded through the API: 1 project, ${SECTIONS} sections, ${TASKS} tasks (one in three assigned, half with a due date) ` +
      `in ${outcome.data.seedSeconds.toFixed(1)} s, ${(TASKS / outcome.data.seedSeconds).toFixed(0)} tasks/s with 16 concurrent clients.`
    : "The tasks and projects routes did not exist yet: only GET /users/me was measured.";
  return `# Takt HTTP benchmark — ${dialect}, ${date.toISOString().slice(0, 10)}

Run with \`npm run bench\` at ${date.toISOString()}.

## Machine

- CPU: ${info.cpuModel}, ${info.cpus} logical CPUs (\`nproc\`)
- Memory: ${info.memoryGiB} GiB
- Node.js: ${info.node}
- OS: ${info.os}
- Load average (1 min) when the run started: ${info.loadBefore}; when this database's run ended: ${os.loadavg()[0].toFixed(2)}
- Database: ${dialect === "sqlite" ? "SQLite (better-sqlite3, WAL, synchronous=FULL) on the local disk" : "PostgreSQL on the same machine, over TCP loopback"}

The load generator (autocannon) runs on the same machine as the server and shares its CPUs.

## Setup

${seeded}

Each row: autocannon, ${CONNECTIONS} connections, ${DURATION} s, no pipelining, over loopback with a personal access token.
POST /tasks adds tasks to the seeded project (round robin over its sections); PUT /tasks/{gid} renames and
completes/uncompletes tasks spread over the seeded ones.

## Results

${table(outcome.rows)}

req/s is the mean over the run; p50 and p99 are latency percentiles in milliseconds; failed counts non-2xx
answers, socket errors and timeouts (it should be 0).
`;
}

async function main() {
  const info = machine();
  const date = new Date();
  const targets = [["sqlite", undefined]];
  const pgAdmin = process.env.TAKT_BENCH_PG_URL;
  let pgDatabase = null;
  if (pgAdmin) {
    pgDatabase = await createPgDatabase(pgAdmin);
    targets.push(["postgres", pgDatabase.url]);
  }
  console.log(`Machine: ${info.cpuModel}, ${info.cpus} CPUs, ${info.memoryGiB} GiB, Node ${info.node}`);
  try {
    fs.mkdirSync(RESULTS, { recursive: true });
    for (const [dialect, url] of targets) {
      const outcome = await benchmark(dialect, url);
      console.log(`\n${table(outcome.rows)}`);
      // An earlier run of the same day is kept: a second one gets the time in its name.
      let file = path.join(RESULTS, `${date.toISOString().slice(0, 10)}-${dialect}.md`);
      if (fs.existsSync(file)) {
        file = path.join(RESULTS, `${date.toISOString().slice(0, 16).replace(":", "")}-${dialect}.md`);
      }
      fs.writeFileSync(file, report(dialect, outcome, info, date));
      console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
    }
  } finally {
    await pgDatabase?.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
