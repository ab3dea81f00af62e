#!/usr/bin/env node
// UI benchmark: the built web app in Debian's Chromium against a real server on a fresh SQLite database with one
// large project. Measures time to first rows, scroll frame times, DOM size and JS heap in the List and Board views.
// See bench/README.md.
import { execFile, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import SQLite from "better-sqlite3";
import { generateNKeysBetween } from "fractional-indexing";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, "..");
const TAKT = path.join(ROOT, "packages/server/bin/takt.mjs");
const RESULTS = path.join(here, "results");
const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: process.env.TAKT_BENCH_TASKS ?? "5000" },
    step: { type: "string", default: process.env.TAKT_BENCH_SCROLL_STEP ?? "120" },
    "skip-build": { type: "boolean", default: false },
  },
});
const TASKS = Number(flags.tasks);
const SECTIONS = 4;
const STEP = Number(flags.step); // pixels scrolled per animation frame
const EMAIL = "bench@example.test";
const PASSWORD = "bench-password";

function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGiB: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
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

async function startTakt() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-bench-ui-"));
  // A private copy of the built app: a build started elsewhere during the run (the e2e tests rebuild
  // packages/web/dist) must not swap the files under the browser.
  const webDir = path.join(dataDir, "web");
  fs.cpSync(path.join(ROOT, "packages/web/dist"), webDir, { recursive: true });
  const env = { ...process.env, DATABASE_URL: "", LOG_LEVEL: "warn", TAKT_WEB_DIR: webDir };
  const cli = async (...args) => (await run(process.execPath, [TAKT, ...args, "--data-dir", dataDir], { env })).stdout;
  await cli("workspace", "add", "--name", "Bench Co");
  await cli("user", "add", "--email", EMAIL, "--name", "Bench", "--password", PASSWORD, "--admin");
  const token = (await cli("token", "create", "--email", EMAIL)).trim().split("\n").at(-1);
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
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  for (let tries = 0; ; tries += 1) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/1.0/users/me`, { headers })).ok) break;
    } catch {}
    if (tries > 400) throw new Error("the server did not start within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    dataDir,
    async call(method, route, data) {
      const response = await fetch(`${base}/api/1.0${route}`, {
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

// The project and its sections through the API; the tasks straight into the database (seconds, not a minute).
async function seed(takt) {
  const me = await takt.call("GET", "/users/me");
  const workspace = me.workspaces[0].gid;
  const project = await takt.call("POST", "/projects", { name: "Bench project", workspace });
  let sections = await takt.call("GET", `/projects/${project.gid}/sections`);
  while (sections.length < SECTIONS) {
    await takt.call("POST", `/projects/${project.gid}/sections`, { name: `Stage ${sections.length + 1}` });
    sections = await takt.call("GET", `/projects/${project.gid}/sections`);
  }
  sections = sections.slice(0, SECTIONS);
  const started = performance.now();
  const sqlite = new SQLite(path.join(takt.dataDir, "takt.sqlite"));
  sqlite.pragma("busy_timeout = 5000");
  const now = new Date().toISOString();
  // gids below the server's own (an hour back on the gid clock), so they never collide with new ones.
  const baseMillis = Date.now() - Date.UTC(2024, 0, 1) - 3_600_000;
  const gidOf = (index) => (baseMillis + Math.floor(index / 4000)) * 4096 + (index % 4000);
  const perSection = Math.ceil(TASKS / SECTIONS);
  const keys = generateNKeysBetween(null, null, perSection);
  const insertTask = sqlite.prepare(
    `insert into tasks (gid, workspace_gid, root_gid, name, assignee_gid, due_on, completed, created_by_gid, created_at, modified_at)
     values (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
  );
  const insertMembership = sqlite.prepare(
    "insert into task_memberships (task_gid, project_gid, section_gid, order_key, created_at) values (?, ?, ?, ?, ?)",
  );
  sqlite.transaction(() => {
    for (let index = 0; index < TASKS; index += 1) {
      const gid = gidOf(index);
      const dueOn = index % 2 === 0 ? new Date(Date.UTC(2026, 0, 1 + (index % 365))).toISOString().slice(0, 10) : null;
      insertTask.run(
        gid,
        Number(workspace),
        gid,
        `Task ${index + 1}`,
        index % 3 === 0 ? Number(me.gid) : null,
        dueOn,
        Number(me.gid),
        now,
        now,
      );
      insertMembership.run(
        gid,
        Number(project.gid),
        Number(sections[index % SECTIONS].gid),
        keys[Math.floor(index / SECTIONS)],
        now,
      );
    }
  })();
  sqlite.close();
  return { project, sections, seedSeconds: (performance.now() - started) / 1000 };
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;

// Scrolls the element to its end, one step per animation frame, and records every frame's duration.
async function scrollThrough(page, selector, step) {
  return page.evaluate(
    async ({ selector, step }) => {
      const element = document.querySelector(selector);
      if (!element) throw new Error(`no ${selector}`);
      const frames = [];
      let maxNodes = 0;
      let maxRows = 0;
      let last = performance.now();
      let frame = 0;
      const started = last;
      await new Promise((resolve) => {
        function tick(now) {
          frames.push(now - last);
          last = now;
          frame += 1;
          if (frame % 10 === 0) {
            maxNodes = Math.max(maxNodes, document.getElementsByTagName("*").length);
            maxRows = Math.max(
              maxRows,
              document.querySelectorAll('[data-testid="task-row"],[data-testid="card"]').length,
            );
          }
          const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
          if (atEnd || now - started > 120_000) return resolve();
          element.scrollTop += step;
          requestAnimationFrame(tick);
        }
        requestAnimationFrame(tick);
      });
      return {
        frames: frames.slice(1),
        seconds: (performance.now() - started) / 1000,
        scrolled: element.scrollTop + element.clientHeight,
        scrollHeight: element.scrollHeight,
        maxNodes,
        maxRows,
      };
    },
    { selector, step },
  );
}

async function heapMiB(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const value = metrics.find((metric) => metric.name === "JSHeapUsedSize")?.value ?? 0;
  return value / 1024 ** 2;
}

async function measureView(context, takt, data, view) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const requests = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/1.0/") && /tasks/.test(url.pathname))
      requests.push({ at: performance.now(), url });
  });
  await page.goto(`${takt.base}/`);
  await page.evaluate(({ key, view }) => localStorage.setItem(key, JSON.stringify(view)), {
    key: `takt.view.${data.project.gid}`,
    view,
  });
  const rowSelector = view === "list" ? '[data-testid="task-row"]' : '[data-testid="card"]';
  const started = performance.now();
  await page.goto(`${takt.base}/projects/${data.project.gid}`);
  await page.locator(rowSelector).first().waitFor({ state: "visible", timeout: 120_000 });
  const firstRowsMs = performance.now() - started;
  const taskRequests = requests.filter((request) => request.at >= started);
  const lastRequestMs = taskRequests.length ? Math.max(...taskRequests.map((request) => request.at)) - started : 0;
  await page.waitForTimeout(500);
  const idle = {
    nodes: await page.evaluate(() => document.getElementsByTagName("*").length),
    rows: await page.locator(rowSelector).count(),
    heap: await heapMiB(cdp),
  };
  const scrollSelector = view === "list" ? '[data-testid="list-scroll"]' : '[data-testid="column-body"]';
  const scrolled = await scrollThrough(page, scrollSelector, STEP);
  const heapAfter = await heapMiB(cdp);
  const frames = [...scrolled.frames].sort((a, b) => a - b);
  await page.close();
  return {
    view,
    firstRowsMs,
    taskRequests: taskRequests.length,
    lastRequestMs,
    idle,
    heapAfter,
    scroll: {
      frames: frames.length,
      seconds: scrolled.seconds,
      scrolled: scrolled.scrolled,
      scrollHeight: scrolled.scrollHeight,
      p50: percentile(frames, 50),
      p95: percentile(frames, 95),
      p99: percentile(frames, 99),
      max: frames.at(-1) ?? 0,
      over50: frames.filter((ms) => ms > 50).length,
      maxNodes: scrolled.maxNodes,
      maxRows: scrolled.maxRows,
    },
  };
}

function table(results) {
  const header = [
    "view",
    "first rows ms",
    "task requests (last at ms)",
    "rows / DOM nodes idle",
    "max rows / nodes scrolling",
    "frames",
    "p50 / p95 / p99 / max ms",
    "frames > 50 ms",
    "JS heap MiB (idle → after scroll)",
  ];
  const lines = results.map((r) => [
    r.view === "list" ? "List (whole list)" : "Board (first column)",
    r.firstRowsMs.toFixed(0),
    `${r.taskRequests} (${r.lastRequestMs.toFixed(0)})`,
    `${r.idle.rows} / ${r.idle.nodes}`,
    `${r.scroll.maxRows} / ${r.scroll.maxNodes}`,
    `${r.scroll.frames} in ${r.scroll.seconds.toFixed(1)} s (${Math.round(r.scroll.scrolled)} of ${r.scroll.scrollHeight} px)`,
    [r.scroll.p50, r.scroll.p95, r.scroll.p99, r.scroll.max].map((ms) => ms.toFixed(1)).join(" / "),
    String(r.scroll.over50),
    `${r.idle.heap.toFixed(1)} → ${r.heapAfter.toFixed(1)}`,
  ]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function report(info, data, results, date) {
  return `# Takt UI benchmark — ${date.toISOString().slice(0, 10)}

Run with \`npm run bench:ui\` at ${date.toISOString()}.

## Machine

- CPU: ${info.cpuModel}, ${info.cpus} logical CPUs (\`nproc\`)
- Memory: ${info.memoryGiB} GiB
- Node.js: ${info.node}
- OS: ${info.os}
- Browser: Debian's Chromium, headless, no GPU (software rendering), 1440×900
- Load average (1 min) when the run started: ${info.loadBefore}; when it ended: ${os.loadavg()[0].toFixed(2)}
- Database: SQLite on the local disk; server, browser and this script share the machine

## Setup

1 project, ${SECTIONS} sections, ${TASKS} tasks (one in three assigned, half with a due date), inserted straight
into the database in ${data.seedSeconds.toFixed(1)} s. Each view is opened on a fresh page (cold query cache) after
signing in. "First rows" is the time from navigation to the first task row / card visible; "task requests" counts
the API calls for tasks made while loading, and when the last one started. Then the list (List view) or the first
column (Board view) is scrolled to its end (or for at most 120 s), ${STEP} px per animation frame, recording each frame's duration with
\`requestAnimationFrame\`; DOM nodes and rendered rows are sampled every 10 frames. The JS heap is
\`JSHeapUsedSize\` after a forced garbage collection.

## Results

${table(results)}
`;
}

async function main() {
  const info = machine();
  const date = new Date();
  if (!flags["skip-build"]) {
    console.log("building the web app …");
    execSync("npm run build -w @takt/web", { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  }
  const takt = await startTakt();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const data = await seed(takt);
    console.log(`seeded ${TASKS} tasks in ${data.seedSeconds.toFixed(1)} s`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${takt.base}/login`);
    await page.getByTestId("signin-email").fill(EMAIL);
    await page.getByTestId("signin-password").fill(PASSWORD);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("nav-my-tasks").waitFor({ timeout: 60_000 });
    await page.close();
    const results = [];
    for (const view of ["list", "board"]) {
      process.stdout.write(`${view} … `);
      const result = await measureView(context, takt, data, view);
      console.log(
        `first rows ${result.firstRowsMs.toFixed(0)} ms, p95 frame ${result.scroll.p95.toFixed(1)} ms, ${result.scroll.over50} frames > 50 ms`,
      );
      results.push(result);
    }
    console.log(`\n${table(results)}`);
    fs.mkdirSync(RESULTS, { recursive: true });
    const stamp = date.toISOString().slice(0, 16).replace(":", "");
    const file = path.join(RESULTS, `${stamp}-ui.md`);
    fs.writeFileSync(file, report(info, data, results, date));
    console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await browser.close();
    await takt.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
