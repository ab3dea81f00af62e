import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateKeyBetween } from "fractional-indexing";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "../src/db/index.ts";

// "An acknowledged write survives kill -9": the real server runs as a child process, takes a stream of
// concurrent writes, is killed with SIGKILL mid-stream, restarts on the same data, and every write it
// answered with a 2xx must still be there — and the data must still hang together (memberships, order keys,
// stories and events), with migrations that run again on every restart without changing anything.

const run = promisify(execFile);
const TAKT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/takt.mjs");
const dialect = process.env.TAKT_TEST_DB ?? "sqlite";
const STREAM_MS = 1_500;
const WORKERS = 12;
const KILL_CYCLES = 4;
const LANES = 8;

interface Server {
  child: ChildProcess;
  api: string;
  output: () => string;
}

let dataDir: string;
let databaseUrl = "";
let adminUrl = "";
const createdDatabases: string[] = [];
let token = "";
let workspaceGid = "";

function env(url = databaseUrl): NodeJS.ProcessEnv {
  // The load is one client with one token: abuse limits would only turn acknowledged writes into 429s.
  return {
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: "warn",
    TAKT_WEB_DIR: "",
    TAKT_RATE_LIMIT_PER_MINUTE: "0",
    TAKT_RATE_LIMIT_IP_PER_MINUTE: "0",
    TAKT_RATE_LIMIT_CONCURRENT: "0",
  };
}

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [TAKT, ...args, "--data-dir", dataDir], { env: env() });
  return stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [TAKT, "serve", "--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir],
    {
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const api = `http://127.0.0.1:${port}/api/1.0`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const answer = await fetch(`${api}/users/me`, { headers: { authorization: `Bearer ${token}` } });
      if (answer.status === 200) return { child, api, output: () => output };
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`the server did not answer within 30 s:\n${output}`);
}

async function killHard(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGKILL");
  await exited;
}

async function call(server: Server, method: string, route: string, data?: unknown) {
  const response = await fetch(`${server.api}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(data === undefined ? {} : { "content-type": "application/json" }),
    },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: response.status, body: body as any };
}

const ok = (status: number) => status >= 200 && status < 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A second connection to the server's own database, to read what it stored (SQLite in WAL mode allows it).
async function withDatabase<T>(work: (handle: DbHandle) => Promise<T>, url = databaseUrl): Promise<T> {
  const handle = openDb({ dataDir, databaseUrl: url || undefined });
  try {
    return await work(handle);
  } finally {
    await handle.destroy();
  }
}

async function newPgDatabase(label: string): Promise<string> {
  const name = `takt_${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  createdDatabases.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-durability-"));
  if (dialect === "postgres") {
    adminUrl = process.env.TAKT_TEST_PG_URL ?? "";
    if (!adminUrl) throw new Error("TAKT_TEST_PG_URL is not set");
    databaseUrl = await newPgDatabase("durability");
  }
  await cli("workspace", "add", "--name", "Durable Co");
  await cli("user", "add", "--email", "dura@example.test", "--name", "Dura", "--password", "correct horse", "--admin");
  token = (await cli("token", "create", "--email", "dura@example.test")).trim().split("\n").at(-1) ?? "";
}, 120_000);

afterAll(async () => {
  if (createdDatabases.length) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    for (const name of createdDatabases) await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`durability on ${dialect}`, () => {
  it("keeps every acknowledged write after kill -9 and a restart", { timeout: 120_000 }, async () => {
    expect(token).toMatch(/^takt_pat_/);
    let server = await startServer();
    const me = await call(server, "GET", "/users/me");
    workspaceGid = String(me.body.data.workspaces[0].gid);

    const project = await call(server, "POST", "/projects", { name: "Durable", workspace: workspaceGid });
    expect(project.status).toBe(201);
    const taskTarget = { projects: [String(project.body.data.gid)] };

    const ackedTokens: string[] = [];
    const ackedTasks: string[] = [];
    const ackedProfileNames: string[] = [];
    const ackedWorkspaceNames: string[] = [];
    let inFlightProfileName: string | null = null;
    let inFlightWorkspaceName: string | null = null;
    let stopped = false;
    let sequence = 0;
    const refused: string[] = [];

    const note = (what: string, status: number) => {
      if (!ok(status) && refused.length < 5) refused.push(`${what}: ${status}`);
    };

    // Creates run concurrently; updates of one record run one at a time, so the last acknowledged value is known.
    async function createWorker(lane: number) {
      while (!stopped) {
        sequence += 1;
        const label = `w${lane}-${sequence}`;
        try {
          if (sequence % 2 === 0) {
            const answer = await call(server, "POST", "/tasks", { name: `Task ${label}`, ...taskTarget });
            note("POST /tasks", answer.status);
            if (ok(answer.status)) ackedTasks.push(String(answer.body.data?.gid));
          } else {
            const answer = await call(server, "POST", "/personal_access_tokens", { name: `Token ${label}` });
            note("POST /personal_access_tokens", answer.status);
            if (ok(answer.status)) ackedTokens.push(String(answer.body.data?.gid));
          }
        } catch {
          return; // the connection died with the server
        }
      }
    }
    async function profileWorker() {
      for (let index = 0; !stopped; index += 1) {
        inFlightProfileName = `Dura ${index}`;
        try {
          const answer = await call(server, "PUT", "/users/me", { name: inFlightProfileName });
          note("PUT /users/me", answer.status);
          if (ok(answer.status)) ackedProfileNames.push(inFlightProfileName);
        } catch {
          return;
        }
      }
    }
    async function workspaceWorker() {
      for (let index = 0; !stopped; index += 1) {
        inFlightWorkspaceName = `Durable Co ${index}`;
        try {
          const answer = await call(server, "PUT", `/workspaces/${workspaceGid}`, { name: inFlightWorkspaceName });
          note("PUT /workspaces", answer.status);
          if (ok(answer.status)) ackedWorkspaceNames.push(inFlightWorkspaceName);
        } catch {
          return;
        }
      }
    }

    const workers = [
      ...Array.from({ length: WORKERS }, (_, lane) => createWorker(lane)),
      profileWorker(),
      workspaceWorker(),
    ];
    // At least STREAM_MS, and long enough for a fair number of acknowledgements even on a busy machine.
    const streamStarted = Date.now();
    const enough = () => ackedTokens.length >= 20 && ackedProfileNames.length >= 3 && ackedTasks.length >= 20;
    while (Date.now() - streamStarted < STREAM_MS || (!enough() && Date.now() - streamStarted < 15_000)) {
      await sleep(50);
    }
    await killHard(server); // mid-stream: the workers still have requests in flight
    stopped = true;
    await Promise.all(workers);

    expect(refused).toEqual([]);
    expect(ackedTokens.length).toBeGreaterThanOrEqual(20);
    expect(ackedProfileNames.length).toBeGreaterThanOrEqual(3);
    expect(ackedTasks.length).toBeGreaterThanOrEqual(20);

    server = await startServer();
    try {
      const tokens = await call(server, "GET", "/personal_access_tokens");
      const stored = new Set(tokens.body.data.map((row: { gid: string }) => row.gid));
      expect(ackedTokens.filter((gid) => !stored.has(gid))).toEqual([]);

      // The stored value is the last acknowledged one, or the one whose answer the kill cut off.
      const profile = await call(server, "GET", "/users/me");
      expect([ackedProfileNames.at(-1), inFlightProfileName]).toContain(profile.body.data?.name);
      const workspace = await call(server, "GET", `/workspaces/${workspaceGid}`);
      expect([ackedWorkspaceNames.at(-1), inFlightWorkspaceName]).toContain(workspace.body.data?.name);

      const missingTasks: string[] = [];
      for (let start = 0; start < ackedTasks.length; start += 16) {
        const batch = ackedTasks.slice(start, start + 16);
        const answers = await Promise.all(batch.map((gid) => call(server, "GET", `/tasks/${gid}`)));
        answers.forEach((answer, index) => {
          if (answer.status !== 200) missingTasks.push(`${batch[index]} (${answer.status})`);
        });
      }
      expect(missingTasks).toEqual([]);

      // The restarted server takes writes again.
      expect((await call(server, "POST", "/personal_access_tokens", { name: "after restart" })).status).toBe(201);
    } finally {
      await killHard(server);
    }
  });

  it(`stays whole and consistent through ${KILL_CYCLES} kill -9 cycles of task writes`, {
    timeout: 300_000,
  }, async () => {
    let server = await startServer();
    const board = await makeBoard(server, "Client board", ["Backlog", "Doing", "Review", "Done"]);
    const personal = await makeBoard(server, "Curator board", ["Mine", "Later"]);
    const state = new Tracker();
    try {
      for (let cycle = 1; cycle <= KILL_CYCLES; cycle += 1) {
        const figures = await writeUntilKilled(server, state, board, personal, cycle);
        // A kill leaves at most one request per lane without an answer; the restart shows which way it went.
        server = await startServer();
        await state.settleInFlight();
        await checkAcknowledged(server, state, board, personal);
        const problems = await consistencyProblems();
        expect(problems, `cycle ${cycle} (${JSON.stringify(figures)})`).toEqual([]);
      }
      expect(state.tasks.size).toBeGreaterThanOrEqual(KILL_CYCLES * 10);
      expect(state.counts.moves).toBeGreaterThan(0);
      expect(state.counts.comments).toBeGreaterThan(0);
      expect(state.counts.completions).toBeGreaterThan(0);
      expect(state.counts.multihomed).toBeGreaterThan(0);
    } finally {
      await killHard(server);
    }
  });

  it("runs migrations again on every start without changing anything", { timeout: 180_000 }, async () => {
    const before = await schemaOf();
    expect(before.migrations.length).toBeGreaterThan(0);
    for (let time = 0; time < 2; time += 1) {
      expect((await cli("migrate")).trim()).toMatch(/^The database is up to date\./);
    }
    expect(await schemaOf()).toEqual(before);
    const server = await startServer();
    try {
      expect((await call(server, "GET", "/users/me")).status).toBe(200);
    } finally {
      await killHard(server);
    }
    expect(await schemaOf()).toEqual(before);

    // On an empty database the first run applies every migration and the second finds nothing to do.
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-migrate-"));
    const freshUrl = dialect === "postgres" ? await newPgDatabase("migrate") : "";
    try {
      const migrate = async () => {
        const { stdout } = await run(process.execPath, [TAKT, "migrate", "--data-dir", freshDir], {
          env: env(freshUrl),
        });
        return stdout.trim();
      };
      // The first line names what was applied; later lines report the schema's releases (schema-compat.ts).
      expect((await migrate()).split("\n")[0]).toBe(`Applied: ${before.migrations.join(", ")}`);
      expect(await migrate()).toMatch(/^The database is up to date\./);
    } finally {
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  });
});

// ---------- the write load of the kill cycles ----------

interface Board {
  gid: string;
  sections: string[];
}

async function makeBoard(server: Server, name: string, sections: string[]): Promise<Board> {
  const project = await call(server, "POST", "/projects", { name, workspace: workspaceGid });
  expect(project.status).toBe(201);
  const gid = String(project.body.data.gid);
  const sectionGids: string[] = [];
  for (const section of sections) {
    const answer = await call(server, "POST", `/projects/${gid}/sections`, { name: section });
    expect(answer.status).toBe(201);
    sectionGids.push(String(answer.body.data.gid));
  }
  return { gid, sections: sectionGids };
}

interface TrackedTask {
  gid: string;
  name: string;
  section: string; // its section on the client board
  personalSection: string | null; // its section on the curator's board, when multi-homed there
  completed: boolean;
  comments: Map<string, string>; // story gid -> text
}

// What a lane sent last and has no answer for: it either happened or not; the restart tells.
type InFlight =
  | { kind: "create"; name: string; section: string }
  | { kind: "move"; task: TrackedTask; section: string }
  | { kind: "home"; task: TrackedTask; section: string }
  | { kind: "complete"; task: TrackedTask; completed: boolean }
  | { kind: "comment"; task: TrackedTask; text: string };

class Tracker {
  tasks = new Map<string, TrackedTask>();
  lanes: TrackedTask[][] = Array.from({ length: LANES }, () => []);
  inFlight: (InFlight | null)[] = Array.from({ length: LANES }, () => null);
  refused: string[] = [];
  counts = { creates: 0, moves: 0, comments: 0, completions: 0, multihomed: 0 };

  // Adopt the outcome of each unanswered request as stored, so the next cycle starts from exact knowledge.
  async settleInFlight() {
    await withDatabase(async ({ db }) => {
      for (let lane = 0; lane < LANES; lane += 1) {
        const pending = this.inFlight[lane];
        this.inFlight[lane] = null;
        if (!pending) continue;
        if (pending.kind === "create") {
          const row = await db.selectFrom("tasks").select("gid").where("name", "=", pending.name).executeTakeFirst();
          if (row) this.adopt(lane, String(row.gid), pending.name, pending.section);
          continue;
        }
        const task = pending.task;
        const taskGid = Number(task.gid);
        if (pending.kind === "comment") {
          const story = await db
            .selectFrom("stories")
            .select("gid")
            .where("task_gid", "=", taskGid)
            .where("text", "=", pending.text)
            .executeTakeFirst();
          if (story) task.comments.set(String(story.gid), pending.text);
        } else if (pending.kind === "complete") {
          const row = await db.selectFrom("tasks").select("completed").where("gid", "=", taskGid).executeTakeFirst();
          task.completed = row?.completed === 1;
        } else {
          const row = await db
            .selectFrom("task_memberships")
            .select("section_gid")
            .where("task_gid", "=", taskGid)
            .where("section_gid", "=", Number(pending.section))
            .executeTakeFirst();
          if (row && pending.kind === "move") task.section = pending.section;
          if (row && pending.kind === "home") task.personalSection = pending.section;
        }
      }
    });
  }

  adopt(lane: number, gid: string, name: string, section: string): TrackedTask {
    const task: TrackedTask = { gid, name, section, personalSection: null, completed: false, comments: new Map() };
    this.tasks.set(gid, task);
    this.lanes[lane].push(task);
    return task;
  }
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

// Lanes write concurrently; each lane owns its tasks and writes them one request at a time, so the last
// acknowledged value of every field is known. The server is killed at a random moment once enough was answered.
async function writeUntilKilled(server: Server, state: Tracker, board: Board, personal: Board, cycle: number) {
  let stopped = false;
  let sequence = 0;
  const acked = { creates: 0, moves: 0, comments: 0, completions: 0, multihomed: 0 };

  async function send(lane: number, pending: InFlight, method: string, route: string, data: unknown) {
    state.inFlight[lane] = pending;
    const answer = await call(server, method, route, data); // throws when the kill cuts the connection
    state.inFlight[lane] = null;
    if (!ok(answer.status)) {
      state.refused.push(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      return null;
    }
    return answer;
  }

  async function lane(index: number) {
    const own = state.lanes[index];
    while (!stopped) {
      sequence += 1;
      const roll = Math.random();
      try {
        if (own.length < 2 || roll < 0.25) {
          const name = `C${cycle} L${index} #${sequence}`;
          const section = pick(board.sections);
          const answer = await send(index, { kind: "create", name, section }, "POST", "/tasks", {
            name,
            memberships: [{ project: board.gid, section }],
          });
          if (answer) {
            state.adopt(index, String(answer.body.data.gid), name, section);
            acked.creates += 1;
          }
          continue;
        }
        const task = pick(own);
        if (roll < 0.45) {
          const section = pick(board.sections.filter((gid) => gid !== task.section));
          const answer = await send(index, { kind: "move", task, section }, "POST", `/sections/${section}/addTask`, {
            task: task.gid,
          });
          if (answer) {
            task.section = section;
            acked.moves += 1;
          }
        } else if (roll < 0.65) {
          const text = `Note ${cycle}.${index}.${sequence} — ok ✓`;
          const answer = await send(index, { kind: "comment", task, text }, "POST", `/tasks/${task.gid}/stories`, {
            text,
          });
          if (answer) {
            task.comments.set(String(answer.body.data.gid), text);
            acked.comments += 1;
          }
        } else if (roll < 0.82) {
          const completed = !task.completed;
          const answer = await send(index, { kind: "complete", task, completed }, "PUT", `/tasks/${task.gid}`, {
            completed,
          });
          if (answer) {
            task.completed = completed;
            acked.completions += 1;
          }
        } else {
          // Multi-homing: the task joins the curator's board too, or moves there once it is on it.
          const section = pick(personal.sections.filter((gid) => gid !== task.personalSection));
          const answer = await send(index, { kind: "home", task, section }, "POST", `/tasks/${task.gid}/addProject`, {
            project: personal.gid,
            section,
          });
          if (answer) {
            task.personalSection = section;
            acked.multihomed += 1;
          }
        }
      } catch {
        return; // the connection died with the server; inFlight[index] says what was on its way
      }
    }
  }

  const lanes = Array.from({ length: LANES }, (_, index) => lane(index));
  const started = Date.now();
  const enough = () => acked.creates >= 10 && acked.moves >= 3 && acked.comments >= 3 && acked.completions >= 3;
  while (!enough() && Date.now() - started < 60_000) await sleep(20);
  await sleep(Math.random() * 1_000); // a random moment, requests in flight on every lane
  await killHard(server);
  stopped = true;
  await Promise.all(lanes);
  for (const [key, value] of Object.entries(acked)) state.counts[key as keyof typeof acked] += value;
  expect(state.refused).toEqual([]);
  expect(enough(), `cycle ${cycle}: too few writes were answered: ${JSON.stringify(acked)}`).toBe(true);
  return { ...acked, ms: Date.now() - started };
}

// Every acknowledged write, as a client reads it back through the API and as the database holds it.
async function checkAcknowledged(server: Server, state: Tracker, board: Board, personal: Board) {
  const tasks = [...state.tasks.values()];
  const wrong: string[] = [];
  for (let start = 0; start < tasks.length; start += 16) {
    const batch = tasks.slice(start, start + 16);
    const answers = await Promise.all(
      batch.map((task) =>
        call(server, "GET", `/tasks/${task.gid}?opt_fields=name,completed,memberships.project,memberships.section`),
      ),
    );
    answers.forEach((answer, index) => {
      const task = batch[index];
      if (answer.status !== 200) {
        wrong.push(`${task.name}: ${answer.status}`);
        return;
      }
      const data = answer.body.data;
      const sectionIn = (project: string) =>
        data.memberships.find((membership: any) => membership.project.gid === project)?.section.gid ?? null;
      if (data.completed !== task.completed) wrong.push(`${task.name}: completed ${data.completed}`);
      if (sectionIn(board.gid) !== task.section) wrong.push(`${task.name}: in ${sectionIn(board.gid)}`);
      if (sectionIn(personal.gid) !== task.personalSection) {
        wrong.push(`${task.name}: on the curator board in ${sectionIn(personal.gid)}`);
      }
      if (data.memberships.length !== (task.personalSection ? 2 : 1)) {
        wrong.push(`${task.name}: ${data.memberships.length} memberships`);
      }
    });
  }
  expect(wrong).toEqual([]);

  const comments = tasks.flatMap((task) => [...task.comments].map(([gid, text]) => ({ gid: Number(gid), text, task })));
  const stored = await withDatabase(({ db }) =>
    db.selectFrom("stories").select(["gid", "task_gid", "text", "type"]).where("type", "=", "comment").execute(),
  );
  const byGid = new Map(stored.map((story) => [story.gid, story]));
  const missing = comments
    .filter(({ gid, text, task }) => byGid.get(gid)?.text !== text || byGid.get(gid)?.task_gid !== Number(task.gid))
    .map(({ gid, text }) => `${gid} "${text}"`);
  expect(missing).toEqual([]);
  const texts = stored.map((story) => `${story.task_gid}:${story.text}`);
  expect(texts.length, "a comment is stored once").toBe(new Set(texts).size);
}

interface ChangeJson {
  field?: string;
  new_value?: unknown;
}

// Invariants over the whole database: nothing half-written, nothing pointing at what is not there.
async function consistencyProblems(): Promise<string[]> {
  return withDatabase(async ({ db, dialect: dbDialect }) => {
    const problems: string[] = [];
    if (dbDialect === "sqlite") {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      if (integrity.rows.map((row) => row.integrity_check).join() !== "ok") {
        problems.push(`integrity_check: ${JSON.stringify(integrity.rows)}`);
      }
      const foreignKeys = await sql`pragma foreign_key_check`.execute(db);
      if (foreignKeys.rows.length) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys.rows)}`);
    }
    const [tasks, memberships, sections, projects, stories, events] = await Promise.all([
      db.selectFrom("tasks").select(["gid", "completed", "completed_at"]).execute(),
      db.selectFrom("task_memberships").select(["task_gid", "project_gid", "section_gid", "order_key"]).execute(),
      db.selectFrom("sections").select(["gid", "project_gid", "order_key"]).execute(),
      db.selectFrom("projects").select("gid").execute(),
      db.selectFrom("stories").select(["gid", "task_gid", "type", "event_id", "resource_subtype"]).execute(),
      db
        .selectFrom("events")
        .select(["id", "resource_type", "resource_gid", "parent_type", "parent_gid", "action", "change"])
        .orderBy("id")
        .execute(),
    ]);
    const taskGids = new Set(tasks.map((task) => task.gid));
    const sectionProject = new Map(sections.map((section) => [section.gid, section.project_gid]));
    const projectGids = new Set(projects.map((project) => project.gid));
    const storyGids = new Set(stories.map((story) => story.gid));
    const eventsById = new Map(events.map((event) => [event.id, event]));

    // Order keys: well-formed fractional-indexing keys, unique within their list.
    const seenKeys = new Set<string>();
    for (const row of [
      ...memberships.map((membership) => ({ list: `section ${membership.section_gid}`, key: membership.order_key })),
      ...sections.map((section) => ({ list: `project ${section.project_gid}`, key: section.order_key })),
    ]) {
      try {
        generateKeyBetween(row.key, null);
      } catch {
        problems.push(`${row.list}: malformed order key ${JSON.stringify(row.key)}`);
      }
      if (seenKeys.has(`${row.list} ${row.key}`)) problems.push(`${row.list}: order key ${row.key} twice`);
      seenKeys.add(`${row.list} ${row.key}`);
    }
    for (const membership of memberships) {
      if (sectionProject.get(membership.section_gid) !== membership.project_gid) {
        problems.push(`task ${membership.task_gid}: its section is not in project ${membership.project_gid}`);
      }
    }

    // The events tell the same story as the state: where each task was put last, and whether it is completed.
    const lastSection = new Map<string, number>(); // `${task} ${project}` -> section of the last placement
    const lastCompleted = new Map<number, boolean>();
    for (const event of events) {
      if (event.resource_type !== "task") continue;
      if (event.action === "added" && event.parent_type === "section" && event.parent_gid !== null) {
        lastSection.set(`${event.resource_gid} ${sectionProject.get(event.parent_gid)}`, event.parent_gid);
      }
      if (event.action === "removed" && event.parent_type === "project") {
        lastSection.delete(`${event.resource_gid} ${event.parent_gid}`);
      }
      const change = event.change ? (JSON.parse(event.change) as ChangeJson) : null;
      if (event.action === "changed" && change?.field === "completed") {
        lastCompleted.set(event.resource_gid, change.new_value === true);
      }
    }
    for (const membership of memberships) {
      const told = lastSection.get(`${membership.task_gid} ${membership.project_gid}`);
      if (told !== membership.section_gid) {
        problems.push(`task ${membership.task_gid}: in section ${membership.section_gid}, events say ${told}`);
      }
    }
    for (const task of tasks) {
      const told = lastCompleted.get(task.gid);
      if (told !== undefined && told !== (task.completed === 1)) {
        problems.push(`task ${task.gid}: completed=${task.completed}, its last completion event says ${told}`);
      }
      if ((task.completed === 1) !== (task.completed_at !== null)) {
        problems.push(`task ${task.gid}: completed=${task.completed} with completed_at ${task.completed_at}`);
      }
    }

    // Stories and events point at each other and at things that exist.
    const storyOfEvent = new Map<number, number>();
    for (const story of stories) {
      if (!taskGids.has(story.task_gid)) problems.push(`story ${story.gid}: its task ${story.task_gid} is missing`);
      if (story.event_id === null) {
        problems.push(`story ${story.gid} (${story.type}) has no event`);
        continue;
      }
      storyOfEvent.set(story.event_id, story.gid);
      const event = eventsById.get(story.event_id);
      const expected =
        event?.resource_type === "story"
          ? event.resource_gid === story.gid && event.parent_gid === story.task_gid
          : event?.resource_type === "time_tracking_entry"
            ? event.parent_gid === story.task_gid
            : story.type === "system" && event?.resource_type === "task" && event.resource_gid === story.task_gid;
      if (!expected) problems.push(`story ${story.gid} (${story.type}): event ${story.event_id} does not match`);
    }
    for (const event of events) {
      if (event.action === "deleted" || event.action === "removed") continue;
      const exists: Record<string, Set<number>> = { task: taskGids, story: storyGids, project: projectGids };
      const resources = exists[event.resource_type];
      if (resources && !resources.has(event.resource_gid)) {
        problems.push(`event ${event.id}: ${event.resource_type} ${event.resource_gid} is missing`);
      }
      if (event.parent_type === "section" && event.parent_gid !== null && !sectionProject.has(event.parent_gid)) {
        problems.push(`event ${event.id}: section ${event.parent_gid} is missing`);
      }
      if (event.parent_type === "project" && event.parent_gid !== null && !projectGids.has(event.parent_gid)) {
        problems.push(`event ${event.id}: project ${event.parent_gid} is missing`);
      }
      const change = event.change ? (JSON.parse(event.change) as ChangeJson) : null;
      if (event.resource_type === "story" && event.action === "added" && !storyOfEvent.has(event.id)) {
        problems.push(`event ${event.id}: story ${event.resource_gid} added, but no story carries this event`);
      }
      if (event.resource_type === "task" && change?.field === "completed" && !storyOfEvent.has(event.id)) {
        problems.push(`event ${event.id}: task ${event.resource_gid} completion without its story`);
      }
    }
    return problems.slice(0, 20);
  });
}

// The schema as the database reports it, and the migrations it recorded.
async function schemaOf() {
  return withDatabase(async ({ db, dialect: dbDialect }) => {
    const migrations = (
      await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
    ).rows.map((row) => row.name);
    const objects =
      dbDialect === "sqlite"
        ? (
            await sql<{
              entry: string;
            }>`select type || ' ' || name || ' ' || coalesce(sql, '') as entry from sqlite_master order by type, name`.execute(
              db,
            )
          ).rows
        : (
            await sql<{ entry: string }>`
              select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                || ' ' || coalesce(column_default, '') as entry
              from information_schema.columns where table_schema = 'public'
              union all select indexdef from pg_indexes where schemaname = 'public'
              union all select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint
                where connamespace = 'public'::regnamespace
              order by 1`.execute(db)
          ).rows;
    return { migrations, objects: objects.map((row) => row.entry) };
  });
}
