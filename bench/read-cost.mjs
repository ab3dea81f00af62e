#!/usr/bin/env node
// What one read costs (npm run bench:reads), measured in the server's process rather than timed from outside, so
// the figures hardly move with the machine's load: SQL statements per request (from the x-takt-query-count
// header), CPU ms per request (the whole process: the server and the in-process HTTP client, the same in every
// run), answer bytes and answer time. Each read row of the HTTP benchmark (bench/lib/scenarios.mjs) runs
// `--requests` times in a row over one connection against a seeded SQLite workspace, after as many unmeasured
// warm-up requests; the rows `create` and `rename` measure what answering a write costs (their statements include
// the write's own). See bench/README.md.
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
const { EventBus } = await server("events/bus.ts");
const { QUERY_COUNT_HEADER } = await server("http/query-count.ts");

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "10000" },
    requests: { type: "string", default: "200" },
    "data-dir": { type: "string" },
    "keep-seed": { type: "string" },
    "log-level": { type: "string", default: "warn" },
    kinds: { type: "string", default: "list,column,myTasks,task,stories,create,rename" },
    // Run each row this many times over, keeping the lowest CPU figure (the one least disturbed by other work).
    rounds: { type: "string", default: "1" },
    label: { type: "string" },
    out: { type: "string" },
  },
});
const REQUESTS = Number(flags.requests);
const ROUNDS = Math.max(1, Number(flags.rounds));

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
    prefix: "takt-read-cost-",
  });
  const env = serverEnv({ LOG_LEVEL: flags["log-level"] });
  const config = loadConfig({ dataDir }, env);
  const handle = openDb(config, { countQueries: true });
  // As `takt serve` does at start: a seed made by an earlier release gets this one's schema.
  await migrateToLatest(handle.db);
  const takt = { db: handle.db, dialect: handle.dialect, bus: new EventBus(), config, countQueries: true };
  const app = await buildApp(takt);
  await app.listen({ port: 0, host: "127.0.0.1" });
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
        const body = await response.arrayBuffer();
        if (!response.ok) throw new Error(`${request.method} ${request.path} -> ${response.status}`);
        return {
          ms: performance.now() - started,
          bytes: body.byteLength,
          statements: Number(response.headers.get(QUERY_COUNT_HEADER)),
        };
      };
      for (let index = 0; index < REQUESTS; index += 1) await send();
      let best = null;
      for (let round = 0; round < ROUNDS; round += 1) {
        const cpu = process.cpuUsage();
        const times = [];
        let statements = 0;
        let bytes = 0;
        for (let index = 0; index < REQUESTS; index += 1) {
          const answer = await send();
          times.push(answer.ms);
          statements += answer.statements;
          bytes += answer.bytes;
        }
        const used = process.cpuUsage(cpu);
        times.sort((a, b) => a - b);
        const row = {
          kind,
          name: list[kind].name,
          requests: REQUESTS,
          statements: statements / REQUESTS,
          answerBytes: bytes / REQUESTS,
          cpuMs: (used.user + used.system) / 1000 / REQUESTS,
          p50: times[Math.floor(times.length / 2)],
          p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))],
        };
        if (!best || row.cpuMs < best.cpuMs) best = row;
      }
      rows.push(best);
      process.stderr.write(
        `${best.name}: ${best.statements.toFixed(1)} statements, ${best.cpuMs.toFixed(2)} ms CPU, ` +
          `${(best.answerBytes / 1024).toFixed(1)} KiB, p50 ${best.p50.toFixed(1)} ms, p99 ${best.p99.toFixed(1)} ms\n`,
      );
    }
  } finally {
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
    rows,
  };
  const out = flags.out ?? path.join(os.tmpdir(), `takt-read-cost-${Date.now()}.json`);
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
