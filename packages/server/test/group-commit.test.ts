import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { type HookReceiver, startHookReceiver } from "./helpers/hook-receiver.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Group commit: on SQLite, write requests that arrive together commit together (one transaction, one COMMIT),
// each still all or nothing and answered only after that COMMIT. Many concurrent creates and renames, some of
// them refused after they have written (inside their unit of work): every acknowledged one must be there with its
// events, stories and audit rows, delivered on sockets and webhooks; every refused one must have left nothing. On
// PostgreSQL the same load runs one transaction per request (no group commit series in /metrics).

const METRICS_TOKEN = "group-commit-metrics-token";
const onSqlite = (process.env.TAKT_TEST_DB ?? "sqlite") === "sqlite";
const ROUNDS = 3;

let t: TestApp;
let worker: Worker;
let receiver: HookReceiver;
let user: TestUser;
let watcher: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
const deliveries: { gid: string; action: string; field?: string }[] = [];
const socketEvents: { gid: string; action: string; field?: string }[] = [];
let socket: WebSocket;

async function counts() {
  const count = async (table: "tasks" | "events" | "stories" | "audit_log_events") =>
    Number(
      (
        await t.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("count"))
          .executeTakeFirstOrThrow()
      ).count,
    );
  return {
    tasks: await count("tasks"),
    events: await count("events"),
    stories: await count("stories"),
    audit: await count("audit_log_events"),
  };
}

async function metric(name: string): Promise<number | undefined> {
  const text = await (
    await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const line = text.split("\n").find((entry) => entry.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

async function waitFor(what: string, probe: () => boolean | Promise<boolean>) {
  const until = Date.now() + 20_000;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`${what}: not within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  receiver = await startHookReceiver((events) => {
    for (const event of events) {
      deliveries.push({ gid: event.resource.gid, action: event.action, field: event.change?.field });
    }
  });
  t = await startTestApp({ config: { metricsToken: METRICS_TOKEN, webhookAllowPrivate: true } });
  worker = startWorker(t.app.takt, { pollMs: 25 });
  const workspace = await makeWorkspace(t);
  user = await makeUser(t, workspace.gid, "member", "Greta Group");
  watcher = await makeUser(t, workspace.gid, "member", "Walter Watcher");
  project = await makeProject(t, workspace.gid, { name: "Launch", sections: ["To do"] });
  const hook = await client(t, user.token).post("/webhooks", {
    resource: project.gid,
    target: receiver.url,
  });
  expect(hook.status).toBe(201);
  socket = new WebSocket(`${t.api.replace(/^http/, "ws")}/realtime`, {
    headers: { authorization: `Bearer ${watcher.token}` },
  });
  await new Promise<void>((resolve, reject) => {
    socket.on("message", (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === "hello") resolve();
      if (message.type === "event" && message.event.resource.resource_type === "task") {
        const { resource, action, change } = message.event;
        socketEvents.push({ gid: resource.gid, action, field: change?.field });
      }
    });
    socket.on("error", reject);
  });
});

afterAll(async () => {
  socket?.terminate();
  await worker?.stop();
  await t?.close();
  await receiver?.close();
});

describe("group commit", () => {
  it("commits concurrent writes together; acknowledged ones are whole, refused ones leave nothing", async () => {
    const api = client(t, user.token);
    // Approval tasks to rename: a rename that also asks for changes without saying which is refused after the
    // rename was written (the decision comes second), so its unit must be undone after a write.
    const targets: string[] = [];
    for (let index = 0; index < 12 * ROUNDS; index++) {
      const made = await api.post("/tasks", {
        name: `Approve ${index}`,
        resource_subtype: "approval",
        projects: [project.gid],
      });
      expect(made.status).toBe(201);
      targets.push(made.body.data.gid);
    }
    // What one acknowledged create and one acknowledged rename write, alone.
    const start = await counts();
    const single = await api.post("/tasks", { name: "Alone", projects: [project.gid] });
    expect(single.status).toBe(201);
    const afterCreate = await counts();
    expect((await api.put(`/tasks/${targets[0]}`, { name: "Approve alone" })).status).toBe(200);
    const afterRename = await counts();
    const perCreate = { events: afterCreate.events - start.events, stories: afterCreate.stories - start.stories };
    const perRename = {
      events: afterRename.events - afterCreate.events,
      stories: afterRename.stories - afterCreate.stories,
    };
    const auditPerCreate = afterCreate.audit - start.audit;
    const auditPerRename = afterRename.audit - afterCreate.audit;
    expect(perCreate.events).toBeGreaterThan(0);
    expect(perRename.events).toBe(1);

    const before = await counts();
    const created = new Map<string, string>();
    const renamed = new Map<string, string>();
    const refusedNames: string[] = [];
    const untouched = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      const requests: Promise<void>[] = [];
      for (let index = 0; index < 28; index++) {
        const name = `Round ${round} task ${index}`;
        // Every fourth create asks for an approval decision on a task that is not an approval: refused after the
        // task, its memberships, events and stories were written.
        const refused = index % 4 === 3;
        requests.push(
          api
            .post("/tasks", { name, projects: [project.gid], ...(refused ? { approval_status: "approved" } : {}) })
            .then((answer) => {
              if (refused) {
                expect(answer.status, name).toBe(400);
                expect(answer.body.errors[0].message).toMatch(/^approval_status: /);
                refusedNames.push(name);
              } else {
                expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(201);
                created.set(answer.body.data.gid, name);
              }
            }),
        );
      }
      for (let index = 0; index < 12; index++) {
        const gid = targets[round * 12 + index];
        const name = `Round ${round} renamed ${index}`;
        const refused = index % 3 === 2;
        requests.push(
          api
            .put(`/tasks/${gid}`, { name, ...(refused ? { approval_status: "changes_requested" } : {}) })
            .then((answer) => {
              if (refused) {
                expect(answer.status, name).toBe(400);
                expect(answer.body.errors[0].message).toMatch(/^text: /);
                untouched.set(gid, name);
              } else {
                expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(200);
                expect(answer.body.data.name).toBe(name);
                renamed.set(gid, name);
              }
            }),
        );
      }
      await Promise.all(requests);
    }
    expect(created.size).toBe(21 * ROUNDS);
    expect(renamed.size).toBe(8 * ROUNDS);

    // Every acknowledged write is there, whole; nothing of a refused one is.
    const after = await counts();
    expect(after).toEqual({
      tasks: before.tasks + created.size,
      events: before.events + created.size * perCreate.events + renamed.size * perRename.events,
      stories: before.stories + created.size * perCreate.stories + renamed.size * perRename.stories,
      audit: before.audit + created.size * auditPerCreate + renamed.size * auditPerRename,
    });
    const rows = await t.handle.db.selectFrom("tasks").select(["gid", "name"]).execute();
    const names = new Map(rows.map((row) => [String(row.gid), row.name]));
    for (const [gid, name] of created) expect(names.get(gid)).toBe(name);
    for (const [gid, name] of renamed) expect(names.get(gid)).toBe(name);
    for (const [gid, name] of untouched) expect(names.get(gid)).not.toBe(name);
    for (const name of refusedNames) expect([...names.values()]).not.toContain(name);
    const eventGids = await t.handle.db
      .selectFrom("events")
      .select("resource_gid")
      .where("resource_type", "=", "task")
      .execute();
    const withEvents = new Set(eventGids.map((row) => String(row.resource_gid)));
    for (const gid of created.keys()) expect(withEvents.has(gid)).toBe(true);
    for (const gid of untouched.keys()) {
      const changes = await t.handle.db
        .selectFrom("events")
        .select("change")
        .where("resource_gid", "=", Number(gid))
        .where("action", "=", "changed")
        .execute();
      expect(changes.filter((row) => row.change?.includes('"name"'))).toEqual([]);
    }

    // Sockets and webhooks hear of the acknowledged writes, and of nothing else.
    const known = new Set([...targets, single.body.data.gid, ...created.keys()]);
    const heard = (list: { gid: string; action: string; field?: string }[]) => ({
      created: [...created.keys()].every((gid) => list.some((event) => event.gid === gid && event.action === "added")),
      renamed: [...renamed.keys()].every((gid) =>
        list.some((event) => event.gid === gid && event.action === "changed" && event.field === "name"),
      ),
    });
    await waitFor("every acknowledged write on the socket", () => Object.values(heard(socketEvents)).every(Boolean));
    await waitFor("every acknowledged write by webhook", () => Object.values(heard(deliveries)).every(Boolean));
    for (const list of [socketEvents, deliveries]) {
      expect(list.filter((event) => !known.has(event.gid))).toEqual([]);
      expect(list.filter((event) => untouched.has(event.gid) && event.field === "name")).toEqual([]);
    }

    // The writes really were grouped on SQLite (some COMMIT carried several requests); PostgreSQL has no groups.
    if (onSqlite) expect(await metric("takt_sqlite_commit_units_max")).toBeGreaterThan(1);
    else expect(await metric("takt_sqlite_commit_units_max")).toBeUndefined();
  }, 120_000);
});
