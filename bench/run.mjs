#!/usr/bin/env node
// HTTP benchmark (npm run bench): a ceiling server, then Takt on a fresh database grown to 1,000, 10,000 and
// 100,000 tasks by the bulk seeder, measured with autocannon at each size, and at full size every row, the
// mixed workload and the WebSocket fan-out. Writes bench/results/<date>-<db>.md and .json. See bench/README.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fanout } from "./lib/fanout.mjs";
import { measure } from "./lib/load.mjs";
import { load, machine, markdown, resultPath, targetsOf, withRatios } from "./lib/report.mjs";
import { ceilingScenarios, prepare, scenarios } from "./lib/scenarios.mjs";
import { freePort, freshDatabase, memoryOf, postgresDurability, seedTo, startTakt } from "./lib/takt-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(here, "results");

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string", default: process.env.TAKT_BENCH_DURATION },
    connections: { type: "string", default: process.env.TAKT_BENCH_CONNECTIONS ?? "10" },
    tasks: { type: "string", default: process.env.TAKT_BENCH_TASKS },
    db: { type: "string", default: "all" },
    "fanout-clients": { type: "string", default: "200" },
    "fanout-writes": { type: "string" },
    profile: { type: "boolean", default: false },
    rows: { type: "string" },
    out: { type: "string" },
  },
});
const QUICK = flags.quick;
const DURATION = Number(flags.duration ?? (QUICK ? 3 : 10));
const WARMUP = QUICK ? 1 : 2;
const CONNECTIONS = Number(flags.connections);
const TASKS = Number(flags.tasks ?? (QUICK ? 10_000 : 100_000));
const STAGES = [...[1000, 10_000, 100_000].filter((size) => size < TASKS), TASKS];
const FANOUT_CLIENTS = Number(flags["fanout-clients"]);
const FANOUT_WRITES = Number(flags["fanout-writes"] ?? (QUICK ? 10 : 30));
// A quick run is for development: its files go to a temporary directory unless --out says otherwise.
const OUT = flags.out ?? (QUICK ? fs.mkdtempSync(path.join(os.tmpdir(), "takt-bench-")) : RESULTS);
// --rows search,typeahead: only these rows (and no ceiling unless "ceiling" is named), e.g. to check one target.
const ONLY = flags.rows ? new Set(flags.rows.split(",").map((name) => name.trim())) : null;
const wanted = (name) => !ONLY || ONLY.has(name);
const PG_ADMIN = process.env.TAKT_BENCH_PG_URL || process.env.DATABASE_URL || "";

const log = (line) => console.log(line);
const fmt = (row) =>
  `${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.errors} errors, ` +
  `RSS ${row.peakRssMiB.toFixed(0)} MiB`;

async function row(server, scenario, connections = CONNECTIONS) {
  process.stdout.write(`  ${scenario.name} @${connections} … `);
  const result = await measure(server, scenario, { connections, duration: DURATION, warmup: WARMUP });
  log(fmt(result));
  if (result.errors) log(`    failures: ${JSON.stringify(result.failures)}`);
  return result;
}

async function startCeiling(database) {
  const port = await freePort();
  const args = [path.join(here, "ceiling.mjs"), "--port", String(port)];
  if (database.databaseUrl) args.push("--database-url", database.databaseUrl);
  else args.push("--data-dir", database.dataDir);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => String(chunk).includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`the ceiling server exited with ${code}`)));
  });
  return {
    pid: child.pid,
    base: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function ceilingRows(dialect) {
  log(`\n== ${dialect}: ceiling (bare Fastify + ${dialect === "sqlite" ? "better-sqlite3" : "pg"}) ==`);
  const database = await freshDatabase(dialect, PG_ADMIN);
  const server = await startCeiling(database);
  try {
    const list = ceilingScenarios();
    const rows = [];
    for (const name of ["insert", "update", "select"]) rows.push(await row(server, list[name]));
    for (const connections of [10, 50]) rows.push(await row(server, list.mixed, connections));
    return rows;
  } finally {
    await server.stop();
    await database.drop();
  }
}

async function benchmark(dialect) {
  const startedAt = new Date();
  const started = performance.now();
  const loadBefore = load();
  const postgres = dialect === "postgres" ? await postgresDurability(PG_ADMIN) : undefined;
  const ceiling = wanted("ceiling") ? await ceilingRows(dialect) : [];
  const database = await freshDatabase(dialect, PG_ADMIN);
  const seed = [];
  const growth = [];
  let rows = [];
  let fan = null;
  let hwmMiB = Number.NaN;
  try {
    for (const size of STAGES) {
      const final = size === STAGES.at(-1);
      log(`\n== ${dialect}: growing the workspace to ${size.toLocaleString("en")} tasks ==`);
      const { stage, state } = await seedTo(database, size);
      log(
        `  seeded ${stage.tasks.toLocaleString("en")} tasks in ${stage.taskSeconds.toFixed(0)} s and ` +
          `${stage.comments.toLocaleString("en")} comments in ${stage.commentSeconds.toFixed(0)} s ` +
          `(${stage.counts.stories.toLocaleString("en")} stories, ${stage.counts.events.toLocaleString("en")} events in all)`,
      );
      if (stage.moveSeconds)
        log(`  moved to PostgreSQL with takt migrate-db (+ analyze) in ${stage.moveSeconds.toFixed(0)} s`);
      seed.push(stage);
      const profileDir =
        final && flags.profile ? fs.mkdtempSync(path.join(os.tmpdir(), "takt-bench-prof-")) : undefined;
      const server = await startTakt(database, { profileDir });
      try {
        const list = scenarios(await prepare(server, state));
        log(`== ${dialect}: measuring at ${size.toLocaleString("en")} tasks ==`);
        await measure(server, list.warm, { connections: CONNECTIONS, duration: WARMUP * 5 });
        const stageRows = [];
        for (const name of ["list", "search", "typeahead"].filter(wanted))
          stageRows.push(await row(server, list[name]));
        growth.push({ tasks: size, load: load(), rows: stageRows });
        if (final) {
          rows = [...stageRows];
          for (const name of ["column", "myTasks", "task", "stories"].filter(wanted))
            rows.push(await row(server, list[name]));
          if (wanted("fanout")) {
            process.stdout.write(`  WebSocket fan-out to ${FANOUT_CLIENTS} clients … `);
            fan = await fanout(server, state, { clients: FANOUT_CLIENTS, writes: FANOUT_WRITES });
            log(
              `p50 ${fan.fromSend.p50.toFixed(1)} ms, p99 ${fan.fromSend.p99.toFixed(1)} ms, ` +
                `max ${fan.fromSend.max.toFixed(1)} ms from send; ${fan.missed} missed`,
            );
          }
          for (const name of ["create", "rename", "complete", "move"].filter(wanted))
            rows.push(await row(server, list[name]));
          if (wanted("mixed"))
            for (const connections of [10, 50]) rows.push(await row(server, list.mixed, connections));
          hwmMiB = memoryOf(server.pid).hwmMiB;
        }
      } finally {
        await server.stop();
        if (profileDir) log(`  CPU profile of the final stage's server: ${profileDir}`);
      }
    }
  } finally {
    await database.drop();
  }
  const result = {
    dialect,
    date: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
    flags: process.argv.slice(2),
    info: machine(),
    postgres,
    loadBefore,
    loadAfter: load(),
    duration: DURATION,
    warmup: WARMUP,
    connections: CONNECTIONS,
    ceiling,
    rows: withRatios(rows, ceiling),
    growth: growth.map((stage) => ({ ...stage, rows: withRatios(stage.rows, ceiling) })),
    fanout: fan,
    memory: { hwmMiB },
    seed,
    seedNote:
      "Seeded in-process by `bench/seed.mjs` through the server's own commands (createProject, createTask, " +
      "updateTask, addComment…), a few hundred per transaction: the same rows, events, system stories, " +
      "search-index rows, order keys and memberships as the API writes (checked by `node bench/check-seed.mjs`). " +
      "50 people in 10 teams (plus 150 observers in the list project, for the fan-out), 200 projects of 5 " +
      "sections with 5 of 10 workspace custom fields each; a fifth of the tasks are subtasks, a tenth live in a " +
      "second project, 60 % of a task's fields have values, 30 % are completed afterwards and 10 % rescheduled; " +
      "comments bring the stories to 3 per task. Event consumers start after the seeded history." +
      (dialect === "postgres"
        ? " On PostgreSQL the seed runs on SQLite and is moved over at each size with the server's own " +
          "`takt migrate-db` (the search index rebuilt by PostgreSQL's triggers), then `analyze`d."
        : ""),
  };
  result.targets = targetsOf(result);
  return result;
}

async function main() {
  const dialects = [];
  if (flags.db !== "postgres") dialects.push("sqlite");
  if (flags.db !== "sqlite" && PG_ADMIN) dialects.push("postgres");
  if (flags.db === "postgres" && !PG_ADMIN) throw new Error("--db postgres needs DATABASE_URL or TAKT_BENCH_PG_URL");
  const info = machine();
  log(
    `Machine: ${info.cpuModel}, ${info.cpus} CPUs, ${info.memoryGiB} GiB, Node ${info.node}; load ${load().join(" / ")}`,
  );
  log(
    `Stages: ${STAGES.map((size) => size.toLocaleString("en")).join(" → ")} tasks; ${DURATION} s per row at ${CONNECTIONS} connections`,
  );
  fs.mkdirSync(OUT, { recursive: true });
  for (const dialect of dialects) {
    const result = await benchmark(dialect);
    const file = resultPath(OUT, new Date(result.date), `${dialect}${QUICK ? "-quick" : ""}`);
    fs.writeFileSync(`${file}.json`, `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(`${file}.md`, markdown(result));
    log(`\nTargets (${dialect}):`);
    for (const target of result.targets)
      log(`  ${target.met ? "met    " : "NOT MET"} ${target.target}: ${target.measured}`);
    log(`wrote ${path.relative(process.cwd(), `${file}.md`)} and .json`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
