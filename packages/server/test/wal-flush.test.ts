import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { walSyncOf } from "../src/db/wal-sync.ts";
import { WEBHOOK_FLUSH } from "../src/integrations/webhooks/webhook.dispatcher.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { type HookReceiver, startHookReceiver } from "./helpers/hook-receiver.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// SQLite commits without an fsync on the event loop: the WAL is flushed on the thread pool, and nothing is
// acknowledged before the flush that covers it (src/db/wal-sync.ts). Here the disk is slow at will: its flushes
// are held until the test lets them finish. While a write's COMMIT is not on disk, its own answer, the answer to
// another person's read of what it wrote, and the webhook telling of it must all wait; once the disk has it they
// all arrive. A disk that fails a flush makes the server refuse to tell anyone anything from then on.

const onSqlite = (process.env.TAKT_TEST_DB ?? "sqlite") === "sqlite";
const realFdatasync = fs.fdatasync;
type Callback = (error: NodeJS.ErrnoException | null) => void;

// The disk: while `holding`, flushes wait in `parked` until released (or failed).
let holding = false;
const parked: { fd: number; callback: Callback }[] = [];
function slowDisk() {
  (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((fd: number, callback: Callback) => {
    if (holding) parked.push({ fd, callback });
    else realFdatasync(fd, callback);
  }) as typeof fs.fdatasync;
}
function release() {
  holding = false;
  for (const { fd, callback } of parked.splice(0)) realFdatasync(fd, callback);
}

let t: TestApp;
let worker: Worker;
let receiver: HookReceiver;
let owner: TestUser;
let colleague: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
const delivered: string[] = [];

async function until(what: string, probe: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.runIf(onSqlite)("SQLite's write-ahead log flushed off the event loop", () => {
  beforeAll(async () => {
    receiver = await startHookReceiver((events) => {
      for (const event of events) delivered.push(event.resource.gid);
    });
    t = await startTestApp({ config: { webhookAllowPrivate: true } });
    worker = startWorker(t.app.takt, { pollMs: 25 });
    const workspace = await makeWorkspace(t);
    owner = await makeUser(t, workspace.gid, "member", "Olga Owner");
    colleague = await makeUser(t, workspace.gid, "member", "Carl Colleague");
    project = await makeProject(t, workspace.gid, {
      name: "Client site",
      sections: ["To do"],
      privacy: "private",
      members: [
        { user: owner, access: "admin" },
        { user: colleague, access: "editor" },
      ],
    });
    const hook = await client(t, owner.token).post("/webhooks", {
      resource: project.gid,
      target: receiver.url,
    });
    expect(hook.status).toBe(201);
    slowDisk();
  });

  afterAll(async () => {
    release();
    (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = realFdatasync;
    await worker?.stop();
    await t?.close();
    await receiver?.close();
  });

  it("answers a write, a read of it and its webhook only once its COMMIT is on disk", async () => {
    const sync = walSyncOf(t.handle.db);
    expect(sync).toBeDefined();
    holding = true;
    const answered: string[] = [];
    const created = client(t, owner.token)
      .post("/tasks", { name: "Homepage copy", projects: [project.gid] })
      .then((answer) => {
        answered.push("create");
        return answer;
      });
    // The COMMIT happens (the row is in the database) while its flush is held. A flush the disk was already
    // given (the worker's bookkeeping) is let through meanwhile: the create's transaction waits for it.
    await until("the create commits", async () => {
      const committed = await t.handle.db
        .selectFrom("tasks")
        .select("gid")
        .where("name", "=", "Homepage copy")
        .executeTakeFirst();
      if (!committed) for (const { fd, callback } of parked.splice(0)) realFdatasync(fd, callback);
      return Boolean(committed);
    });
    const row = await t.handle.db
      .selectFrom("tasks")
      .select("gid")
      .where("name", "=", "Homepage copy")
      .executeTakeFirstOrThrow();
    expect(sync?.flushed).toBeLessThan(sync?.committed ?? 0);
    const read = client(t, colleague.token)
      .get(`/tasks/${row.gid}?opt_fields=name`)
      .then((answer) => {
        answered.push("read");
        return answer;
      });
    // The webhook's delivery is queued and claimed meanwhile (the worker's own bookkeeping needs no flush), but it
    // is not sent: however long the disk takes, nothing told of the write goes out before the disk has it.
    await until("the webhook delivery is claimed", async () =>
      Boolean(
        await t.handle.db
          .selectFrom("jobs")
          .select("id")
          .where("kind", "=", WEBHOOK_FLUSH)
          .where("state", "=", "running")
          .executeTakeFirst(),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toEqual([]);
    expect(delivered).not.toContain(String(row.gid));
    expect(parked.length).toBeGreaterThan(0);

    release();
    const [create, get] = await Promise.all([created, read]);
    expect(create.status).toBe(201);
    expect(create.body.data.gid).toBe(String(row.gid));
    expect(get.status).toBe(200);
    expect(get.body.data.name).toBe("Homepage copy");
    await until("the webhook tells of the task", () => delivered.includes(String(row.gid)));
  });

  it("refuses to answer once the disk has failed a flush", async () => {
    (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((_fd: number, callback: Callback) =>
      queueMicrotask(() => callback(Object.assign(new Error("i/o error"), { code: "EIO" })))) as typeof fs.fdatasync;
    const refused = await client(t, owner.token).post("/tasks", { name: "Lost copy", projects: [project.gid] });
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0].message).toMatch(/could not save data to its disk/);
    // A later read is refused too: what it would show may not be on disk.
    const later = await client(t, colleague.token).get(`/projects/${project.gid}/tasks`);
    expect(later.status).toBe(503);
  });
});
