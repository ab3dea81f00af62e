// Processes the benchmark starts: a fresh database, the Takt server, the seeder, and a resident-memory sampler.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const here = path.dirname(fileURLToPath(import.meta.url));
export const TAKT = path.resolve(here, "../../packages/server/bin/takt.mjs");
const BUILD = path.resolve(here, "../../packages/server/scripts/build.mjs");
const SEED = path.resolve(here, "../seed.mjs");
const run = promisify(execFile);

export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// One statement on its own connection (the benchmark's administration: databases, analyze, settings); its rows.
async function pgQuery(url, statement) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

// What the PostgreSQL server promises about a commit it acknowledges, for the results: with `fsync` off (the tests'
// throwaway server) nothing reaches the disk and write rows are not durable-write figures.
export async function postgresDurability(pgAdminUrl) {
  const [{ version, fsync, synchronous_commit: synchronousCommit }] = await pgQuery(
    pgAdminUrl,
    "select current_setting('server_version') as version, current_setting('fsync') as fsync, " +
      "current_setting('synchronous_commit') as synchronous_commit",
  );
  return { version, fsync, synchronousCommit, durable: fsync === "on" && synchronousCommit !== "off" };
}

// A fresh, empty database: a temporary SQLite data directory, or a new PostgreSQL database (dropped after).
export async function freshDatabase(dialect, pgAdminUrl) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `takt-bench-${dialect}-`));
  if (dialect === "sqlite") {
    return {
      dialect,
      dataDir,
      seedDir: dataDir,
      databaseUrl: undefined,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `takt_bench_${Date.now()}`;
  const admin = (statement) => pgQuery(pgAdminUrl, statement);
  await admin(`create database ${name}`);
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  const seedDir = path.join(dataDir, "seed-sqlite");
  fs.mkdirSync(seedDir);
  return {
    dialect,
    dataDir,
    seedDir,
    databaseUrl: url.toString(),
    async recreate() {
      await admin(`drop database if exists ${name} with (force)`);
      await admin(`create database ${name}`);
    },
    async drop() {
      await admin(`drop database if exists ${name} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Grows the workspace to `tasks` tasks (the state file keeps gids and tokens between calls). The seeder runs
// the server's commands on SQLite; for PostgreSQL that database is then moved over with the server's own
// `takt migrate-db` (row for row, the search index rebuilt by PostgreSQL's triggers) and analysed, as
// autovacuum would have done for a workspace that grew by itself. Running the commands over TCP instead is
// 20 times slower on a small machine (a round trip per statement).
export async function seedTo(database, tasks) {
  const stateFile = path.join(database.seedDir, "bench-state.json");
  const args = [SEED, "--tasks", String(tasks), "--state", stateFile, "--data-dir", database.seedDir];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env: serverEnv({}) });
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`the seeder exited with ${code}`);
  const stage = JSON.parse(out.trim().split("\n").at(-1));
  if (database.databaseUrl) {
    const started = performance.now();
    await database.recreate();
    await takt(database, "migrate-db", "--from", `sqlite:${database.seedDir}`, "--to", database.databaseUrl);
    await pgQuery(database.databaseUrl, "analyze");
    stage.moveSeconds = (performance.now() - started) / 1000;
  }
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  return { stage, state };
}

// The server's environment: quiet logs, no web app, and the abuse limits off (http/rate-limit.ts: the
// benchmark is a handful of tokens sending thousands of requests a second from one address, exactly what
// they exist to stop).
export function serverEnv(extra) {
  return {
    ...process.env,
    DATABASE_URL: "",
    LOG_LEVEL: "warn",
    TAKT_WEB_DIR: "",
    TAKT_RATE_LIMITS: "off",
    TAKT_RATE_LIMIT_PER_MINUTE: "0",
    TAKT_RATE_LIMIT_IP_PER_MINUTE: "0",
    TAKT_RATE_LIMIT_CONCURRENT: "0",
    ...extra,
  };
}

// The server runs as in production (npm start): compiled by the server's build, not through tsx, with the
// V8 flag the root package.json's start script passes (bench/README.md, "Memory").
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4"];
let built = null;
export function buildServer() {
  built ??= run(process.execPath, [BUILD]).then(({ stdout }) => stdout.trim());
  return built;
}

export async function startTakt(database, { profileDir } = {}) {
  await buildServer();
  const port = await freePort();
  const args = [TAKT, "serve", "--port", String(port), "--host", "127.0.0.1", "--data-dir", database.dataDir];
  if (database.databaseUrl) args.push("--database-url", database.databaseUrl);
  const nodeArgs = [...SERVER_NODE_FLAGS, ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [])];
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: serverEnv({ TAKT_RUN_FROM: "dist" }),
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (tries > 1200) throw new Error("the server did not start within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    pid: child.pid,
    base,
    api: `${base}/api/1.0`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

// Resident memory of a process from /proc: VmRSS now, VmHWM the peak since it started (Linux only).
export function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: kib("VmRSS") / 1024, hwmMiB: kib("VmHWM") / 1024 };
  } catch {
    return { rssMiB: Number.NaN, hwmMiB: Number.NaN };
  }
}

// Samples VmRSS every 200 ms while `work` runs; answers work's result and the highest sample.
export async function sampleMemory(pid, work) {
  let peak = memoryOf(pid).rssMiB;
  const timer = setInterval(() => {
    const { rssMiB } = memoryOf(pid);
    if (!(rssMiB <= peak)) peak = rssMiB;
  }, 200);
  try {
    const result = await work();
    return { result, peakRssMiB: Math.max(peak, memoryOf(pid).rssMiB) };
  } finally {
    clearInterval(timer);
  }
}

// A CLI call of the server (takt migrate, …) on the benchmark's database.
export async function takt(database, ...args) {
  return (
    await run(process.execPath, [TAKT, ...args, "--data-dir", database.dataDir], {
      env: serverEnv({}),
      maxBuffer: 16 * 1024 * 1024,
    })
  ).stdout;
}

// The SQLite workspace of an in-process cost run (bench/read-cost.mjs, bench/write-cost.mjs): a copy of `from` (a
// data dir seeded before, its state in bench-state.json beside it), so every run starts from the same database, or
// a fresh seed of `tasks` tasks (copied to `keep` when given, for later runs). `drop` removes it.
export async function costWorkspace({ from, tasks, keep, prefix }) {
  if (from) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const file of fs.readdirSync(from))
      fs.cpSync(path.join(from, file), path.join(dataDir, file), { recursive: true });
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, "bench-state.json"), "utf8"));
    return { dataDir, state, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const database = await freshDatabase("sqlite");
  const { state } = await seedTo(database, tasks);
  if (keep) fs.cpSync(database.dataDir, keep, { recursive: true });
  return { dataDir: database.dataDir, state, drop: () => database.drop() };
}
