import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const onPostgres = (process.env.TAKT_TEST_DB ?? "sqlite") === "postgres";
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/takt.mjs");
const children: ChildProcess[] = [];

// `takt serve` as its own process; resolves with its base URL once it listens.
function serve(t: TestApp, role: "web" | "worker"): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, "serve", "--role", role, "--port", "0", "--host", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: t.app.takt.config.databaseUrl,
      TAKT_DATA_DIR: t.app.takt.config.dataDir,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`takt serve did not start: ${output}`)), 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => reject(new Error(`takt serve exited with ${code}: ${output}`)));
  });
}

let t: TestApp;
let lead: TestUser;
let member: TestUser;
let guest: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Guest");
  project = await makeProject(t, workspace.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "editor" },
      { user: member, access: "editor" },
    ],
    sections: ["To do", "Doing", "Done"],
  });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await t?.close();
});

describe.runIf(onPostgres)("two takt serve nodes and a worker on one PostgreSQL", () => {
  it("shows every event of tasks created and moved through node A, in order, on a socket on node B", async () => {
    const [nodeA, nodeB, worker] = await Promise.all([serve(t, "web"), serve(t, "web"), serve(t, "worker")]);
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${worker.url}/api/1.0/users/me`)).status).toBe(404);

    const messages: Record<string, any>[] = [];
    const connect = (token: string, into: Record<string, any>[]) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`${nodeB.url.replace(/^http/, "ws")}/api/1.0/realtime`, {
          headers: { authorization: `Bearer ${token}` },
        });
        socket.on("message", (raw) => {
          const message = JSON.parse(raw.toString());
          into.push(message);
          if (message.type === "hello") resolve(socket);
        });
        socket.on("error", reject);
      });
    const guestMessages: Record<string, any>[] = [];
    const sockets = [await connect(member.token, messages), await connect(guest.token, guestMessages)];
    // No pause needed: a node listens for the others' events before it accepts connections.

    const api = client({ ...t, api: `${nodeA.url}/api/1.0` }, lead.token);
    const expected: string[] = [];
    for (const name of ["Brief", "Design", "Build"]) {
      const created = await api.post("/tasks", { name, projects: [project.gid] });
      expect(created.status).toBe(201);
      const gid = created.body.data.gid;
      // Created into the project's first section, then moved to its last one.
      expected.push(`${gid}:added`, `${gid}:in:${project.sections[0].gid}`);
      const moved = await api.post(`/tasks/${gid}/addProject`, {
        project: project.gid,
        section: project.sections[2].gid,
      });
      expect(moved.status).toBe(200);
      expected.push(`${gid}:in:${project.sections[2].gid}`);
      expect((await api.put(`/tasks/${gid}`, { completed: true })).status).toBe(200);
      expected.push(`${gid}:completed`);
    }
    const deadline = Date.now() + 3000;
    const seen = () =>
      messages
        .filter((message) => message.type === "event" && message.event.resource.resource_type === "task")
        .map((message) =>
          message.event.change?.field === "completed"
            ? `${message.event.resource.gid}:completed`
            : message.event.action === "added" && message.event.parent?.resource_type === "project"
              ? `${message.event.resource.gid}:added`
              : message.event.action === "added" && message.event.parent?.resource_type === "section"
                ? `${message.event.resource.gid}:in:${message.event.parent.gid}`
                : null,
        )
        .filter(Boolean);
    while (seen().length < expected.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(seen()).toEqual(expected);
    expect(guestMessages.filter((message) => message.type === "event")).toEqual([]);
    for (const socket of sockets) socket.terminate();
  }, 45_000);
});
