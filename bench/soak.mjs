#!/usr/bin/env node
// Soak run: a steady, bounded, loopback-only mix of reads and writes against the real server on a fresh
// database for a long time, with realtime sockets and a webhook receiver attached, sampling memory, errors
// and latency every interval. See the "Soak" section of bench/README.md.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { createPgDatabase, machine, startTakt } from "./lib/soak-server.mjs";
import { httpClient, mb, mean, slope, summarize } from "./lib/soak-stats.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(here, "results");

const { values: flags } = parseArgs({
  options: {
    minutes: { type: "string", default: process.env.TAKT_SOAK_MINUTES ?? "30" },
    rate: { type: "string", default: process.env.TAKT_SOAK_RATE ?? "200" },
    tasks: { type: "string", default: process.env.TAKT_SOAK_TASKS ?? "3000" },
    sockets: { type: "string", default: process.env.TAKT_SOAK_SOCKETS ?? "3" },
    interval: { type: "string", default: process.env.TAKT_SOAK_INTERVAL ?? "10" },
    ramp: { type: "string", default: process.env.TAKT_SOAK_RAMP_SECONDS ?? "30" },
    "max-in-flight": { type: "string", default: process.env.TAKT_SOAK_MAX_IN_FLIGHT ?? "64" },
    // Slope of RSS over time, after warm-up, above which memory does not count as flat.
    "max-slope": { type: "string", default: process.env.TAKT_SOAK_MAX_SLOPE_MB_PER_HOUR ?? "50" },
    // Leave parts of the mix out (comma-separated operation names) to bisect a leak or an error.
    skip: { type: "string", default: process.env.TAKT_SOAK_SKIP ?? "" },
    only: { type: "string", default: "" },
    "no-webhooks": { type: "boolean", default: false },
    // sqlite, postgres or both; the default is both when a PostgreSQL URL is given, else sqlite.
    db: { type: "string", default: process.env.TAKT_SOAK_DB ?? "" },
  },
});
const MINUTES = Number(flags.minutes);
const RATE = Number(flags.rate);
const TASKS = Number(flags.tasks);
const SOCKETS = Number(flags.sockets);
const INTERVAL_S = Number(flags.interval);
const MAX_IN_FLIGHT = Number(flags["max-in-flight"]);
const RAMP_S = Number(flags.ramp);
const MAX_SLOPE = Number(flags["max-slope"]);
const SKIP = new Set(flags.skip.split(",").filter(Boolean));
for (const [name, value] of Object.entries({
  MINUTES,
  RAMP_S,
  RATE,
  TASKS,
  SOCKETS,
  INTERVAL_S,
  MAX_IN_FLIGHT,
  MAX_SLOPE,
})) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}: must be a non-negative number`);
}

const PROJECTS = 3;
const SECTIONS = ["Backlog", "In work", "Review", "Done"];
const USERS = [
  { email: "admin@soak.test", name: "Soak Admin", admin: true },
  { email: "anna@soak.test", name: "Anna Lead" },
  { email: "boris@soak.test", name: "Boris Designer" },
  { email: "clara@soak.test", name: "Clara Developer" },
  { email: "dmitri@soak.test", name: "Dmitri Tester" },
];
const WORDS = ["landing", "invoice", "banner", "review", "onboarding", "report", "bot", "logo", "copy", "release"];
// A task created by the soak is deleted only after this long, so its "added" event has reached every
// socket and webhook before the task disappears (an event about a deleted task is no longer visible).
const DELETE_AFTER_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
const FIRST_ERRORS_SHOWN = 10;
// Tables whose row counts explain the database's growth.
const COUNTED_TABLES = [
  "tasks",
  "task_memberships",
  "task_followers",
  "task_custom_field_values",
  "stories",
  "events",
  "jobs",
  "webhook_deliveries",
  "inbox_notifications",
  "audit_log_events",
];
// A fresh token for this run's /metrics scrapes.
const METRICS_TOKEN = `soak-${randomBytes(16).toString("hex")}`;
// Rate limits are turned off for the soak: it measures stability at a steady rate, not the limiter (its
// 1,500 requests a minute per token would refuse most of 200 req/s spread over five tokens).
const SOAK_SERVER_ENV = {
  TAKT_RATE_LIMITS: "off",
  // /metrics answers only this token (the soak samples heap and counts from it).
  TAKT_METRICS_TOKEN: METRICS_TOKEN,
  TAKT_RATE_LIMIT_PER_MINUTE: "0",
  TAKT_RATE_LIMIT_IP_PER_MINUTE: "0",
  TAKT_RATE_LIMIT_CONCURRENT: "0",
  TAKT_WEBHOOK_ALLOW_PRIVATE: "1",
  TAKT_WEBHOOK_RETRY_BASE_MS: "1000",
  // The server's own log on this process's output: warnings only, unless asked for more to diagnose.
  LOG_LEVEL: process.env.TAKT_SOAK_LOG_LEVEL || "warn",
};

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const sentence = () => `${pick(WORDS)} ${pick(WORDS)} ${Math.floor(Math.random() * 1000)}`;
const dueOn = () => new Date(Date.UTC(2026, 0, 1 + Math.floor(Math.random() * 365))).toISOString().slice(0, 10);

// ---- the live task pool: O(1) random pick and removal; a task with requests in flight is never deleted ----

class TaskPool {
  list = [];
  index = new Map();
  // Tasks the soak created, oldest first: deletes take from here, so creates and deletes balance.
  created = [];
  add(task) {
    task.busy ??= 0;
    task.completed ??= false;
    this.index.set(task.gid, this.list.length);
    this.list.push(task);
    if (task.createdAt) this.created.push(task);
  }
  remove(task) {
    const at = this.index.get(task.gid);
    if (at === undefined) return;
    const last = this.list.pop();
    if (last !== task) {
      this.list[at] = last;
      this.index.set(last.gid, at);
    }
    this.index.delete(task.gid);
    const queued = this.created.indexOf(task);
    if (queued >= 0) this.created.splice(queued, 1);
  }
  random() {
    return this.list.length ? pick(this.list) : null;
  }
  // The oldest soak-created task old enough to delete and not in use (looking a few past busy ones).
  deletable(now) {
    for (const task of this.created.slice(0, 20)) {
      if (now - task.createdAt <= DELETE_AFTER_MS) return null;
      if (task.busy === 0) return task;
    }
    return null;
  }
}

// ---- seeding through the API, as clients would ----

async function seed(client, tokens) {
  const call = async (token, method, route, data) => {
    const answer = await client.request(method, `/api/1.0${route}`, token, data);
    if (answer.status >= 300) throw new Error(`seed: ${method} ${route} -> ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text).data;
  };
  const admin = tokens[0];
  const users = [];
  for (const token of tokens) users.push({ token, ...(await call(token, "GET", "/users/me")) });
  const workspace = users[0].workspaces[0].gid;
  for (const user of users) {
    user.taskList = (await call(user.token, "GET", `/users/me/user_task_list?workspace=${workspace}`)).gid;
  }
  const text = await call(admin, "POST", "/custom_fields", {
    workspace,
    name: "Client ref",
    resource_subtype: "text",
  });
  const number = await call(admin, "POST", "/custom_fields", {
    workspace,
    name: "Estimate",
    resource_subtype: "number",
    precision: 1,
  });
  const priority = await call(admin, "POST", "/custom_fields", {
    workspace,
    name: "Priority",
    resource_subtype: "enum",
    enum_options: [{ name: "Low" }, { name: "Medium" }, { name: "High" }],
  });
  const fields = { text: text.gid, number: number.gid, enum: priority.gid, options: priority.enum_options };
  const projects = [];
  for (let index = 0; index < PROJECTS; index += 1) {
    const project = await call(admin, "POST", "/projects", { name: `Client ${index + 1}`, workspace });
    await call(admin, "POST", `/projects/${project.gid}/addMembers`, {
      members: users.slice(1).map((user) => user.gid),
      access_level: "editor",
    });
    for (const field of [fields.text, fields.number, fields.enum]) {
      await call(admin, "POST", `/projects/${project.gid}/addCustomFieldSetting`, { custom_field: field });
    }
    const sections = [];
    for (const name of SECTIONS) {
      sections.push((await call(admin, "POST", `/projects/${project.gid}/sections`, { name })).gid);
    }
    projects.push({ gid: project.gid, sections, nextPage: null });
  }
  const data = { workspace, users, fields, projects, pool: new TaskPool() };
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < TASKS) {
      const index = next++;
      const project = projects[index % PROJECTS];
      const section = project.sections[index % SECTIONS.length];
      const task = await call(pick(users).token, "POST", "/tasks", taskBody(data, project, section));
      data.pool.add({ gid: task.gid, project, section, createdAt: null });
      if (index % 5 === 0) await call(pick(users).token, "POST", `/tasks/${task.gid}/stories`, { text: sentence() });
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  data.seedSeconds = (performance.now() - started) / 1000;
  return data;
}

function taskBody(data, project, section) {
  return {
    name: `Task ${sentence()}`,
    notes: `Notes about ${sentence()}`,
    memberships: [{ project: project.gid, section }],
    assignee: Math.random() < 0.6 ? pick(data.users).gid : null,
    due_on: Math.random() < 0.5 ? dueOn() : null,
    custom_fields: {
      [data.fields.text]: `REF-${Math.floor(Math.random() * 10_000)}`,
      [data.fields.number]: Math.round(Math.random() * 400) / 10,
      [data.fields.enum]: pick(data.fields.options).gid,
    },
  };
}

// ---- the mix: each operation picks its data and says what to send; weights are per cent of requests ----

const LIST_FIELDS = "name,assignee.name,due_on,completed,custom_fields.display_value,memberships.section.name";
const TASK_FIELDS =
  "name,notes,assignee.name,followers.name,completed,due_on,custom_fields.display_value,memberships.project.name,memberships.section.name,num_subtasks";

function operations(data) {
  const user = () => pick(data.users);
  const withTask = (build) => () => {
    const task = data.pool.random();
    return task ? { task, ...build(task) } : null;
  };
  return [
    {
      name: "list project tasks",
      weight: 22,
      build() {
        const project = pick(data.projects);
        // A third of the list reads fetch the next page with the offset token the previous read returned.
        const offset = project.nextPage && Math.random() < 0.33 ? `&offset=${project.nextPage}` : "";
        return {
          method: "GET",
          path: `/projects/${project.gid}/tasks?limit=50&opt_fields=${LIST_FIELDS}${offset}`,
          onOk(body) {
            project.nextPage = body.next_page?.offset ?? null;
          },
        };
      },
    },
    {
      name: "list section tasks",
      weight: 6,
      build: () => ({
        method: "GET",
        path: `/sections/${pick(pick(data.projects).sections)}/tasks?limit=50&opt_fields=name,completed,assignee.name`,
      }),
    },
    {
      name: "get task",
      weight: 18,
      build: withTask((task) => ({ method: "GET", path: `/tasks/${task.gid}?opt_fields=${TASK_FIELDS}` })),
    },
    {
      name: "get stories",
      weight: 10,
      build: withTask((task) => ({ method: "GET", path: `/tasks/${task.gid}/stories?limit=50` })),
    },
    {
      name: "my tasks",
      weight: 7,
      build() {
        const who = user();
        return {
          user: who,
          method: "GET",
          path: `/user_task_lists/${who.taskList}/tasks?limit=50&completed_since=now&opt_fields=name,due_on,projects.name`,
        };
      },
    },
    {
      name: "search",
      weight: 7,
      build() {
        const query =
          Math.random() < 0.5
            ? `text=${pick(WORDS)}`
            : `assignee.any=${user().gid}&completed=false&sort_by=due_date&sort_ascending=true`;
        return { method: "GET", path: `/workspaces/${data.workspace}/tasks/search?${query}&limit=20` };
      },
    },
    {
      name: "create task",
      weight: 5,
      write: true,
      build() {
        const project = pick(data.projects);
        const section = pick(project.sections);
        return {
          method: "POST",
          path: "/tasks",
          body: taskBody(data, project, section),
          onOk(body) {
            data.pool.add({ gid: body.data.gid, project, section, createdAt: Date.now() });
            data.created.push(body.data.gid);
          },
        };
      },
    },
    {
      name: "update task",
      weight: 6,
      write: true,
      build: withTask(() => {
        const changes = [
          () => ({ name: `Renamed ${sentence()}` }),
          () => ({ due_on: Math.random() < 0.8 ? dueOn() : null }),
          () => ({ assignee: Math.random() < 0.8 ? user().gid : null }),
          () => ({ notes: `Updated ${sentence()}` }),
          () => ({ custom_fields: { [data.fields.enum]: pick(data.fields.options).gid } }),
          () => ({ custom_fields: { [data.fields.number]: Math.round(Math.random() * 400) / 10 } }),
        ];
        return { method: "PUT", body: pick(changes)() };
      }),
    },
    {
      name: "move task",
      weight: 3,
      write: true,
      build: withTask((task) => {
        const section = pick(task.project.sections);
        return {
          method: "POST",
          path: `/sections/${section}/addTask`,
          body: { task: task.gid },
          onOk() {
            task.section = section;
          },
        };
      }),
    },
    {
      name: "complete task",
      weight: 3,
      write: true,
      build: withTask((task) => ({
        method: "PUT",
        body: { completed: !task.completed },
        onOk() {
          task.completed = !task.completed;
        },
      })),
    },
    {
      name: "comment",
      weight: 5,
      write: true,
      build: withTask((task) => ({
        method: "POST",
        path: `/tasks/${task.gid}/stories`,
        body: { text: `Comment: ${sentence()}` },
      })),
    },
    {
      name: "add follower",
      weight: 1.5,
      write: true,
      build: withTask((task) => ({
        method: "POST",
        path: `/tasks/${task.gid}/addFollowers`,
        body: { followers: [user().gid] },
      })),
    },
    {
      name: "remove follower",
      weight: 1.5,
      write: true,
      build: withTask((task) => ({
        method: "POST",
        path: `/tasks/${task.gid}/removeFollowers`,
        body: { followers: [user().gid] },
      })),
    },
    {
      name: "delete task",
      weight: 5,
      write: true,
      build() {
        const task = data.pool.deletable(Date.now());
        if (!task) return null;
        // Out of the pool before the request: nothing new picks a task that is about to disappear.
        data.pool.remove(task);
        return { task, method: "DELETE", path: `/tasks/${task.gid}`, onOk() {} };
      },
    },
  ];
}

// ---- realtime sockets and the webhook receiver: count what arrives, and which created tasks it covered ----

function realtimeClient(base, user, stats) {
  const state = { user: user.name, events: 0, added: new Set(), closes: 0, open: false, stopped: false };
  const connect = () => {
    const socket = new WebSocket(`${base.replace("http", "ws")}/api/1.0/realtime`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    state.socket = socket;
    socket.on("open", () => {
      state.open = true;
    });
    socket.on("message", (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type !== "event") return;
      state.events += 1;
      const event = message.event;
      if (event.action === "added" && event.resource?.resource_type === "task") state.added.add(event.resource.gid);
    });
    socket.on("error", (error) => stats.error("realtime socket", { message: `${user.name}: ${error.message}` }));
    socket.on("close", (code, reason) => {
      state.open = false;
      if (state.stopped) return;
      state.closes += 1;
      stats.error("realtime socket", { status: code, message: `${user.name}: closed ${reason}` });
      setTimeout(connect, 1000);
    });
  };
  connect();
  state.stop = () => {
    state.stopped = true;
    state.socket.close();
  };
  return state;
}

async function webhookReceiver() {
  const state = { handshakes: 0, deliveries: 0, events: 0, added: new Set(), badRequests: 0 };
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const secret = request.headers["x-hook-secret"];
      if (typeof secret === "string") {
        state.handshakes += 1;
        response.writeHead(200, { "X-Hook-Secret": secret }).end();
        return;
      }
      state.deliveries += 1;
      try {
        for (const event of JSON.parse(Buffer.concat(chunks).toString("utf8")).events) {
          state.events += 1;
          if (event.action === "added" && event.resource?.resource_type === "task") state.added.add(event.resource.gid);
        }
      } catch {
        state.badRequests += 1;
      }
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${server.address().port}`;
  state.close = () => new Promise((resolve) => server.close(resolve));
  return state;
}

// ---- /metrics: the server's own counts (and heap, when it exposes it) ----

async function scrapeMetrics(base) {
  try {
    const response = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) return null;
    const text = await response.text();
    const sum = (name, filter = () => true) => {
      let total = null;
      for (const line of text.split("\n")) {
        if (!line.startsWith(name) || line.startsWith("#")) continue;
        const match = /^([a-z_:]+)(\{[^}]*\})? ([0-9.e+-]+|NaN)$/i.exec(line);
        if (!match || match[1] !== name || !filter(match[2] ?? "")) continue;
        total = (total ?? 0) + Number(match[3]);
      }
      return total;
    };
    return {
      requests: sum("takt_http_requests_total"),
      serverErrors: sum("takt_http_requests_total", (labels) => /status="5/.test(labels)),
      heapUsed: sum("takt_process_heap_used_bytes"),
      jobsQueued: sum("takt_jobs", (labels) => /state="(queued|pending|ready)"/.test(labels)),
      jobsDead: sum("takt_jobs", (labels) => /state="dead"/.test(labels)),
      sockets: sum("takt_websocket_connections"),
      realtimeBehind: sum("takt_event_delivery_behind_seconds"),
    };
  } catch {
    return null;
  }
}

// ---- one soak on one database ----

class Stats {
  errors = 0;
  errorKinds = new Map();
  firstErrors = [];
  error(operation, details) {
    this.errors += 1;
    const kind = `${operation}: ${details.status ?? details.kind ?? "error"}`;
    this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + 1);
    if (this.firstErrors.length < FIRST_ERRORS_SHOWN) {
      const entry = { at: new Date().toISOString(), operation, ...details };
      this.firstErrors.push(entry);
      console.log(
        `  ! ${operation} ${details.method ?? ""} ${details.path ?? ""} -> ${details.status ?? ""} ${details.message ?? ""}`,
      );
    }
  }
}

async function soak(dialect, database) {
  const receiver = await webhookReceiver();
  const takt = await startTakt({ dialect, database, users: USERS, env: SOAK_SERVER_ENV });
  const client = httpClient(takt.base, { maxSockets: MAX_IN_FLIGHT, timeoutMs: REQUEST_TIMEOUT_MS });
  const stats = new Stats();
  const sockets = [];
  try {
    console.log(`\n== ${dialect}: seeding ${TASKS} tasks through the API ==`);
    const data = await seed(client, takt.tokens);
    data.created = [];
    console.log(`seeded in ${data.seedSeconds.toFixed(1)} s`);
    const adminToken = data.users[0].token;
    for (const project of flags["no-webhooks"] ? [] : data.projects) {
      const answer = await client.request("POST", "/api/1.0/webhooks", adminToken, {
        resource: project.gid,
        target: `${receiver.url}/project/${project.gid}`,
      });
      if (answer.status !== 201) throw new Error(`webhook: ${answer.status} ${answer.text}`);
    }
    for (let index = 0; index < SOCKETS; index += 1) {
      sockets.push(realtimeClient(takt.base, data.users[index % data.users.length], stats));
    }
    const mix = operations(data).filter(
      (operation) => !SKIP.has(operation.name) && (!flags.only || flags.only.split(",").includes(operation.name)),
    );
    const totalWeight = mix.reduce((sum, operation) => sum + operation.weight, 0);
    const choose = () => {
      let roll = Math.random() * totalWeight;
      for (const operation of mix) {
        roll -= operation.weight;
        if (roll < 0) return operation;
      }
      return mix[mix.length - 1];
    };
    const perOperation = new Map(mix.map((operation) => [operation.name, { latencies: [], errors: 0 }]));
    // The pool's connections are opened before the load, as a long-running client's already are: on a
    // saturated server, new connections wait in the accept queue far longer than requests on open ones.
    await Promise.all(
      Array.from({ length: MAX_IN_FLIGHT }, () => client.request("GET", "/api/1.0/users/me", adminToken)),
    );
    const dbAfterSeed = await takt.dbSize();
    const rowsAfterSeed = await takt.rowCounts(COUNTED_TABLES);

    let inFlight = 0;
    let sent = 0;
    let shed = 0;
    let done = 0;
    let writesOk = 0;
    let intervalLatencies = [];
    const allIntervals = [];

    async function fire() {
      let operation = choose();
      let request = operation.build();
      if (!request) {
        // Nothing to delete yet (or an empty pool): a read instead, so the rate stays what was asked.
        operation = mix.find((candidate) => candidate.name === "get task") ?? mix[0];
        request = operation.build();
        if (!request) return;
      }
      const who = request.user ?? pick(data.users);
      const route = request.path ?? `/tasks/${request.task.gid}`;
      if (request.task) request.task.busy += 1;
      inFlight += 1;
      sent += 1;
      try {
        const answer = await client.request(request.method, `/api/1.0${route}`, who.token, request.body);
        perOperation.get(operation.name).latencies.push(answer.ms);
        intervalLatencies.push(answer.ms);
        if (answer.status >= 200 && answer.status < 300) {
          if (operation.write) writesOk += 1;
          request.onOk?.(answer.text ? JSON.parse(answer.text) : {});
        } else {
          perOperation.get(operation.name).errors += 1;
          stats.error(operation.name, {
            method: request.method,
            path: route,
            status: answer.status,
            message: answer.text.slice(0, 300),
          });
          // A failed delete leaves the task in place: back into the pool.
          if (request.method === "DELETE") data.pool.add(request.task);
        }
      } catch (error) {
        perOperation.get(operation.name).errors += 1;
        stats.error(operation.name, {
          method: request.method,
          path: route,
          kind: /timeout/.test(error.message) ? "timeout" : "socket",
          message: error.message,
        });
      } finally {
        inFlight -= 1;
        done += 1;
        if (request.task) request.task.busy -= 1;
      }
    }

    const started = Date.now();
    // Whole sampling intervals, so the last sample covers a full one.
    const durationMs = Math.ceil((MINUTES * 60) / INTERVAL_S) * INTERVAL_S * 1000;
    // Requests due by a given time: the rate ramps up linearly over RAMP_S, as traffic reaches a fresh node.
    const rampMs = Math.min(RAMP_S * 1000, durationMs / 2);
    const scheduled = (elapsed) =>
      elapsed < rampMs ? (RATE * elapsed ** 2) / (2 * rampMs * 1000) : (RATE * (elapsed - rampMs / 2)) / 1000;
    const samples = [];
    let lastSample = { at: started, done: 0, sent: 0 };
    const sample = async () => {
      const now = Date.now();
      const latencies = summarize(intervalLatencies);
      allIntervals.push({ t: (now - started) / 1000, latencies: intervalLatencies });
      intervalLatencies = [];
      const metrics = await scrapeMetrics(takt.base);
      const entry = {
        t: Math.round((now - started) / 1000),
        rssBytes: takt.rss(),
        heapUsedBytes: metrics?.heapUsed ?? null,
        requestsDone: done,
        ratePerSecond: Number((((done - lastSample.done) * 1000) / (now - lastSample.at)).toFixed(1)),
        errors: stats.errors,
        shed,
        inFlight,
        p50Ms: latencies.p50 == null ? null : Number(latencies.p50.toFixed(1)),
        p99Ms: latencies.p99 == null ? null : Number(latencies.p99.toFixed(1)),
        socketEvents: sockets.reduce((sum, socket) => sum + socket.events, 0),
        webhookEvents: receiver.events,
        jobsQueued: metrics?.jobsQueued ?? null,
        jobsDead: metrics?.jobsDead ?? null,
        liveTasks: data.pool.list.length,
        dbBytes: await takt.dbSize(),
      };
      samples.push(entry);
      lastSample = { at: now, done };
      console.log(
        `${String(entry.t).padStart(5)} s  rss ${mb(entry.rssBytes)?.toFixed(1)} MB` +
          `${entry.heapUsedBytes ? `  heap ${mb(entry.heapUsedBytes).toFixed(1)} MB` : ""}` +
          `  ${entry.ratePerSecond} req/s  p50 ${entry.p50Ms} ms  p99 ${entry.p99Ms} ms  errors ${entry.errors}` +
          `${shed ? `  shed ${shed}` : ""}  socket events ${entry.socketEvents}  webhook events ${entry.webhookEvents}` +
          `  jobs queued ${entry.jobsQueued ?? "?"}  db ${mb(entry.dbBytes).toFixed(1)} MB`,
      );
      if (takt.exited() !== null) throw new Error(`the server exited (${takt.exited()})`);
    };

    console.log(`== ${dialect}: ${MINUTES} min at ${RATE} req/s, ${SOCKETS} realtime sockets, ${PROJECTS} webhooks ==`);
    // Open loop: requests go out on schedule whatever the answers take; past MAX_IN_FLIGHT they are shed
    // (counted), so a slow server is visible as shed requests and latency, never as an unbounded queue.
    await new Promise((resolve, reject) => {
      const ticker = setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed >= durationMs) return;
        const due = Math.floor(scheduled(elapsed)) - sent - shed;
        for (let index = 0; index < due; index += 1) {
          if (inFlight >= MAX_IN_FLIGHT) shed += 1;
          else fire();
        }
      }, 5);
      let sampling = false;
      const sampler = setInterval(() => {
        if (sampling) return;
        sampling = true;
        sample()
          .then(() => {
            if (Date.now() - started >= durationMs - 250) {
              clearInterval(ticker);
              clearInterval(sampler);
              resolve();
            }
          }, reject)
          .finally(() => {
            sampling = false;
          });
      }, INTERVAL_S * 1000);
    });
    const loadEnded = Date.now();
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 50));

    // Drain: every created task's "added" event should reach every socket and a webhook.
    const missing = () => {
      const socketsMissing = sockets.map((socket) => data.created.filter((gid) => !socket.added.has(gid)).length);
      const webhookMissing = flags["no-webhooks"] ? 0 : data.created.filter((gid) => !receiver.added.has(gid)).length;
      return { socketsMissing, webhookMissing };
    };
    const drainUntil = Date.now() + 120_000;
    let gap = missing();
    while ((gap.webhookMissing > 0 || gap.socketsMissing.some((count) => count > 0)) && Date.now() < drainUntil) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      gap = missing();
    }
    const drainSeconds = (Date.now() - loadEnded) / 1000;
    const finalMetrics = await scrapeMetrics(takt.base);
    const dbAtEnd = await takt.dbSize();
    const rowsAtEnd = await takt.rowCounts(COUNTED_TABLES);
    for (const socket of sockets) socket.stop();

    return {
      dialect,
      startedAt: new Date(started).toISOString(),
      durationS: durationMs / 1000,
      rampS: rampMs / 1000,
      seedSeconds: data.seedSeconds,
      samples,
      intervals: allIntervals,
      perOperation,
      stats,
      sent,
      shed,
      done,
      writesOk,
      created: data.created.length,
      liveTasksAtEnd: data.pool.list.length,
      sockets: sockets.map((socket, index) => ({
        user: socket.user,
        events: socket.events,
        closes: socket.closes,
        createdMissing: gap.socketsMissing[index],
      })),
      webhook: {
        handshakes: receiver.handshakes,
        deliveries: receiver.deliveries,
        events: receiver.events,
        createdMissing: gap.webhookMissing,
        unreadable: receiver.badRequests,
      },
      drainSeconds,
      finalMetrics,
      db: { afterSeed: dbAfterSeed, atEnd: dbAtEnd, rowsAfterSeed, rowsAtEnd },
      serverExited: takt.exited(),
    };
  } finally {
    for (const socket of sockets) if (!socket.stopped) socket.stop();
    client.close();
    await takt.stop();
    await receiver.close();
  }
}

// ---- the verdict and the report ----

function analyse(outcome) {
  const durationS = outcome.durationS;
  // Warm-up: the first 2 minutes (less on a short run) fill caches and JIT; growth counts from there.
  const warmupS = Math.min(120, durationS * 0.4);
  const after = outcome.samples.filter((entry) => entry.t >= warmupS && entry.rssBytes != null);
  const lastMinute = outcome.samples.filter((entry) => entry.t > durationS - 60 && entry.rssBytes != null);
  const rssAtWarmup = after[0]?.rssBytes ?? null;
  const rssLastMinute = mean(lastMinute.map((entry) => entry.rssBytes));
  const rssSlope = slope(after.map((entry) => [entry.t / 3600, mb(entry.rssBytes)]));
  const heapPoints = after.filter((entry) => entry.heapUsedBytes != null);
  const heapSlope =
    heapPoints.length > 1 ? slope(heapPoints.map((entry) => [entry.t / 3600, mb(entry.heapUsedBytes)])) : null;
  // Latency drift: the first and the last 5 minutes (a third of the run each when it is shorter than 15).
  const windowS = Math.min(300, durationS / 3);
  const windowOf = (from, to) =>
    summarize(
      outcome.intervals.filter((entry) => entry.t > from && entry.t <= to + 0.5).flatMap((entry) => entry.latencies),
    );
  const first = windowOf(0, windowS);
  const last = windowOf(durationS - windowS, durationS);
  const errorsOk = outcome.stats.errors === 0 && outcome.serverExited === null;
  const memoryOk = rssSlope != null && rssSlope < MAX_SLOPE;
  const deliveriesOk =
    outcome.webhook.createdMissing === 0 && outcome.sockets.every((socket) => socket.createdMissing === 0);
  return {
    warmupS,
    windowS,
    rssAtWarmup,
    rssLastMinute,
    rssGrowth: rssAtWarmup != null && rssLastMinute != null ? rssLastMinute - rssAtWarmup : null,
    rssSlopeMbPerHour: rssSlope,
    heapSlopeMbPerHour: heapSlope,
    latencyFirst: first,
    latencyLast: last,
    errorsOk,
    memoryOk,
    deliveriesOk,
    pass: errorsOk && memoryOk && deliveriesOk,
  };
}

const span = (seconds) => (seconds >= 120 ? `${fixed(seconds / 60)} min` : `${fixed(seconds, 0)} s`);
const fixed = (value, digits = 1) => (value == null ? "n/a" : Number(value).toFixed(digits));

function verdictLine(analysis, outcome) {
  const parts = [
    `${outcome.stats.errors} errors`,
    `RSS slope ${fixed(analysis.rssSlopeMbPerHour)} MB/h (threshold ${MAX_SLOPE} MB/h)`,
    analysis.deliveriesOk ? "every created task reached every socket and the webhook" : "events missing",
    `${fixed(outcome.done / outcome.durationS)} req/s answered of ${RATE} asked (${outcome.shed} shed)`,
  ];
  // Errors and memory are judged either way, but a server that could not keep up was soaked at a lower rate.
  const belowRate =
    outcome.done / outcome.durationS < 0.9 * RATE
      ? ` The asked rate was not reached (load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs at the end): rerun on an idle machine for the full rate.`
      : "";
  return `**Verdict: ${analysis.pass ? "PASS" : "FAIL"}** — ${parts.join(", ")}.${belowRate}`;
}

function markdown(outcome, analysis, info, date) {
  const duration = outcome.durationS;
  const writesPerSocket = outcome.sockets
    .map(
      (socket) =>
        `| ${socket.user} | ${socket.events} | ${fixed(socket.events / Math.max(1, outcome.writesOk), 2)} | ${socket.createdMissing} | ${socket.closes} |`,
    )
    .join("\n");
  const operations = [...outcome.perOperation.entries()]
    .map(([name, entry]) => {
      const summary = summarize(entry.latencies);
      return `| ${name} | ${summary.count} | ${entry.errors} | ${fixed(summary.p50)} | ${fixed(summary.p99)} | ${fixed(summary.max)} |`;
    })
    .join("\n");
  const samples = outcome.samples
    .map(
      (entry) =>
        `| ${entry.t} | ${fixed(mb(entry.rssBytes))} | ${entry.heapUsedBytes ? fixed(mb(entry.heapUsedBytes)) : "—"} | ${entry.ratePerSecond} | ${fixed(entry.p50Ms)} | ${fixed(entry.p99Ms)} | ${entry.errors} | ${entry.shed} | ${entry.socketEvents} | ${entry.webhookEvents} | ${entry.jobsQueued ?? "—"} | ${entry.liveTasks} | ${fixed(mb(entry.dbBytes))} |`,
    )
    .join("\n");
  const errors = outcome.stats.firstErrors.length
    ? outcome.stats.firstErrors
        .map(
          (entry) =>
            `- ${entry.at} ${entry.operation}: ${entry.method ?? ""} ${entry.path ?? ""} → ${entry.status ?? entry.kind} ${entry.message ?? ""}`,
        )
        .join("\n")
    : "None.";
  const dbGrowth = outcome.db.atEnd - outcome.db.afterSeed;
  return `# Takt soak — ${outcome.dialect}, ${date.toISOString().slice(0, 10)}

${verdictLine(analysis, outcome)}

Run with \`npm run soak -- --minutes ${MINUTES}\` at ${outcome.startedAt} (load phase ${MINUTES} min).

## Machine

- CPU: ${info.cpuModel}, ${info.cpus} logical CPUs (\`nproc\`)
- Memory: ${info.memoryGiB} GiB
- Node.js: ${info.node}
- OS: ${info.os}
- Load average (1/5/15 min) at the start: ${info.loadAverage.join(" / ")}; at the end: ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ")}
- Database: ${outcome.dialect === "sqlite" ? "SQLite (better-sqlite3, WAL; every commit flushed to disk before it is acknowledged) in a fresh data directory" : "a fresh PostgreSQL database on the same machine, over TCP loopback (dropped afterwards)"}

The load generator, the realtime clients and the webhook receiver run on the same machine as the server.

## Setup

- Seeded through the API in ${fixed(outcome.seedSeconds)} s: ${USERS.length} users with tokens (1 admin, ${USERS.length - 1} project editors), ${PROJECTS} projects × ${SECTIONS.length} sections, 3 custom fields (text, number, enum) on every project, ${TASKS} tasks (60 % assigned, half with a due date, every field set) and a comment on every fifth.
- Load: ${RATE} req/s on schedule (open loop, at most ${MAX_IN_FLIGHT} in flight; beyond that a request is shed and counted), each request as a random user with a keep-alive connection pool. ${SOCKETS} WebSocket clients on \`/api/1.0/realtime\` the whole time; one webhook per project (\`TAKT_WEBHOOK_ALLOW_PRIVATE=1\`) to a receiver on 127.0.0.1.
- Rate limits turned off in the server's environment (\`TAKT_RATE_LIMITS=off\`, per-token, per-address and concurrency limits 0).
- A created task is deleted only after ${DELETE_AFTER_MS / 1000} s (so its events reach everyone first); creates and deletes have the same weight, so the data stays about the same size.${SKIP.size ? `\n- Left out of the mix: ${[...SKIP].join(", ")}.` : ""}

## Results

| measure | value |
| --- | --- |
| requests answered | ${outcome.done} (${fixed(outcome.done / duration)} req/s; ${outcome.shed} shed) |
| errors (non-2xx, socket errors, timeouts, socket closes) | ${outcome.stats.errors} |
| writes acknowledged | ${outcome.writesOk} (${outcome.created} tasks created; ${outcome.liveTasksAtEnd} live at the end, ${TASKS} seeded) |
| RSS after warm-up (${analysis.warmupS} s) → mean of the last minute | ${fixed(mb(analysis.rssAtWarmup))} MB → ${fixed(mb(analysis.rssLastMinute))} MB (${analysis.rssGrowth >= 0 ? "+" : ""}${fixed(mb(analysis.rssGrowth))} MB) |
| RSS slope after warm-up (least squares) | ${fixed(analysis.rssSlopeMbPerHour)} MB/hour |
| heap used slope after warm-up | ${analysis.heapSlopeMbPerHour == null ? "not exposed by /metrics" : `${fixed(analysis.heapSlopeMbPerHour)} MB/hour`} |
| latency p50 / p99, first ${span(analysis.windowS)} | ${fixed(analysis.latencyFirst.p50)} / ${fixed(analysis.latencyFirst.p99)} ms |
| latency p50 / p99, last ${span(analysis.windowS)} | ${fixed(analysis.latencyLast.p50)} / ${fixed(analysis.latencyLast.p99)} ms |
| webhook | ${outcome.webhook.deliveries} deliveries carrying ${outcome.webhook.events} events (${fixed(outcome.webhook.events / Math.max(1, outcome.writesOk), 2)} per write); created tasks never delivered: ${outcome.webhook.createdMissing} |
| drain after the load (all events in) | ${fixed(outcome.drainSeconds)} s |
| database size after seeding → at the end | ${fixed(mb(outcome.db.afterSeed))} MB → ${fixed(mb(outcome.db.atEnd))} MB (+${fixed(mb(dbGrowth))} MB, ${fixed((mb(dbGrowth) / duration) * 3600)} MB/hour) |
| jobs queued / dead at the end | ${outcome.finalMetrics?.jobsQueued ?? "?"} / ${outcome.finalMetrics?.jobsDead ?? "?"} |

Realtime sockets (events received; per acknowledged write; created tasks whose "added" event never arrived; unexpected closes):

| user | events | per write | created missing | closes |
| --- | --- | --- | --- | --- |
${writesPerSocket}

Rows per table after seeding → at the end (what the database grows with):

| table | after seeding | at the end | per 1,000 writes |
| --- | --- | --- | --- |
${Object.keys(outcome.db.rowsAtEnd)
  .map(
    (table) =>
      `| ${table} | ${outcome.db.rowsAfterSeed[table] ?? "—"} | ${outcome.db.rowsAtEnd[table]} | ${fixed(((outcome.db.rowsAtEnd[table] - (outcome.db.rowsAfterSeed[table] ?? 0)) * 1000) / Math.max(1, outcome.writesOk), 0)} |`,
  )
  .join("\n")}

Per operation (latency in ms over the whole run):

| operation | requests | errors | p50 | p99 | max |
| --- | --- | --- | --- | --- | --- |
${operations}

First errors:

${errors}

## Samples (every ${INTERVAL_S} s)

| t s | RSS MB | heap MB | req/s | p50 ms | p99 ms | errors | shed | socket events | webhook events | jobs queued | live tasks | DB MB |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${samples}
`;
}

function jsonReport(outcome, analysis, info) {
  return {
    dialect: outcome.dialect,
    startedAt: outcome.startedAt,
    options: {
      minutes: MINUTES,
      rate: RATE,
      tasks: TASKS,
      sockets: SOCKETS,
      maxInFlight: MAX_IN_FLIGHT,
      skip: [...SKIP],
    },
    machine: { ...info, loadAverageAtEnd: os.loadavg().map((value) => Number(value.toFixed(2))) },
    verdict: {
      pass: analysis.pass,
      errors: analysis.errorsOk,
      flatMemory: analysis.memoryOk,
      deliveries: analysis.deliveriesOk,
      maxSlopeMbPerHour: MAX_SLOPE,
    },
    summary: {
      requests: outcome.done,
      shed: outcome.shed,
      errors: outcome.stats.errors,
      errorKinds: Object.fromEntries(outcome.stats.errorKinds),
      firstErrors: outcome.stats.firstErrors,
      writesOk: outcome.writesOk,
      created: outcome.created,
      rssAtWarmupMb: mb(analysis.rssAtWarmup),
      rssLastMinuteMb: mb(analysis.rssLastMinute),
      rssSlopeMbPerHour: analysis.rssSlopeMbPerHour,
      heapSlopeMbPerHour: analysis.heapSlopeMbPerHour,
      latencyFirst: analysis.latencyFirst,
      latencyLast: analysis.latencyLast,
      sockets: outcome.sockets,
      webhook: outcome.webhook,
      drainSeconds: outcome.drainSeconds,
      dbBytes: outcome.db,
      perOperation: Object.fromEntries(
        [...outcome.perOperation.entries()].map(([name, entry]) => [
          name,
          { ...summarize(entry.latencies), errors: entry.errors },
        ]),
      ),
    },
    samples: outcome.samples,
  };
}

async function main() {
  const info = machine();
  const date = new Date();
  const pgAdmin = process.env.TAKT_BENCH_PG_URL || process.env.DATABASE_URL;
  const which = flags.db || (pgAdmin ? "both" : "sqlite");
  if (!["sqlite", "postgres", "both"].includes(which)) throw new Error("--db: must be sqlite, postgres or both");
  if (which !== "sqlite" && !pgAdmin) throw new Error("--db: give TAKT_BENCH_PG_URL (or DATABASE_URL) for PostgreSQL");
  const targets = [];
  if (which !== "postgres") targets.push(["sqlite", null]);
  if (which !== "sqlite") targets.push(["postgres", pgAdmin]);
  console.log(
    `Machine: ${info.cpuModel}, ${info.cpus} CPUs, ${info.memoryGiB} GiB, Node ${info.node}, load ${info.loadAverage.join(" ")}`,
  );
  fs.mkdirSync(RESULTS, { recursive: true });
  let failed = false;
  for (const [dialect, adminUrl] of targets) {
    const database = adminUrl ? await createPgDatabase(adminUrl) : null;
    let outcome;
    try {
      outcome = await soak(dialect, database);
    } finally {
      await database?.drop();
    }
    const analysis = analyse(outcome);
    const stem = path.join(RESULTS, `${date.toISOString().slice(0, 16).replace(":", "")}-soak-${dialect}`);
    fs.writeFileSync(`${stem}.md`, markdown(outcome, analysis, info, date));
    fs.writeFileSync(`${stem}.json`, `${JSON.stringify(jsonReport(outcome, analysis, info), null, 2)}\n`);
    console.log(`\n${verdictLine(analysis, outcome)}`);
    console.log(`wrote ${path.relative(process.cwd(), stem)}.md and .json`);
    failed ||= !analysis.pass;
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
