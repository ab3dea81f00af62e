import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
// @ts-expect-error: a plain ES module of the repository's scripts, without types.
import { startThrowawayPostgres } from "../../../scripts/postgres.mjs";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { type HookReceiver, startHookReceiver } from "./helpers/hook-receiver.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Nodes outlive their database: PostgreSQL restarts (pg_ctl restart -m fast) under writes through two web nodes
// and a worker. Every process stays up, every acknowledged write is there, a refused one was a 503 to retry,
// and realtime and jobs carry on afterwards. This suite owns its PostgreSQL server, since it restarts it.

const onPostgres = (process.env.TAKT_TEST_DB ?? "sqlite") === "postgres";
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/takt.mjs");
const children: ChildProcess[] = [];
const exits: string[] = [];

interface Throwaway {
  url: string;
  restart(): void;
  stop(): void;
}

function serve(t: TestApp, role: "web" | "worker"): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, "serve", "--role", role, "--port", "0", "--host", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: t.app.takt.config.databaseUrl,
      TAKT_DATA_DIR: t.app.takt.config.dataDir,
      TAKT_WEBHOOK_ALLOW_PRIVATE: "true",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  child.on("exit", (code, signal) => exits.push(`${role} exited (${code ?? signal}): ${output.slice(-2_000)}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`takt serve did not start: ${output}`)), 90_000);
    const probe = setInterval(() => {
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearInterval(probe);
        clearTimeout(timer);
        resolve({ url: match[1], child });
      } else if (child.exitCode !== null) {
        clearInterval(probe);
        clearTimeout(timer);
        reject(new Error(`takt serve exited: ${output}`));
      }
    }, 20);
  });
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  withinMs = 30_000,
) {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until)
      throw new Error(
        `still waiting for ${what}; webhook events delivered: ${delivered.length}; processes that exited: ${exits.join("\n") || "none"}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let server: Throwaway | null = null;
let t: TestApp;
let lead: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
let receiver: HookReceiver;
const delivered: string[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  server = (await startThrowawayPostgres()) as Throwaway | null;
  if (!server) throw new Error("PostgreSQL binaries (initdb, pg_ctl) were not found");
  t = await startTestApp({ pgUrl: server.url });
  const workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  project = await makeProject(t, workspace.gid, {
    members: [{ user: lead, access: "editor" }],
    sections: ["To do", "Done"],
  });
  receiver = await startHookReceiver((events) => {
    for (const event of events) delivered.push(event.resource.gid);
  });
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await t?.close();
  server?.stop();
  await receiver?.close();
});

describe.runIf(onPostgres)("PostgreSQL restarts under two web nodes and a worker", () => {
  it("keeps every process up, every acknowledged write, and resumes realtime and jobs", async () => {
    const [nodeA, nodeB, worker] = await Promise.all([serve(t, "web"), serve(t, "web"), serve(t, "worker")]);
    const apiA = client({ ...t, api: `${nodeA.url}/api/1.0` }, lead.token);
    const apiB = client({ ...t, api: `${nodeB.url}/api/1.0` }, lead.token);
    const hook = await apiA.post("/webhooks", { resource: project.gid, target: receiver.url });
    expect(hook.status).toBe(201);

    // Writes alternate between the nodes. A write is acknowledged by its 201; during the outage the answer is
    // a 503 the client may retry. Nothing else is acceptable.
    const acknowledged: string[] = [];
    const refused: number[] = [];
    const unexpected: string[] = [];
    let writing = true;
    let counter = 0;
    // Four writers without pause keep transactions open on both nodes most of the time, so a restart lands
    // between two statements of one: the moment a pg client hears of it with no query to fail.
    const writeLoop = async () => {
      while (writing) {
        const name = `write ${++counter}`;
        const api = counter % 2 ? apiA : apiB;
        try {
          const answer = await api.post("/tasks", { name, projects: [project.gid] });
          if (answer.status === 201) acknowledged.push(answer.body.data.gid);
          else if (answer.status === 503) refused.push(counter);
          else unexpected.push(`${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
        } catch (error) {
          unexpected.push(`${name}: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const writer = Promise.all([writeLoop(), writeLoop(), writeLoop(), writeLoop()]);

    for (let round = 0; round < 3; round++) {
      const before = acknowledged.length;
      await waitFor("writes before the restart", () => acknowledged.length >= before + 20);
      server!.restart();
    }
    const afterRestarts = acknowledged.length;
    await waitFor("writes after the last restart", () => acknowledged.length >= afterRestarts + 20);
    writing = false;
    await writer;

    expect(exits).toEqual([]);
    for (const child of [nodeA.child, nodeB.child, worker.child]) expect(child.exitCode).toBeNull();
    expect(unexpected).toEqual([]);

    // Every acknowledged write is in the database, read through the other node.
    const present = new Set<string>();
    let offset: string | undefined;
    do {
      const page = await apiB.get(
        `/projects/${project.gid}/tasks?limit=100&opt_fields=name${offset ? `&offset=${offset}` : ""}`,
      );
      expect(page.status).toBe(200);
      for (const task of page.body.data as { gid: string }[]) present.add(task.gid);
      offset = page.body.next_page?.offset;
    } while (offset);
    expect(acknowledged.filter((gid) => !present.has(gid))).toEqual([]);

    // Realtime resumed: node B's LISTEN connection came back, so a write on node A reaches a socket on node B.
    const messages: { type: string; event?: { resource: { gid: string } } }[] = [];
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const opened = new WebSocket(`${nodeB.url.replace(/^http/, "ws")}/api/1.0/realtime`, {
        headers: { authorization: `Bearer ${lead.token}` },
      });
      opened.on("message", (raw) => {
        const message = JSON.parse(raw.toString());
        messages.push(message);
        if (message.type === "hello") resolve(opened);
      });
      opened.on("error", reject);
    });
    const last = await apiA.post("/tasks", { name: "after the restarts", projects: [project.gid] });
    expect(last.status).toBe(201);
    await waitFor("the event on node B's socket", () =>
      messages.some((message) => message.type === "event" && message.event?.resource.gid === last.body.data.gid),
    );
    socket.terminate();

    // Jobs resumed: the worker delivers the webhook for that task.
    // A flush cut off by a restart holds its webhook's lease until the lease runs out; then the next one resends.
    await waitFor("the webhook delivery", () => delivered.includes(last.body.data.gid), 120_000);
    expect((await fetch(`${nodeA.url}/readyz`)).status).toBe(200);
  }, 300_000);
});
