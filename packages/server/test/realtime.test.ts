import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let lead: TestUser;
let member: TestUser;
let guest: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
const sockets: WebSocket[] = [];

interface Listener {
  socket: WebSocket;
  messages: Record<string, any>[];
  waitFor(match: (message: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
}

function realtimeUrl() {
  return `${t.api.replace(/^http/, "ws")}/realtime`;
}

// A socket as a browser tab or script opens it; resolves once the server has greeted it.
async function listen(token: string): Promise<Listener> {
  const socket = new WebSocket(realtimeUrl(), { headers: { authorization: `Bearer ${token}` } });
  sockets.push(socket);
  const messages: Record<string, any>[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (raw) => {
    messages.push(JSON.parse(raw.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  const listener: Listener = {
    socket,
    messages,
    waitFor(match, timeoutMs = 1000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`no matching message within ${timeoutMs} ms: ${JSON.stringify(messages)}`)),
          timeoutMs,
        );
        const check = () => {
          const found = messages.find(match);
          if (found) {
            clearTimeout(deadline);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
  await listener.waitFor((message) => message.type === "hello");
  return listener;
}

beforeAll(async () => {
  t = await startTestApp();
  const workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Guest");
  project = await makeProject(t, workspace.gid, {
    name: "Client X",
    privacy: "private",
    members: [
      { user: lead, access: "editor" },
      { user: member, access: "editor" },
    ],
    sections: ["To do"],
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await t?.close();
});

const isTaskEvent = (taskGid: string, action: string) => (message: Record<string, any>) =>
  message.type === "event" && message.event.resource.gid === taskGid && message.event.action === action;

describe("realtime", () => {
  it("pushes task and comment events to project members, and nothing to a guest outside the project", async () => {
    const memberSocket = await listen(member.token);
    const guestSocket = await listen(guest.token);
    const api = client(t, lead.token);

    const createdTask = await api.post("/tasks", { name: "Kick-off call", projects: [project.gid] });
    expect(createdTask.status).toBe(201);
    const taskGid = createdTask.body.data.gid;
    const added = await memberSocket.waitFor(isTaskEvent(taskGid, "added"));
    expect(added.event).toMatchObject({
      user: { gid: lead.gid, resource_type: "user" },
      resource: { gid: taskGid, resource_type: "task" },
      parent: { gid: project.gid, resource_type: "project" },
    });

    expect((await api.put(`/tasks/${taskGid}`, { name: "Kick-off call (moved)" })).status).toBe(200);
    const renamed = await memberSocket.waitFor(isTaskEvent(taskGid, "changed"));
    expect(renamed.event.change).toMatchObject({ field: "name", action: "changed" });

    const comment = await api.post(`/tasks/${taskGid}/stories`, { text: "Agenda attached" });
    expect(comment.status).toBe(201);
    const commented = await memberSocket.waitFor(
      (message) => message.type === "event" && message.event.resource.gid === comment.body.data.gid,
    );
    expect(commented.event).toMatchObject({
      action: "added",
      resource: { resource_type: "story", resource_subtype: "comment_added" },
      parent: { gid: taskGid, resource_type: "task" },
    });

    // Events reach sockets in commit order; once the member has the comment, the guest would have had theirs.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(guestSocket.messages.filter((message) => message.type === "event")).toEqual([]);
  });

  it("answers ping with pong", async () => {
    const socket = await listen(member.token);
    socket.socket.send("ping");
    await socket.waitFor((message) => message.type === "pong");
  });

  it("refuses a socket without credentials or with a bad token", async () => {
    const anonymous = new WebSocket(realtimeUrl());
    sockets.push(anonymous);
    const closed = await new Promise<{ code: number; messages: string[] }>((resolve) => {
      const messages: string[] = [];
      anonymous.on("message", (raw) => messages.push(raw.toString()));
      anonymous.on("close", (code) => resolve({ code, messages }));
    });
    expect(closed.code).toBe(4401);
    expect(closed.messages.map((raw) => JSON.parse(raw).type)).toEqual(["error"]);

    const forged = new WebSocket(realtimeUrl(), { headers: { authorization: "Bearer takt_pat_forged" } });
    sockets.push(forged);
    const status = await new Promise<number>((resolve) => {
      forged.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      forged.on("open", () => resolve(101));
      forged.on("error", () => {});
    });
    expect(status).toBe(401);
  });
});
