import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let lead: TestUser;
let member: TestUser;
let guest: TestUser;
let admin: TestUser;
let workspace: { gid: string };
let project: Awaited<ReturnType<typeof makeProject>>;
const sockets: WebSocket[] = [];

interface Listener {
  socket: WebSocket;
  // Resolves with the close code once the server closes the socket.
  closed: Promise<number>;
  messages: Record<string, any>[];
  waitFor(match: (message: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
}

function realtimeUrl() {
  return `${t.api.replace(/^http/, "ws")}/realtime`;
}

// A socket as a browser tab (a session cookie) or a script (a token) opens it; resolves once the server has
// greeted it.
async function listen(credential: string | { cookie: string }): Promise<Listener> {
  const headers = typeof credential === "string" ? { authorization: `Bearer ${credential}` } : credential;
  const socket = new WebSocket(realtimeUrl(), { headers });
  sockets.push(socket);
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  const messages: Record<string, any>[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (raw) => {
    messages.push(JSON.parse(raw.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  const listener: Listener = {
    socket,
    closed,
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
  workspace = await makeWorkspace(t);
  admin = await makeUser(t, workspace.gid, "admin", "Ada Admin");
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

  it("tells where a moved task now sits, naming only the neighbours each reader sees", async () => {
    const api = client(t, lead.token);
    const design = await makeProject(t, workspace.gid, {
      name: "Client X: design",
      privacy: "private",
      members: [
        { user: lead, access: "editor" },
        { user: member, access: "editor" },
      ],
      sections: ["Design"],
    });
    const section = design.sections[0].gid;
    const make = async (name: string, extra: Record<string, unknown> = {}) => {
      const response = await api.post("/tasks", { name, memberships: [{ project: design.gid, section }], ...extra });
      expect(response.status).toBe(201);
      return response.body.data.gid as string;
    };
    const memberSocket = await listen(member.token);
    const guestSocket = await listen(guest.token);
    const placedTask = (gid: string) => (message: Record<string, any>) =>
      isTaskEvent(gid, "added")(message) && message.event.parent?.resource_type === "section";
    // The guest is assigned the moving task only: they see it, not the tasks around it.
    const first = await make("Brief");
    const moving = await make("Moodboard", { assignee: guest.gid });
    const last = await make("Launch");
    // Created at the end of the section: the member hears of each in turn, the guest only of theirs.
    await memberSocket.waitFor(placedTask(last));
    expect((await guestSocket.waitFor(placedTask(moving))).placement.section).toBe(section);
    memberSocket.messages.length = 0;
    guestSocket.messages.length = 0;
    const placed = placedTask(moving);

    // To the top of the section: nothing before it, the brief after it.
    const toTop = await api.post(`/sections/${section}/addTask`, { task: moving, insert_before: first });
    expect(toTop.status).toBe(200);
    const seenByMember = await memberSocket.waitFor(placed);
    expect(seenByMember.placement).toEqual({ section, after: null, before: first });
    const seenByGuest = await guestSocket.waitFor(placed);
    expect(seenByGuest.event.resource.gid).toBe(moving);
    expect(seenByGuest.placement).toEqual({ section, after: null });

    // Between the brief and the launch.
    memberSocket.messages.length = 0;
    guestSocket.messages.length = 0;
    expect((await api.post(`/sections/${section}/addTask`, { task: moving, insert_after: first })).status).toBe(200);
    expect((await memberSocket.waitFor(placed)).placement).toEqual({ section, after: first, before: last });
    expect((await guestSocket.waitFor(placed)).placement).toEqual({ section });

    // Other events carry no placement.
    expect((await api.put(`/tasks/${moving}`, { name: "Moodboard v2" })).status).toBe(200);
    const renamed = await memberSocket.waitFor(isTaskEvent(moving, "changed"));
    expect(renamed.placement).toBeUndefined();
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

// What a user notices: the socket stops (the browser reconnects, and is asked to sign in), and nothing written
// after the credential ended reaches it.
describe("a socket lives as long as its credential", () => {
  const closedWithin = (listener: Listener, ms = 3000) =>
    Promise.race([listener.closed, new Promise<string>((resolve) => setTimeout(() => resolve("still open"), ms))]);

  async function signIn(user: TestUser): Promise<string> {
    const response = await fetch(`${t.api}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-requested-with": "XMLHttpRequest" },
      body: JSON.stringify({ data: { email: user.email, password: "correct horse battery" } }),
    });
    expect(response.status).toBe(200);
    return /takt_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0] ?? "";
  }

  const asBrowser = (cookie: string) => ({
    cookie,
    "x-requested-with": "XMLHttpRequest",
    "content-type": "application/json",
  });

  async function newTask(name: string) {
    const created = await client(t, lead.token).post("/tasks", { name, projects: [project.gid] });
    expect(created.status).toBe(201);
    return created.body.data.gid as string;
  }

  it("closes the socket of a browser that signs out, and only that one", async () => {
    const cookie = await signIn(member);
    const tab = await listen({ cookie });
    const script = await listen(member.token);
    const out = await fetch(`${t.api}/auth/logout`, { method: "POST", headers: asBrowser(cookie) });
    expect(out.status).toBe(200);
    expect(await closedWithin(tab)).toBe(4401);
    const taskGid = await newTask("After sign-out");
    await script.waitFor(isTaskEvent(taskGid, "added"));
    expect(tab.messages.some((message) => message.event?.resource.gid === taskGid)).toBe(false);
  });

  it("closes every session's socket when the password changes in another browser; tokens stay", async () => {
    const here = await signIn(lead);
    const there = await signIn(lead);
    const tab = await listen({ cookie: there });
    const script = await listen(lead.token);
    const changed = await fetch(`${t.api}/users/me/password`, {
      method: "PUT",
      headers: asBrowser(here),
      body: JSON.stringify({ data: { current_password: "correct horse battery", new_password: "battery horse 2" } }),
    });
    expect(changed.status).toBe(200);
    expect(await closedWithin(tab)).toBe(4401);
    const taskGid = await newTask("After the password change");
    await script.waitFor(isTaskEvent(taskGid, "added"));
    expect(await closedWithin(script, 200)).toBe("still open");
    const back = await fetch(`${t.api}/users/me/password`, {
      method: "PUT",
      headers: { authorization: `Bearer ${lead.token}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { current_password: "battery horse 2", new_password: "correct horse battery" } }),
    });
    expect(back.status).toBe(200);
  });

  it("closes the socket opened with a token when that token is revoked", async () => {
    const made = await client(t, member.token).post("/personal_access_tokens", { name: "Dashboard" });
    expect(made.status).toBe(201);
    const dashboard = await listen(made.body.data.token);
    const other = await listen(member.token);
    expect((await client(t, member.token).delete(`/personal_access_tokens/${made.body.data.gid}`)).status).toBe(200);
    expect(await closedWithin(dashboard)).toBe(4401);
    const taskGid = await newTask("After the revocation");
    await other.waitFor(isTaskEvent(taskGid, "added"));
    expect(dashboard.messages.some((message) => message.event?.resource.gid === taskGid)).toBe(false);
  });

  it("closes the sockets of someone removed from the workspace", async () => {
    const leaving = await makeUser(t, workspace.gid, "member", "Lee Leaving");
    const cookie = await signIn(leaving);
    const tab = await listen({ cookie });
    const script = await listen(leaving.token);
    const removed = await client(t, admin.token).post(`/workspaces/${workspace.gid}/removeUser`, {
      user: leaving.gid,
    });
    expect(removed.status).toBe(200);
    expect(await closedWithin(tab)).toBe(4403);
    expect(await closedWithin(script)).toBe(4403);
  });

  it("sends nothing to a socket whose session expired: it closes instead", async () => {
    const cookie = await signIn(member);
    const tab = await listen({ cookie });
    await t.handle.db
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("user_gid", "=", Number(member.gid))
      .execute();
    const taskGid = await newTask("After the expiry");
    expect(await closedWithin(tab)).toBe(4401);
    expect(tab.messages.some((message) => message.event?.resource.gid === taskGid)).toBe(false);
  });
});
