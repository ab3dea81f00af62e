#!/usr/bin/env node
// What one write costs (npm run bench:writes), measured in the server's process rather than timed from outside,
// so the figures hardly move with the machine's load: SQL statements per request (BEGIN and COMMIT included;
// what triggers run inside a statement is not counted), bytes the process sent to storage (/proc/self/io
// write_bytes: WAL frames and checkpointed pages; the log, on stdout, is not storage), CPU ms per request (the
// whole process's, threads included: the consumers' work after the answer and the client's own), and the answer
// time. Each kind of write runs `--writes` times in a row over one connection against a seeded SQLite workspace,
// after the same number of unmeasured warm-up writes; the job worker runs as in `takt serve`, and each kind's
// figures include what the consumers did for it before the next kind starts. See bench/README.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { register } from "tsx/esm/api";
import { load, machine } from "./lib/report.mjs";
import { prepare, scenarios } from "./lib/scenarios.mjs";
import { costWorkspace, serverEnv } from "./lib/takt-server.mjs";

register();
const server = (file) => import(`../packages/server/src/${file}`);
const { loadConfig } = await server("config.ts");
const { migrateToLatest, openDb } = await server("db/index.ts");
const { buildApp } = await server("http/app.ts");
const { startWorker } = await server("jobs/worker.ts");
const { EventBus } = await server("events/bus.ts");
const { QUERY_COUNT_HEADER } = await server("http/query-count.ts");
const { groupCommitOf } = await server("db/group-commit.ts");
const { walSyncOf } = await server("db/wal-sync.ts");

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "10000" },
    writes: { type: "string", default: "200" },
    "data-dir": { type: "string" },
    "keep-seed": { type: "string" },
    "log-level": { type: "string", default: "warn" },
    "access-log-level": { type: "string" },
    kinds: { type: "string", default: "create,rename,complete,move" },
    label: { type: "string" },
    out: { type: "string" },
    // Requests in flight at once (1: one after another). Above 1, SQLite's group commit can batch them; run with
    // TAKT_SQLITE_GROUP_COMMIT=off and on, back to back, to see what it does.
    concurrency: { type: "string", default: "1" },
  },
});
const WRITES = Number(flags.writes);
const CONCURRENCY = Math.max(1, Number(flags.concurrency));

function processIo() {
  const text = fs.readFileSync("/proc/self/io", "utf8");
  const field = (name) => Number(new RegExp(`^${name}: (\\d+)`, "m").exec(text)?.[1] ?? Number.NaN);
  return { wchar: field("wchar"), writeBytes: field("write_bytes") };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

async function main() {
  // --data-dir: a workspace seeded before, copied so every run starts from the same database; --keep-seed DIR
  // keeps a fresh seed there for later runs.
  const {
    dataDir,
    state,
    drop: dropDatabase,
  } = await costWorkspace({
    from: flags["data-dir"],
    tasks: Number(flags.tasks),
    keep: flags["keep-seed"],
    prefix: "takt-write-cost-",
  });
  const env = serverEnv({ LOG_LEVEL: flags["log-level"] });
  if (flags["access-log-level"]) env.TAKT_ACCESS_LOG_LEVEL = flags["access-log-level"];
  const config = loadConfig({ dataDir }, env);
  const handle = openDb(config, { countQueries: true });
  // As `takt serve` does at start: a seed made by an earlier release gets this one's schema.
  await migrateToLatest(handle.db);
  const takt = { db: handle.db, dialect: handle.dialect, bus: new EventBus(), config, countQueries: true };
  const app = await buildApp(takt);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const worker = startWorker(takt, { log: app.log });
  const api = `http://127.0.0.1:${app.server.address().port}/api/1.0`;
  const rows = [];
  try {
    const list = scenarios(await prepare({ api }, state));
    for (const kind of flags.kinds.split(",")) {
      const send = async () => {
        const request = list[kind].next();
        const started = performance.now();
        const response = await fetch(`${api}${request.path.replace(/^\/api\/1\.0/, "")}`, {
          method: request.method,
          headers: request.headers,
          body: request.body ? JSON.stringify(request.body) : undefined,
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${request.method} ${request.path} -> ${response.status}`);
        return { ms: performance.now() - started, statements: Number(response.headers.get(QUERY_COUNT_HEADER)) };
      };
      // `count` writes, CONCURRENCY of them in flight at any time.
      const sendAll = async (count) => {
        const answers = [];
        let started = 0;
        const lane = async () => {
          while (started < count) {
            started += 1;
            answers.push(await send());
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, lane));
        return answers;
      };
      await sendAll(WRITES);
      await settle();
      const group = groupCommitOf(handle.db);
      const sync = walSyncOf(handle.db);
      const commitsBefore = {
        commits: group?.commits ?? 0,
        units: group?.committedUnits ?? 0,
        flushes: sync?.flushes ?? 0,
      };
      const io = processIo();
      const cpu = process.cpuUsage();
      const wallStart = performance.now();
      const answers = await sendAll(WRITES);
      const wallMs = performance.now() - wallStart;
      const times = answers.map((answer) => answer.ms);
      // Under concurrency a group's BEGIN, savepoints and COMMIT count for the request that opened it: the sum
      // over all requests is still every statement run.
      const statements = answers.reduce((sum, answer) => sum + answer.statements, 0);
      const groupCommits = (group?.commits ?? 0) - commitsBefore.commits;
      const groupUnits = (group?.committedUnits ?? 0) - commitsBefore.units;
      const flushes = (sync?.flushes ?? 0) - commitsBefore.flushes;
      await settle();
      const after = processIo();
      const used = process.cpuUsage(cpu);
      times.sort((a, b) => a - b);
      const row = {
        kind,
        name: list[kind].name,
        writes: WRITES,
        statements: statements / WRITES,
        bytesWritten: (after.wchar - io.wchar) / WRITES,
        storageBytes: (after.writeBytes - io.writeBytes) / WRITES,
        cpuMs: (used.user + used.system) / 1000 / WRITES,
        p50: times[Math.floor(times.length / 2)],
        p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))],
        concurrency: CONCURRENCY,
        perSecond: WRITES / (wallMs / 1000),
        groupCommit: group !== undefined,
        unitsPerCommit: groupCommits ? groupUnits / groupCommits : null,
        // WAL flushes off the event loop (db/wal-sync.ts) per write, the worker's bookkeeping among them.
        flushesPerWrite: sync ? flushes / WRITES : null,
      };
      rows.push(row);
      process.stderr.write(
        `${row.name}: ${row.statements.toFixed(1)} statements, ${(row.bytesWritten / 1024).toFixed(1)} KiB written, ` +
          `${row.cpuMs.toFixed(2)} ms CPU, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, ` +
          `${row.perSecond.toFixed(0)}/s at ${CONCURRENCY} in flight` +
          (row.unitsPerCommit === null ? "" : `, ${row.unitsPerCommit.toFixed(2)} units per COMMIT`) +
          (row.flushesPerWrite === null ? "" : `, ${row.flushesPerWrite.toFixed(2)} WAL flushes per write`) +
          "\n",
      );
    }
  } finally {
    await worker.stop?.();
    await app.close();
    await handle.destroy();
    await dropDatabase();
  }
  const result = {
    date: new Date().toISOString(),
    label: flags.label ?? null,
    flags: process.argv.slice(2),
    info: machine(),
    load: load(),
    tasks: state.stages?.at(-1)?.tasks ?? null,
    logLevel: flags["log-level"],
    accessLogLevel: flags["access-log-level"] ?? null,
    rows,
  };
  const out = flags.out ?? path.join(os.tmpdir(), `takt-write-cost-${Date.now()}.json`);
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
