// The results file: machine, seed, ceiling, every row with its ratio to the ceiling, growth, fan-out, targets.
import fs from "node:fs";
import os from "node:os";

// Older results carry no settings of the server.
function postgresLine(settings) {
  if (!settings) return "PostgreSQL on the same machine, over TCP loopback";
  const flushed = settings.durable
    ? "every commit flushed to disk before it is acknowledged"
    : "commits not flushed to disk: the write rows are not durable-write figures";
  return `PostgreSQL ${settings.version} on the same machine, over TCP loopback (\`fsync=${settings.fsync}\`, \`synchronous_commit=${settings.synchronousCommit}\`: ${flushed})`;
}

export function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpuModel: model.trim(),
    cpus: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

// 1, 5 and 15 minute load averages: how busy the machine was (other work lowers every figure).
export const load = () => os.loadavg().map((value) => Number(value.toFixed(2)));

const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en") : "–");
const ms = (value) => (Number.isFinite(value) ? (value >= 10 ? value.toFixed(0) : value.toFixed(1)) : "–");
const pct = (value) => (Number.isFinite(value) ? `${(value * 100).toFixed(0)} %` : "–");
const mib = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} MiB` : "–");

function table(header, rows) {
  return [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

// Which ceiling row a Takt row is compared with: writes with the same write, reads with the indexed select.
export function ceilingFor(row, ceiling) {
  const byKind = { create: "insert", update: "update", read: "select" };
  if (row.kind === "mixed")
    return ceiling.find((other) => other.kind === "mixed" && other.connections === row.connections);
  return ceiling.find((other) => other.name === `ceiling ${byKind[row.kind]}`);
}

export function withRatios(rows, ceiling) {
  return rows.map((row) => {
    const base = ceilingFor(row, ceiling);
    return { ...row, ceiling: base?.name ?? null, ratio: base ? row.requestsPerSecond / base.requestsPerSecond : null };
  });
}

function rowsTable(rows) {
  return table(
    ["row", "conns", "req/s", "p50 ms", "p99 ms", "errors", "peak RSS", "vs ceiling", "1st answer max ms"],
    rows.map((row) => [
      row.total === 0 ? `${row.name} (no request finished)` : row.name,
      String(row.connections),
      int(row.requestsPerSecond),
      ms(row.p50),
      ms(row.p99),
      String(row.errors),
      mib(row.peakRssMiB),
      row.ratio === null || row.ratio === undefined
        ? "–"
        : `${pct(row.ratio)} of ${row.ceiling.replace("ceiling ", "")}`,
      row.firstAnswerMaxMs === null || row.firstAnswerMaxMs === undefined ? "–" : ms(row.firstAnswerMaxMs),
    ]),
  );
}

export function targetsOf(result) {
  const { rows, growth, fanout, dialect, memory } = result;
  const find = (name, connections) =>
    rows.find((row) => row.name === name && (!connections || row.connections === connections));
  const targets = [];
  const ratioTarget = (label, row) => {
    if (!row) return;
    targets.push({
      target: `${label} ≥ 50 % of the ceiling's ${row.ceiling?.replace("ceiling ", "")} rate`,
      measured: `${int(row.requestsPerSecond)} req/s = ${pct(row.ratio)}`,
      met: row.ratio >= 0.5,
    });
  };
  ratioTarget("create task", find("create task"));
  for (const name of ["update: rename", "update: complete", "update: move section"]) ratioTarget(name, find(name));
  const list = find("list project tasks");
  if (list) {
    targets.push({
      target: "list page p99 ≤ 25 ms at 10 connections",
      measured: `p99 ${ms(list.p99)} ms at ${list.connections} connections`,
      met: list.connections === 10 && list.p99 <= 25,
    });
  }
  for (const connections of [10, 50]) {
    const mixed = rows.find((row) => row.kind === "mixed" && row.connections === connections);
    if (!mixed) continue;
    targets.push({
      target: `mixed 80/20 at ${connections} connections ≥ 2,000 req/s with p99 ≤ 50 ms${dialect === "sqlite" ? "" : " (set for SQLite)"}`,
      measured: `${int(mixed.requestsPerSecond)} req/s, p99 ${ms(mixed.p99)} ms`,
      met: mixed.requestsPerSecond >= 2000 && mixed.p99 <= 50,
    });
  }
  const last = growth.at(-1);
  const search = find("text search");
  if (search) {
    targets.push({
      target: "search p99 ≤ 50 ms over 100,000 tasks",
      measured: `p99 ${ms(search.p99)} ms at ${int(last.tasks)} tasks`,
      met: search.p99 <= 50 && last.tasks >= 100_000,
    });
  }
  const first = growth[0];
  if (first && last && first !== last) {
    for (const name of ["list project tasks", "text search"]) {
      const small = first.rows.find((row) => row.name === name);
      const large = last.rows.find((row) => row.name === name);
      if (!small || !large) continue;
      const ratio = large.mean / small.mean;
      targets.push({
        target: `${name.replace("project tasks", "page")} latency at 100,000 tasks within 1.5× of 1,000 (mean latency)`,
        measured: `${ms(small.mean)} → ${ms(large.mean)} ms (${ratio.toFixed(2)}×) from ${int(first.tasks)} to ${int(last.tasks)} tasks; p99 ${ms(small.p99)} → ${ms(large.p99)} ms`,
        met: ratio <= 1.5 && last.tasks >= 100_000,
      });
    }
  }
  targets.push({
    target: "server RSS ≤ 200 MB with the 100,000-task workspace under load",
    measured: `peak ${mib(memory.hwmMiB)} (VmHWM) at ${int(last.tasks)} tasks`,
    met: memory.hwmMiB * 1.048576 <= 200 && last.tasks >= 100_000,
  });
  if (fanout) {
    targets.push({
      target: `WebSocket fan-out to ${fanout.clients} clients p99 ≤ 100 ms`,
      measured: `p99 ${ms(fanout.fromSend.p99)} ms from the write's send (${ms(fanout.fromAck.p99)} ms from its answer), ${fanout.missed} missed`,
      met: fanout.fromSend.p99 <= 100 && fanout.missed === 0 && fanout.clients >= 200,
    });
  }
  return targets;
}

export function markdown(result) {
  const { info, dialect, flags } = result;
  const seedRows = result.seed.map((stage) => [
    int(stage.target),
    int(stage.tasks),
    `${stage.taskSeconds.toFixed(0)} s (${int(stage.tasks / stage.taskSeconds)}/s)`,
    `${int(stage.comments)} in ${stage.commentSeconds.toFixed(0)} s`,
    `${stage.seconds.toFixed(0)} s${stage.moveSeconds ? ` + ${stage.moveSeconds.toFixed(0)} s to move` : ""}`,
    int(stage.counts.stories),
    int(stage.counts.events),
    int(stage.counts.task_memberships),
    int(stage.counts.task_custom_field_values),
  ]);
  const growthNames = [...new Set(result.growth.flatMap((stage) => stage.rows.map((row) => row.name)))];
  const growthRows = growthNames.map((name) => [
    name,
    ...result.growth.map((stage) => {
      const row = stage.rows.find((other) => other.name === name);
      return row ? `${ms(row.mean)} / ${ms(row.p50)} / ${ms(row.p99)} (${int(row.requestsPerSecond)} req/s)` : "–";
    }),
  ]);
  const fan = result.fanout;
  return `# Takt HTTP benchmark — ${dialect}, ${result.date.slice(0, 10)}

\`npm run bench${flags.length ? ` -- ${flags.join(" ")}` : ""}\`, started ${result.date}, took ${(result.seconds / 60).toFixed(1)} min.

## Machine

- CPU: ${info.cpuModel}, ${info.cpus} logical CPUs (\`nproc\`); memory ${info.memoryGiB} GiB; Node.js ${info.node}; ${info.os}
- Load average (1/5/15 min) before: ${result.loadBefore.join(" / ")}; after: ${result.loadAfter.join(" / ")}
- Database: ${dialect === "sqlite" ? "SQLite (better-sqlite3, WAL; every commit flushed to disk before it is acknowledged) on the local disk" : postgresLine(result.postgres)}

Everything (server, database, load generator) shares these CPUs; the machine is shared with other work, so
these figures are floors and compare only with runs on the same machine at a similar load.

## Targets

${table(
  ["target", "measured", ""],
  result.targets.map((target) => [target.target, target.measured, target.met ? "met" : "**not met**"]),
)}

## Results at ${int(result.growth.at(-1).tasks)} tasks

Each row: autocannon, ${result.duration} s after a ${result.warmup} s warm-up on the same connections (the row counts
the requests sent after the warm-up; once per server start, ${result.warmup * 5} s of all the read rows in turn come first), no pipelining, loopback, personal access tokens of the five people of the first
team in rotation; before each row the server is left to finish what the previous one left in flight. "vs ceiling" is req/s as a share of the ceiling
row doing the same kind of work (writes against the same write, reads against the indexed select of 100 rows,
mixed against the ceiling's 80/20 mix at the same connections). Peak RSS is the server process's highest VmRSS
sampled every 200 ms during the row. "1st answer max" is the longest any of the row's connections waited for its
first answer, in the warm-up: a Node.js server accepts one new connection per turn of its event loop, so under
load the last of 50 connections opened at once waits for as many turns (bench/README.md, "New connections").

${rowsTable(result.rows)}

${[...new Map(result.rows.map((row) => [row.name, row])).values()].map((row) => `- **${row.name}**: ${row.request}`).join("\n")}

Update rows are three separate rows (rename, complete, move section), not one mixed row. "Get a task with its
stories" is two rows: \`GET /tasks/{gid}\` and \`GET /tasks/{gid}/stories\` (what the task pane loads).

## Ceiling

Bare Fastify + ${dialect === "sqlite" ? "better-sqlite3 (WAL, synchronous=FULL)" : "pg (pool of 10)"} in a child process on the same machine
(\`bench/ceiling.mjs\`): one table of 100,000 rows, no auth, validation, visibility, events or presenters.

${rowsTable(result.ceiling)}

${[...new Map(result.ceiling.map((row) => [row.name, row])).values()].map((row) => `- **${row.name}**: ${row.request}`).join("\n")}

## Growth

Mean / p50 / p99 latency in ms (and req/s) at ${flags.includes("--quick") ? "" : ""}${result.duration} s, ${result.connections} connections, as the
workspace grows; the list project holds the same 400 top-level tasks at every size, the search terms match a
fixed share of all tasks (so more rows at 100,000).

${table(["row", ...result.growth.map((stage) => `${int(stage.tasks)} tasks`)], growthRows)}

## WebSocket fan-out

${
  fan
    ? `${fan.clients} sockets of ${fan.distinctUsers} distinct members of the list project on \`/api/1.0/realtime\`;
${fan.writes} renames of that project's tasks, one at a time (100 ms apart), by one of them. Latency until each
client has the task's "changed name" event: ${fan.deliveries.toLocaleString("en")} deliveries, ${fan.missed} missed (none within 10 s).

${table(
  ["measured from", "p50 ms", "p99 ms", "max ms"],
  [
    ["the write's send", ms(fan.fromSend.p50), ms(fan.fromSend.p99), ms(fan.fromSend.max)],
    ["the write's HTTP answer", ms(fan.fromAck.p50), ms(fan.fromAck.p99), ms(fan.fromAck.max)],
  ],
)}

Server peak RSS during the fan-out: ${mib(fan.peakRssMiB)}.`
    : "Not run."
}

## Memory

The server process's peak resident memory (VmHWM) over the final stage: ${mib(result.memory.hwmMiB)}.

## Seed

${result.seedNote}

${table(
  [
    "grown to",
    "tasks added",
    "tasks",
    "comments",
    "stage total",
    "stories",
    "events",
    "task memberships",
    "custom field values",
  ],
  seedRows,
)}
`;
}

// bench/results/<date>-<db>.md, or <date>T<hhmm>-<db>.md when that day's file exists (earlier runs are kept).
export function resultPath(dir, date, dialect) {
  const day = date.toISOString().slice(0, 10);
  const plain = `${dir}/${day}-${dialect}`;
  if (!fs.existsSync(`${plain}.md`) && !fs.existsSync(`${plain}.json`)) return plain;
  return `${dir}/${date.toISOString().slice(0, 16).replace(":", "")}-${dialect}`;
}
