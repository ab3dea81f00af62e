// The soak's server side: the machine it runs on, a fresh database (SQLite data directory or a PostgreSQL
// database created for the run), and `takt serve` started through the CLI with seeded users and their tokens.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import SQLite from "better-sqlite3";
import pg from "pg";

const here = path.dirname(fileURLToPath(import.meta.url));
const TAKT = path.resolve(here, "../../packages/server/bin/takt.mjs");
const run = promisify(execFile);

export function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

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

async function withPg(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// A database of its own for the run, dropped afterwards: the soak never touches existing data.
export async function createPgDatabase(adminUrl) {
  const name = `takt_soak_${Date.now()}`;
  await withPg(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    rowCounts: (tables) =>
      withPg(url.toString(), (client) => countRows(tables, async (sql) => (await client.query(sql)).rows[0].count)),
    size: () =>
      withPg(adminUrl, async (client) => {
        const { rows } = await client.query("select pg_database_size($1) as bytes", [name]);
        return Number(rows[0].bytes);
      }),
    drop: () => withPg(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)),
  };
}

// Resident set size of a process in bytes, from /proc (Linux); null elsewhere or once it has exited.
export function rssOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

function sqliteSize(dataDir) {
  let bytes = 0;
  for (const suffix of ["", "-wal", "-shm"]) {
    const file = path.join(dataDir, `takt.sqlite${suffix}`);
    if (fs.existsSync(file)) bytes += fs.statSync(file).size;
  }
  return bytes;
}

// Rows per table (tables that do not exist are left out): what the database grows with.
async function countRows(tables, count) {
  const counts = {};
  for (const table of tables) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
    try {
      counts[table] = Number(await count(`select count(*) as count from ${table}`));
    } catch {}
  }
  return counts;
}

async function sqliteRowCounts(dataDir, tables) {
  const sqlite = new SQLite(path.join(dataDir, "takt.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return await countRows(tables, async (sql) => sqlite.prepare(sql).get().count);
  } finally {
    sqlite.close();
  }
}

// users: [{ email, name, admin }]. Returns the running server with one token per user.
export async function startTakt({ dialect, database, users, env: extraEnv = {} }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `takt-soak-${dialect}-`));
  const env = {
    ...process.env,
    DATABASE_URL: database?.url ?? "",
    LOG_LEVEL: "warn",
    TAKT_WEB_DIR: "",
    ...extraEnv,
  };
  const cli = async (...args) => (await run(process.execPath, [TAKT, ...args, "--data-dir", dataDir], { env })).stdout;
  await cli("workspace", "add", "--name", "Soak Co");
  const tokens = [];
  for (const user of users) {
    const role = user.admin ? ["--admin"] : [];
    await cli("user", "add", "--email", user.email, "--name", user.name, "--password", "soak-password", ...role);
    tokens.push((await cli("token", "create", "--email", user.email)).trim().split("\n").at(-1));
  }

  const port = await freePort();
  const child = spawn(
    process.execPath,
    [TAKT, "serve", "--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir],
    { env, stdio: ["ignore", "inherit", "inherit"] },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/api/1.0/users/me`, { headers: { authorization: `Bearer ${tokens[0]}` } });
      if (response.ok) break;
    } catch {}
    if (tries > 600) throw new Error("the server did not start within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let exitCode = null;
  child.once("exit", (code, signal) => {
    exitCode = code ?? signal;
  });
  return {
    base,
    port,
    pid: child.pid,
    tokens,
    exited: () => exitCode,
    rss: () => rssOf(child.pid),
    rowCounts: (tables) => (database ? database.rowCounts(tables) : sqliteRowCounts(dataDir, tables)),
    dbSize: () => (database ? database.size() : Promise.resolve(sqliteSize(dataDir))),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
