#!/usr/bin/env node
// UI benchmark: the built web app in Debian's Chromium against a real server on a fresh SQLite database with one
// large project. Measures, for the List and the Board: time to first row/card and to idle, the initial JS (gzipped),
// DOM size, JS heap and scroll frames; on the Board: frame times while dragging a card between columns and the time
// until a second signed-in browser shows the move. See bench/README.md ("UI benchmark").
import { execFile, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import zlib from "node:zlib";
import SQLite from "better-sqlite3";
import { generateNKeysBetween } from "fractional-indexing";
import { chromium } from "playwright-core";
import { tsImport } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, "..");
const TAKT = path.join(ROOT, "packages/server/bin/takt.mjs");
const VITE = path.join(ROOT, "node_modules/vite/bin/vite.js");
const RESULTS = path.join(here, "results");
const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: process.env.TAKT_BENCH_TASKS ?? "5000" },
    step: { type: "string", default: process.env.TAKT_BENCH_SCROLL_STEP ?? "120" },
    drags: { type: "string", default: process.env.TAKT_BENCH_DRAGS ?? "3" },
    loads: { type: "string", default: process.env.TAKT_BENCH_LOADS ?? "3" },
    "skip-build": { type: "boolean", default: false },
    "web-dir": { type: "string" },
    label: { type: "string", default: "" },
    compare: { type: "string" },
    "no-scroll": { type: "boolean", default: false },
    profile: { type: "string" },
    screenshots: { type: "string" },
  },
});
const TASKS = Number(flags.tasks);
const SECTIONS = 4;
const STEP = Number(flags.step); // pixels scrolled per frame
const DRAGS = Math.max(1, Math.min(SECTIONS - 1, Number(flags.drags)));
const LOADS = Math.max(1, Number(flags.loads));
const DRAG_STEPS = 60; // pointer moves from the card to its target, one per frame
const DRAG_HOLD = 15; // frames hovering over the target before the drop
const EMAIL = "bench@example.test";
const PASSWORD = "bench-password";
const ROW_SELECTOR = '[data-testid="task-row"],[data-testid="card"]';

const TARGETS = {
  boardFirstCardMs: 1000,
  dragFrameP95Ms: 16,
  secondClientMs: 150,
  initialJsKiB: 350,
};

function machine() {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

const load = () => Number(os.loadavg()[0].toFixed(2));

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

// The web app, built into a private directory (a build elsewhere, such as the e2e tests', cannot swap files under the
// browser), or a copy of --web-dir (e.g. an older build, to compare).
function prepareWeb(dataDir) {
  const webDir = path.join(dataDir, "web");
  if (flags["web-dir"]) {
    fs.cpSync(path.resolve(flags["web-dir"]), webDir, { recursive: true });
  } else if (flags["skip-build"]) {
    fs.cpSync(path.join(ROOT, "packages/web/dist"), webDir, { recursive: true });
  } else {
    console.log("building the web app …");
    execFileSync(process.execPath, [VITE, "build", "--outDir", webDir, "--emptyOutDir", "--logLevel", "warn"], {
      cwd: path.join(ROOT, "packages/web"),
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  return webDir;
}

async function startTakt() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-bench-ui-"));
  const webDir = prepareWeb(dataDir);
  const env = { ...process.env, DATABASE_URL: "", LOG_LEVEL: "error", TAKT_WEB_DIR: webDir };
  const cli = async (...args) => (await run(process.execPath, [TAKT, ...args, "--data-dir", dataDir], { env })).stdout;
  await cli("workspace", "add", "--name", "Bench Co");
  await cli("user", "add", "--email", EMAIL, "--name", "Bench", "--password", PASSWORD, "--admin");
  const token = (await cli("token", "create", "--email", EMAIL)).trim().split("\n").at(-1);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [TAKT, "serve", "--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir],
    { env, stdio: ["ignore", "inherit", "inherit"] },
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
    webDir,
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
  // The search index's triggers stem through the server's SQL function (db/search-text.ts).
  const { registerSearchFunctions } = await tsImport("../packages/server/src/db/search-text.ts", import.meta.url);
  registerSearchFunctions(sqlite);
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

function frameStats(frames) {
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    over16: sorted.filter((ms) => ms > 16.7).length,
    over50: sorted.filter((ms) => ms > 50).length,
  };
}

// Installed in every page before the app's scripts: long tasks, a big resource-timing buffer, and the moment the
// first task row or card enters the DOM (page clock: milliseconds since the navigation started).
function instrument(rowSelector) {
  // firstCommit: when React first put anything on the page (the shell, a skeleton), to tell the time the app took to
  // start from the time the first screen took after that.
  const bench = { firstRow: null, firstCommit: null, longTasks: [] };
  window.__bench = bench;
  performance.setResourceTimingBufferSize(100_000);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  const observer = new MutationObserver(() => {
    if (bench.firstCommit === null && document.getElementById("root")?.firstChild)
      bench.firstCommit = performance.now();
    if (bench.firstRow === null && document.querySelector(rowSelector)) {
      bench.firstRow = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

// Watches a page's requests: in flight, API requests for tasks, and the scripts it loaded.
function watchRequests(page) {
  const state = { inflight: new Set(), taskRequests: 0, scripts: new Set(), styles: new Set(), api: 0, frames: [] };
  // When live events reached the browser (this process's clock, close to the browser's).
  page.on("websocket", (socket) =>
    socket.on("framereceived", (frame) => {
      if (String(frame.payload).includes('"type":"event"')) state.frames.push(Date.now());
    }),
  );
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:") return;
    state.inflight.add(request);
    if (url.pathname.startsWith("/api/1.0/")) {
      state.api += 1;
      if (/tasks/.test(url.pathname)) state.taskRequests += 1;
    }
    if (request.resourceType() === "script" || url.pathname.endsWith(".js")) state.scripts.add(url.pathname);
    if (request.resourceType() === "stylesheet" || url.pathname.endsWith(".css")) state.styles.add(url.pathname);
  });
  const done = (request) => state.inflight.delete(request);
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return state;
}

// Waits until the network is idle and no long task ran for `quietMs`; returns the page-clock time the last request
// finished or the last long task ended (whichever is later): "time to idle".
async function waitForIdle(page, requests, quietMs = 1000, capMs = 90_000) {
  const started = Date.now();
  for (;;) {
    const state = await page.evaluate(() => {
      const resources = performance.getEntriesByType("resource").map((entry) => entry.responseEnd);
      const longTasks = window.__bench.longTasks.map(([start, duration]) => start + duration);
      return {
        now: performance.now(),
        last: Math.max(window.__bench.firstRow ?? 0, ...resources, ...longTasks),
        longTasks: window.__bench.longTasks.length,
        blocking: window.__bench.longTasks.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0),
      };
    });
    if (requests.inflight.size === 0 && state.now - state.last >= quietMs) return state;
    if (Date.now() - started > capMs) return { ...state, timedOut: true };
    await page.waitForTimeout(100);
  }
}

// The main thread's CPU time so far (ms): tasks, of which script, style and layout. Read as soon as the first row is
// seen, so it includes a little work past it.
async function mainThreadCpu(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const value = (name) => Math.round((metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000);
  return {
    task: value("TaskDuration"),
    script: value("ScriptDuration"),
    style: value("RecalcStyleDuration"),
    layout: value("LayoutDuration"),
  };
}

async function heapMiB(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const value = metrics.find((metric) => metric.name === "JSHeapUsedSize")?.value ?? 0;
  return value / 1024 ** 2;
}

// Scrolls the element to its end, one step per frame, and records every frame's duration.
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
          // A column that loads as it is scrolled (data-more while the server has more): wait at its end for the
          // next page, as a person would, and go on.
          if ((atEnd && !element.hasAttribute("data-more")) || now - started > 120_000) return resolve();
          if (!atEnd) element.scrollTop += step;
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

// A fresh browser context (cold HTTP cache, empty query cache) signed in with the given session and showing `view`.
async function viewContext(browser, storageState, projectGid, view) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US", storageState });
  await context.addInitScript(
    ({ key, view }) => {
      try {
        localStorage.setItem(key, JSON.stringify(view));
      } catch {}
    },
    { key: `takt.view.${projectGid}`, view },
  );
  await context.addInitScript(instrument, ROW_SELECTOR);
  return context;
}

// Opens the project in `view` on a fresh page and measures the load; leaves the page open for more.
async function openView(context, takt, data, view, opened = {}) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // Durations in the main thread's CPU time (threadTicks), which the machine's load hardly moves.
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  const requests = watchRequests(page);
  const rowSelector = view === "list" ? '[data-testid="task-row"]' : '[data-testid="card"]';
  const profiling = flags.profile && !opened.profiled?.has(view);
  if (profiling) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  await page.goto(`${takt.base}/projects/${data.project.gid}`);
  await page.locator(rowSelector).first().waitFor({ state: "visible", timeout: 120_000 });
  const cpu = await mainThreadCpu(cdp);
  const firstRowMs = await page.evaluate(() => window.__bench.firstRow);
  const firstCommitMs = await page.evaluate(() => window.__bench.firstCommit);
  const idle = await waitForIdle(page, requests);
  if (profiling) {
    opened.profiled = (opened.profiled ?? new Set()).add(view);
    const { profile } = await cdp.send("Profiler.stop");
    fs.mkdirSync(flags.profile, { recursive: true });
    fs.writeFileSync(path.join(flags.profile, `${view}-load.cpuprofile`), JSON.stringify(profile));
  }
  const loaded = {
    view,
    firstRowMs,
    firstCommitMs,
    idleMs: idle.last,
    idleTimedOut: !!idle.timedOut,
    longTasks: idle.longTasks,
    blockingMs: idle.blocking,
    taskRequests: requests.taskRequests,
    apiRequests: requests.api,
    nodes: await page.evaluate(() => document.getElementsByTagName("*").length),
    rows: await page.locator(rowSelector).count(),
    heapMiB: await heapMiB(cdp),
    // The requests of the load, in the page's clock: what waited for what.
    waterfall: await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((entry) => /\/api\/1\.0\/|\.js$/.test(new URL(entry.name).pathname))
        .map((entry) => {
          const url = new URL(entry.name);
          return {
            path: `${url.pathname}${url.searchParams.get("offset") ? " (next page)" : ""}`,
            start: Math.round(entry.startTime),
            end: Math.round(entry.responseEnd),
            // Bytes of the answer as sent (compressed, when it was) and after decoding.
            bytes: entry.encodedBodySize,
            decoded: entry.decodedBodySize,
          };
        }),
    ),
    // The document's own timing (the page's clock): when the HTML was asked for, began and finished arriving, and
    // when the parser reached the end of it (the module scripts run after that).
    navigation: await page.evaluate(() => {
      const [entry] = performance.getEntriesByType("navigation");
      if (!entry) return null;
      const at = (value) => Math.round(value);
      return {
        requestStart: at(entry.requestStart),
        responseStart: at(entry.responseStart),
        responseEnd: at(entry.responseEnd),
        domInteractive: at(entry.domInteractive),
        domContentLoaded: at(entry.domContentLoadedEventStart),
      };
    }),
    scripts: [...requests.scripts],
    styles: [...requests.styles],
  };
  // What the first row waited for, whatever the machine's load: the API answers finished before it, their bytes.
  const api = loaded.waterfall.filter((entry) => entry.path.startsWith("/api/1.0/") && entry.end <= firstRowMs);
  loaded.cpuAtFirstMs = cpu;
  loaded.beforeFirst = {
    apiRequests: api.length,
    taskRequests: api.filter((entry) => /tasks/.test(entry.path)).length,
    bytes: api.reduce((sum, entry) => sum + (entry.bytes ?? 0), 0),
    decoded: api.reduce((sum, entry) => sum + (entry.decoded ?? 0), 0),
  };
  return { page, cdp, requests, loaded };
}

async function measureScroll(page, cdp, view) {
  const selector = view === "list" ? '[data-testid="list-scroll"]' : '[data-testid="column-body"]';
  const scrolled = await scrollThrough(page, selector, STEP);
  return {
    ...frameStats(scrolled.frames),
    seconds: scrolled.seconds,
    scrolled: scrolled.scrolled,
    scrollHeight: scrolled.scrollHeight,
    maxNodes: scrolled.maxNodes,
    maxRows: scrolled.maxRows,
    heapAfterMiB: await heapMiB(cdp),
  };
}

// Sum of the gzip sizes (level 9) of the files the page requested, read from the served build.
function gzipSizes(webDir, pathnames) {
  const files = [];
  for (const pathname of pathnames) {
    const file = path.join(webDir, decodeURIComponent(pathname));
    if (!file.startsWith(webDir) || !fs.existsSync(file)) continue;
    const raw = fs.readFileSync(file);
    files.push({ file: pathname, bytes: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length });
  }
  files.sort((a, b) => b.gzip - a.gzip);
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzip: files.reduce((sum, file) => sum + file.gzip, 0),
  };
}

function buildTotals(webDir) {
  const assets = path.join(webDir, "assets");
  const names = fs.existsSync(assets) ? fs.readdirSync(assets).filter((name) => name.endsWith(".js")) : [];
  const all = gzipSizes(
    webDir,
    names.map((name) => `/assets/${name}`),
  );
  return { chunks: names.length, bytes: all.bytes, gzip: all.gzip };
}

// One drag on the Board of page A, driven from inside the page: pointer events dispatched one per frame (the frame
// rate limit is off, so each requestAnimationFrame interval is the time the frame took), then a drop on the first card
// of the next column. Page B (another signed-in browser on the same board) watches for the card in that column.
async function dragOnce(pageA, pageB, from, to) {
  const target = await pageA.evaluate(
    ({ from, to }) => {
      const columns = document.querySelectorAll('[data-testid="column"]');
      const card = columns[from]?.querySelector('[data-testid="card"]');
      return { name: card?.getAttribute("data-task-name"), section: columns[to]?.getAttribute("data-section-name") };
    },
    { from, to },
  );
  if (!target.name || !target.section) throw new Error("the board has no card to drag");
  const watch = ({ name, section, to }) => {
    const seen = () => {
      const column = document.querySelectorAll('[data-testid="column"]')[to];
      return (
        column?.getAttribute("data-section-name") === section &&
        [...column.querySelectorAll('[data-testid="card"]')].some(
          (card) => card.getAttribute("data-task-name") === name,
        )
      );
    };
    window.__seen = new Promise((resolve) => {
      if (seen()) return resolve(performance.timeOrigin + performance.now());
      const observer = new MutationObserver(() => {
        if (!seen()) return;
        observer.disconnect();
        resolve(performance.timeOrigin + performance.now());
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  };
  await pageA.evaluate(watch, { ...target, to });
  await pageB.evaluate(watch, { ...target, to });
  const apiBefore = pageB.__requests.api;
  const drag = await pageA.evaluate(
    async ({ from, to, steps, hold }) => {
      const columns = document.querySelectorAll('[data-testid="column"]');
      const source = columns[from].querySelector('[data-testid="card"]');
      const over = columns[to].querySelector('[data-testid="card"]') ?? columns[to];
      const a = source.getBoundingClientRect();
      const b = over.getBoundingClientRect();
      const start = { x: a.left + a.width / 2, y: a.top + a.height / 2 };
      const end = { x: b.left + b.width / 2, y: b.top + Math.min(b.height * 0.3, 20) };
      const fire = (element, type, x, y) =>
        element.dispatchEvent(
          new PointerEvent(type, {
            bubbles: true,
            cancelable: true,
            composed: true,
            isPrimary: true,
            pointerId: 1,
            pointerType: "mouse",
            button: 0,
            buttons: type === "pointerup" ? 0 : 1,
            clientX: x,
            clientY: y,
          }),
        );
      fire(source, "pointerdown", start.x, start.y);
      const frames = [];
      let last = performance.now();
      let frame = 0;
      await new Promise((resolve) => {
        function tick(now) {
          if (frame > 0) frames.push(now - last);
          last = now;
          frame += 1;
          if (frame > steps + hold) return resolve();
          const t = Math.min(1, frame / steps);
          const wobble = frame > steps ? frame % 2 : 0;
          fire(document, "pointermove", start.x + (end.x - start.x) * t, start.y + (end.y - start.y) * t + wobble);
          requestAnimationFrame(tick);
        }
        requestAnimationFrame(tick);
      });
      const dropAt = performance.timeOrigin + performance.now();
      fire(document, "pointerup", end.x, end.y);
      // The frames right after the drop (the optimistic move re-renders both columns).
      const after = [];
      await new Promise((resolve) => {
        let previous = performance.now();
        function tick(now) {
          after.push(now - previous);
          previous = now;
          if (after.length >= 10) return resolve();
          requestAnimationFrame(tick);
        }
        requestAnimationFrame(tick);
      });
      return { frames, after, dropAt };
    },
    { from, to, steps: DRAG_STEPS, hold: DRAG_HOLD },
  );
  const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), ms));
  const ownAt = await Promise.race([pageA.evaluate(() => window.__seen), timeout(30_000)]).catch(() => null);
  const seenAt = await Promise.race([pageB.evaluate(() => window.__seen), timeout(30_000)]).catch(() => null);
  await pageB.waitForTimeout(500);
  // Where the second client's time went: the first browser's write, the push, the second one's requests.
  const requestsAfter = (page) =>
    page.evaluate(
      (since) =>
        performance
          .getEntriesByType("resource")
          .filter((entry) => entry.name.includes("/api/1.0/") && performance.timeOrigin + entry.startTime >= since)
          .map((entry) => ({
            path: new URL(entry.name).pathname,
            start: performance.timeOrigin + entry.startTime - since,
            end: performance.timeOrigin + entry.responseEnd - since,
          })),
      drag.dropAt,
    );
  const marks = await pageB.evaluate(
    (since) =>
      Object.fromEntries(
        ["takt:live-events", "takt:live-applied"].map((name) => {
          const entry = performance
            .getEntriesByName(name)
            .find((mark) => performance.timeOrigin + mark.startTime >= since);
          return [name.slice(5), entry ? Math.round(performance.timeOrigin + entry.startTime - since) : null];
        }),
      ),
    drag.dropAt,
  );
  const writes = await requestsAfter(pageA);
  const reads = await requestsAfter(pageB);
  const pushes = pageB.__requests.frames.filter((at) => at >= drag.dropAt).map((at) => at - drag.dropAt);
  return {
    breakdown: {
      // When the first browser sent the write and when its answer was in.
      writeSentMs: writes.find((entry) => entry.path.endsWith("/addTask"))?.start ?? null,
      writeMs: writes.find((entry) => entry.path.endsWith("/addTask"))?.end ?? null,
      firstPushMs: pushes[0] ?? null,
      liveEventsMs: marks["live-events"],
      liveAppliedMs: marks["live-applied"],
      secondClientRequests: reads.map((entry) => ({
        ...entry,
        start: Math.round(entry.start),
        end: Math.round(entry.end),
      })),
    },
    task: target.name,
    toSection: target.section,
    frames: drag.frames,
    afterDrop: drag.after,
    ownMs: ownAt === null ? null : ownAt - drag.dropAt,
    secondClientMs: seenAt === null ? null : seenAt - drag.dropAt,
    secondClientApiRequests: pageB.__requests.api - apiBefore,
  };
}

const fmt = (value, digits = 0) => (value === null || value === undefined ? "—" : Number(value).toFixed(digits));
const kib = (bytes) => (bytes / 1024).toFixed(1);

function targetRows(result) {
  const board = result.views.find((view) => view.view === "board");
  return [
    {
      key: "boardFirstCardMs",
      name: "Board of 5,000 tasks: first card (median of the loads)",
      target: `≤ ${TARGETS.boardFirstCardMs} ms`,
      value: board?.firstRowMs ?? null,
      shown: `${fmt(board?.firstRowMs)} ms`,
      ok: board ? board.firstRowMs <= TARGETS.boardFirstCardMs : false,
    },
    {
      key: "dragFrameP95Ms",
      name: "Drag a card between columns: frame time p95",
      target: `≤ ${TARGETS.dragFrameP95Ms} ms`,
      value: result.drag?.frames.p95 ?? null,
      shown: `${fmt(result.drag?.frames.p95, 1)} ms`,
      ok: result.drag ? result.drag.frames.p95 <= TARGETS.dragFrameP95Ms : false,
    },
    {
      key: "secondClientMs",
      name: "A second client shows the move (median of the drags; slowest in brackets)",
      target: `≤ ${TARGETS.secondClientMs} ms`,
      value: result.drag?.secondClientMedianMs ?? result.drag?.secondClientMaxMs ?? null,
      shown: `${fmt(result.drag?.secondClientMedianMs ?? result.drag?.secondClientMaxMs)} ms (${fmt(result.drag?.secondClientMaxMs)})`,
      ok:
        (result.drag?.secondClientMedianMs ?? result.drag?.secondClientMaxMs) != null &&
        (result.drag.secondClientMedianMs ?? result.drag.secondClientMaxMs) <= TARGETS.secondClientMs,
    },
    {
      key: "initialJsKiB",
      name: "Initial JS on the first visit to a board (gzipped)",
      target: `≤ ${TARGETS.initialJsKiB} kB`,
      value: result.initialJs.gzip / 1024,
      shown: `${kib(result.initialJs.gzip)} kB`,
      ok: result.initialJs.gzip / 1024 <= TARGETS.initialJsKiB,
    },
  ];
}

function report(result, before) {
  const rows = targetRows(result);
  const beforeRows = before ? targetRows(before) : null;
  const targets = [
    ["target", "limit", ...(before ? [`before (${before.label || before.date})`] : []), "measured", "met"],
    ["---", "---", ...(before ? ["---"] : []), "---", "---"],
    ...rows.map((row, index) => [
      row.name,
      row.target,
      ...(beforeRows ? [beforeRows[index].shown] : []),
      row.shown,
      row.ok ? "yes" : "**no**",
    ]),
  ];
  const viewRows = [
    [
      "view",
      "first row ms",
      "idle ms",
      "long tasks (blocking ms)",
      "task requests",
      "before the first row: API answers (tasks) / kB sent (decoded)",
      "main-thread CPU until the first row is seen: all (script / style / layout) ms",
      "rows / DOM nodes idle",
      "JS heap MiB idle",
    ],
    ["---", "---", "---", "---", "---", "---", "---", "---", "---"],
    ...result.views.map((view) => [
      view.view === "list" ? "List" : "Board",
      `**${fmt(view.firstRowMs)}**${view.runs?.length > 1 ? ` (${view.runs.map((run) => fmt(run.firstRowMs)).join(", ")})` : ""}`,
      `${fmt(view.idleMs)}${view.idleTimedOut ? " (not idle)" : ""}${view.runs?.length > 1 ? ` (${view.runs.map((run) => fmt(run.idleMs)).join(", ")})` : ""}`,
      `${view.longTasks} (${fmt(view.blockingMs)})`,
      String(view.taskRequests),
      view.beforeFirst
        ? `${view.beforeFirst.apiRequests} (${view.beforeFirst.taskRequests}) / ${kib(view.beforeFirst.bytes)} (${kib(view.beforeFirst.decoded)})`
        : "—",
      view.cpuAtFirstMs
        ? `${view.cpuAtFirstMs.task} (${view.cpuAtFirstMs.script} / ${view.cpuAtFirstMs.style} / ${view.cpuAtFirstMs.layout})`
        : "—",
      `${view.rows} / ${view.nodes}`,
      fmt(view.heapMiB, 1),
    ]),
  ];
  const scrollRows = result.views.some((view) => view.scroll)
    ? [
        [
          "view",
          "frames",
          "p50 / p95 / p99 / max ms",
          "frames > 16.7 / > 50 ms",
          "max rows / nodes",
          "JS heap MiB after",
        ],
        ["---", "---", "---", "---", "---", "---"],
        ...result.views
          .filter((view) => view.scroll)
          .map((view) => [
            view.view === "list" ? "List (whole list)" : "Board (first column)",
            `${view.scroll.frames} in ${view.scroll.seconds.toFixed(1)} s (${Math.round(view.scroll.scrolled)} of ${view.scroll.scrollHeight} px)`,
            [view.scroll.p50, view.scroll.p95, view.scroll.p99, view.scroll.max].map((ms) => ms.toFixed(1)).join(" / "),
            `${view.scroll.over16} / ${view.scroll.over50}`,
            `${view.scroll.maxRows} / ${view.scroll.maxNodes}`,
            fmt(view.scroll.heapAfterMiB, 1),
          ]),
      ]
    : null;
  const drag = result.drag;
  const table = (lines) => lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
  const m = result.machine;
  return `# Takt UI benchmark — ${result.date.slice(0, 10)}${result.label ? ` (${result.label})` : ""}

Run with \`npm run bench:ui\` at ${result.date}.

## Machine

- CPU: ${m.cpuModel}, ${m.cpus} logical CPUs (\`nproc\`)
- Memory: ${m.memoryGiB} GiB
- Node.js: ${m.node}
- OS: ${m.os}
- Browser: Debian's Chromium ${result.browserVersion}, headless, no GPU (software rendering), 1440×900, frame-rate limit off
- Load average (1 min): ${result.load.start} at the start, ${result.load.views} before the views, ${result.load.drag} before the drags, ${result.load.end} at the end
- Database: SQLite on the local disk; server, two browsers and this script share the machine

## Targets

${table(targets)}
${before ? `\n"before" is ${before.label ? `the run labelled "${before.label}"` : "an earlier run"} (${before.date}, load ${before.load?.start ?? "?"}).\n` : ""}
## Loading (${TASKS} tasks in ${SECTIONS} sections)

${table(viewRows)}

Initial JS of the first visit to the board: ${result.initialJs.files.length} files, ${kib(result.initialJs.bytes)} kB,
**${kib(result.initialJs.gzip)} kB gzipped** (the whole build: ${result.build.chunks} JS files, ${kib(result.build.bytes)} kB,
${kib(result.build.gzip)} kB gzipped).

${result.initialJs.files.map((file) => `- \`${file.file}\` ${kib(file.bytes)} kB → ${kib(file.gzip)} kB gzipped`).join("\n")}

## Drag on the Board

${
  drag
    ? table([
        ["", "frames", "p50 / p95 / max ms", "frames > 16.7 ms", "after the drop p50 / max ms"],
        ["---", "---", "---", "---", "---"],
        [
          `${drag.runs.length} drags`,
          String(drag.frames.frames),
          [drag.frames.p50, drag.frames.p95, drag.frames.max].map((ms) => ms.toFixed(1)).join(" / "),
          String(drag.frames.over16),
          [drag.afterDrop.p50, drag.afterDrop.max].map((ms) => ms.toFixed(1)).join(" / "),
        ],
      ])
    : "not measured"
}

${
  drag
    ? table([
        [
          "drag",
          "task → column",
          "own board shows it (ms)",
          "second client shows it (ms)",
          "write sent / answered / event pushed / handled / applied (ms after the drop)",
          "second client's API requests",
        ],
        ["---", "---", "---", "---", "---", "---"],
        ...drag.runs.map((runResult, index) => [
          String(index + 1),
          `${runResult.task} → ${runResult.toSection}`,
          fmt(runResult.ownMs),
          fmt(runResult.secondClientMs),
          [
            runResult.breakdown?.writeSentMs,
            runResult.breakdown?.writeMs,
            runResult.breakdown?.firstPushMs,
            runResult.breakdown?.liveEventsMs,
            runResult.breakdown?.liveAppliedMs,
          ]
            .map((ms) => fmt(ms))
            .join(" / "),
          String(runResult.secondClientApiRequests),
        ]),
      ])
    : ""
}
${scrollRows ? `\n## Scrolling (${STEP} px per frame)\n\n${table(scrollRows)}\n` : ""}
## How it is measured

- ${TASKS} tasks (one in three assigned, half with a due date) are inserted straight into the database
  (${result.seedSeconds.toFixed(1)} s); the project, its sections and the sign-ins go through the app.
- Each view is opened in a fresh browser context that carries only the session cookie (cold HTTP cache, empty query
  cache). **First row** is the time from the start of the navigation until the first task row (List) or card (Board) is
  in the DOM; **idle** is when the last request finished or the last long task ended, once the network has been idle and
  no long task ran for a second. Long tasks are main-thread tasks over 50 ms; blocking time sums their excess over 50 ms.
- **Initial JS** sums the gzip sizes (level 9) of the JS files the board page requested on that first visit, read from the
  served build.
- **Drag**: the frame-rate limit is off (\`--disable-frame-rate-limit --disable-gpu-vsync\`), so the interval between two
  \`requestAnimationFrame\` callbacks is the time a frame took, not the 16.7 ms of a 60 Hz display. The drag is driven
  from inside the page: a pointer down on the first card of a column, then one pointer move per frame for ${DRAG_STEPS}
  frames to the first card of the next column, ${DRAG_HOLD} frames hovering there, and the drop. Frame times cover the
  moves and the hover; the ten frames after the drop are listed apart.
- **Second client**: another browser context, signed in on its own, has the same board open; the time is from the drop
  in the first browser until the card is in the target column of the second one's DOM (both clocks are the machine's).
- Timings are floors for this machine: headless Chromium renders in software on the same CPUs as the server.
`;
}

async function main() {
  const date = new Date();
  const result = {
    label: flags.label,
    date: date.toISOString(),
    machine: machine(),
    load: { start: load() },
    tasks: TASKS,
    sections: SECTIONS,
  };
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
      "--disable-frame-rate-limit",
      "--disable-gpu-vsync",
    ],
  });
  result.browserVersion = browser.version();
  const opened = [];
  try {
    const data = await seed(takt);
    result.seedSeconds = data.seedSeconds;
    console.log(`seeded ${TASKS} tasks in ${data.seedSeconds.toFixed(1)} s`);
    const signIn = async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
      const page = await context.newPage();
      await page.goto(`${takt.base}/login`);
      await page.getByTestId("signin-email").fill(EMAIL);
      await page.getByTestId("signin-password").fill(PASSWORD);
      await page.getByTestId("signin-submit").click();
      await page.getByTestId("nav-my-tasks").waitFor({ timeout: 60_000 });
      const state = await context.storageState();
      await context.close();
      return state;
    };
    const sessionA = await signIn();
    const sessionB = await signIn();

    result.load.views = load();
    result.views = [];
    let boardA = null;
    const profiled = {};
    for (const view of ["list", "board"]) {
      // Each view is loaded --loads times (fresh context each time); the run with the median first row is reported.
      const runs = [];
      for (let attempt = 0; attempt < LOADS; attempt += 1) {
        process.stdout.write(`${view} … `);
        const context = await viewContext(browser, sessionA, data.project.gid, view);
        opened.push(context);
        const opening = { context, ...(await openView(context, takt, data, view, profiled)) };
        console.log(
          `first row ${fmt(opening.loaded.firstRowMs)} ms, idle ${fmt(opening.loaded.idleMs)} ms, ${opening.loaded.taskRequests} task requests`,
        );
        runs.push(opening);
      }
      const byFirstRow = [...runs].sort((a, b) => a.loaded.firstRowMs - b.loaded.firstRowMs);
      const median = byFirstRow[Math.floor((runs.length - 1) / 2)];
      const { page, cdp, requests, loaded } = median;
      loaded.runs = runs.map((opening) => ({ firstRowMs: opening.loaded.firstRowMs, idleMs: opening.loaded.idleMs }));
      for (const opening of runs) if (opening !== median) await opening.context.close();
      result.views.push(loaded);
      if (view === "board") {
        boardA = { page, cdp, requests };
        result.initialJs = gzipSizes(takt.webDir, loaded.scripts);
        result.initialCss = gzipSizes(takt.webDir, loaded.styles);
      } else {
        if (!flags["no-scroll"]) loaded.scroll = await measureScroll(page, cdp, view);
        await median.context.close();
      }
    }
    result.build = buildTotals(takt.webDir);

    // The second client: its own sign-in, the same board, idle before the drags start.
    result.load.drag = load();
    const contextB = await viewContext(browser, sessionB, data.project.gid, "board");
    opened.push(contextB);
    const boardB = await openView(contextB, takt, data, "board");
    boardB.page.__requests = boardB.requests;
    for (const board of [boardA, boardB]) {
      await board.page.waitForFunction(() => window.__taktLive === true, null, { timeout: 30_000 }).catch(() => {});
    }
    const runs = [];
    for (let index = 0; index < DRAGS; index += 1) {
      // --profile <dir>: a CPU profile of the first drag (open it in Chromium's DevTools, Performance panel).
      const profiling = flags.profile && index === 0;
      if (profiling) {
        for (const board of [boardA, boardB]) {
          await board.cdp.send("Profiler.enable");
          await board.cdp.send("Profiler.setSamplingInterval", { interval: 200 });
          await board.cdp.send("Profiler.start");
        }
      }
      const runResult = await dragOnce(boardA.page, boardB.page, index, index + 1);
      if (profiling) {
        fs.mkdirSync(flags.profile, { recursive: true });
        for (const [name, board] of [
          ["drag", boardA],
          ["second-client", boardB],
        ]) {
          const { profile } = await board.cdp.send("Profiler.stop");
          fs.writeFileSync(path.join(flags.profile, `${name}.cpuprofile`), JSON.stringify(profile));
        }
      }
      console.log(
        `drag ${index + 1}: p95 frame ${frameStats(runResult.frames).p95.toFixed(1)} ms, own ${fmt(runResult.ownMs)} ms, second client ${fmt(runResult.secondClientMs)} ms (write sent ${fmt(runResult.breakdown.writeSentMs)}, done ${fmt(runResult.breakdown.writeMs)}, first push ${fmt(runResult.breakdown.firstPushMs)}, handled ${fmt(runResult.breakdown.liveEventsMs)}, applied ${fmt(runResult.breakdown.liveAppliedMs)}, requests ${runResult.breakdown.secondClientRequests.map((entry) => `${entry.start}–${entry.end}`).join(", ")})`,
      );
      runs.push(runResult);
      await waitForIdle(boardA.page, boardA.requests, 500, 30_000);
    }
    const seen = runs.map((runResult) => runResult.secondClientMs);
    result.drag = {
      runs,
      frames: frameStats(runs.flatMap((runResult) => runResult.frames)),
      afterDrop: frameStats(runs.flatMap((runResult) => runResult.afterDrop)),
      secondClientMaxMs: seen.includes(null) ? null : Math.max(...seen),
      secondClientMedianMs: seen.includes(null)
        ? null
        : [...seen].sort((a, b) => a - b)[Math.floor((seen.length - 1) / 2)],
      heapAfterMiB: await heapMiB(boardA.cdp),
    };
    if (!flags["no-scroll"]) {
      result.views.find((view) => view.view === "board").scroll = await measureScroll(boardA.page, boardA.cdp, "board");
    }
    // --screenshots <dir>: the List and the Board in English and Russian, to look at after a change.
    if (flags.screenshots) {
      fs.mkdirSync(flags.screenshots, { recursive: true });
      for (const language of ["en", "ru"]) {
        await takt.call("PUT", "/users/me", { language });
        for (const view of ["list", "board"]) {
          const context = await viewContext(browser, sessionA, data.project.gid, view);
          opened.push(context);
          await context.addInitScript((language) => localStorage.setItem("takt.language", language), language);
          const page = await context.newPage();
          await page.goto(`${takt.base}/projects/${data.project.gid}`);
          await page
            .locator(view === "list" ? '[data-testid="task-row"]' : '[data-testid="card"]')
            .first()
            .waitFor();
          await page.waitForTimeout(1500);
          await page.screenshot({ path: path.join(flags.screenshots, `${view}-${language}.png`) });
          await context.close();
        }
      }
      await takt.call("PUT", "/users/me", { language: "en" });
    }
    result.load.end = load();
    result.targets = Object.fromEntries(targetRows(result).map((row) => [row.key, { value: row.value, ok: row.ok }]));

    const before = flags.compare ? JSON.parse(fs.readFileSync(path.resolve(flags.compare), "utf8")) : null;
    const markdown = report(result, before);
    fs.mkdirSync(RESULTS, { recursive: true });
    const stamp = date.toISOString().slice(0, 16).replace(":", "");
    const name = `${stamp}-ui${flags.label ? `-${flags.label.replace(/[^a-z0-9-]+/gi, "-")}` : ""}`;
    fs.writeFileSync(path.join(RESULTS, `${name}.md`), markdown);
    fs.writeFileSync(path.join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${markdown.slice(markdown.indexOf("## Targets"), markdown.indexOf("## Loading"))}`);
    console.log(`wrote ${path.relative(process.cwd(), path.join(RESULTS, `${name}.md`))} (+ .json)`);
  } finally {
    for (const context of opened) await context.close().catch(() => {});
    await browser.close();
    await takt.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
