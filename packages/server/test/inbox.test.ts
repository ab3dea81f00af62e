import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { nextDigestAt, sendDigest } from "../src/domain/notifications/notification.delivery.ts";
import { closeMailTransports } from "../src/email/mailer.ts";
import type { Job } from "../src/jobs/queue.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let worker: Worker;
let smtp: SMTPServer;
const mails: { to: string[]; raw: string }[] = [];
let workspace: { gid: string };
let lead: TestUser;
let editor: TestUser;
let guest: TestUser;
let outsider: TestUser;
let project: Awaited<ReturnType<typeof makeProject>>;
let taskGid: string;

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function inbox(user: TestUser, query = "") {
  const answer = await client(t, user.token).get(`/inbox?workspace=${workspace.gid}${query}`);
  expect(answer.status).toBe(200);
  return answer.body.data as { gid: string; kind: string; text: string; read: boolean; task: { gid: string } | null }[];
}

async function waitForEntry(user: TestUser, match: (text: string) => boolean) {
  return eventually(async () => (await inbox(user)).find((entry) => match(entry.text)), "an inbox entry");
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  t = await startTestApp();
  const address = smtp.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  t.app.takt.config.smtpUrl = `smtp://127.0.0.1:${port}`;
  worker = startWorker(t.app.takt, { pollMs: 25 });
  workspace = await makeWorkspace(t);
  lead = await makeUser(t, workspace.gid, "member", "Lena Lead");
  editor = await makeUser(t, workspace.gid, "member", "Ed Editor");
  guest = await makeUser(t, workspace.gid, "guest", "Gina Client");
  outsider = await makeUser(t, workspace.gid, "member", "Mo Outsider");
  project = await makeProject(t, workspace.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: editor, access: "editor" },
      { user: guest, access: "commenter" },
    ],
  });
  const created = await client(t, lead.token).post("/tasks", { name: "Design the logo", projects: [project.gid] });
  taskGid = created.body.data.gid;
});

afterAll(async () => {
  await worker?.stop();
  await t?.close();
  closeMailTransports();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe("comments: mentions, followers, likes, edits", () => {
  it("refuses to mention someone who cannot see the task", async () => {
    const answer = await client(t, lead.token).post(`/tasks/${taskGid}/stories`, {
      html_text: `<body>Look <a data-asana-gid="${outsider.gid}" data-asana-type="user">@Mo</a></body>`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toBe("html_text: Mo Outsider cannot see this task");
  });

  it("a mention makes the person a follower and lands in their inbox as a mention", async () => {
    const answer = await client(t, lead.token).post(`/tasks/${taskGid}/stories`, {
      html_text: `<body>Please review <a data-asana-gid="${guest.gid}" data-asana-type="user">@Gina</a></body>`,
    });
    expect(answer.status).toBe(201);
    const task = await client(t, lead.token).get(`/tasks/${taskGid}?opt_fields=followers`);
    expect(task.body.data.followers.map((user: { gid: string }) => user.gid)).toContain(guest.gid);
    const entry = await waitForEntry(guest, (text) => text.startsWith("Lena Lead mentioned you"));
    expect(entry).toMatchObject({ kind: "mention", read: false, task: { gid: taskGid } });
    // The author hears nothing of their own comment.
    expect((await inbox(lead)).some((item) => item.text.includes("mentioned"))).toBe(false);
  });

  it("a commenter becomes a follower; likes count and edits keep their history", async () => {
    const comment = await client(t, guest.token).post(`/tasks/${taskGid}/stories`, { text: "Looks good" });
    const storyGid = comment.body.data.gid;
    const liked = await client(t, lead.token).post(`/stories/${storyGid}/addLike`);
    expect(liked.body.data).toMatchObject({ liked: true, num_likes: 1 });
    expect(liked.body.data.likes[0].user.gid).toBe(lead.gid);
    const viaPut = await client(t, editor.token).put(`/stories/${storyGid}`, { liked: true });
    expect(viaPut.status).toBe(200);
    expect(viaPut.body.data.num_likes).toBe(2);
    expect((await client(t, lead.token).post(`/stories/${storyGid}/removeLike`)).body.data).toMatchObject({
      liked: false,
      num_likes: 1,
    });
    expect((await client(t, outsider.token).post(`/stories/${storyGid}/addLike`)).status).toBe(404);
    // The lead follows the task they created: the guest's comment is in their inbox (read before the edit
    // below, since the entry quotes the comment as it stands when the notification is written).
    await waitForEntry(lead, (text) => text === 'Gina Client commented on "Design the logo": Looks good');

    const edited = await client(t, guest.token).put(`/stories/${storyGid}`, { text: "Looks great" });
    expect(edited.body.data).toMatchObject({ text: "Looks great", is_edited: true });
    const edits = await client(t, lead.token).get(`/stories/${storyGid}/edits`);
    expect(edits.body.data).toHaveLength(1);
    expect(edits.body.data[0]).toMatchObject({
      resource_type: "story_edit",
      previous_text: "Looks good",
      edited_by: { gid: guest.gid },
    });
    expect((await client(t, outsider.token).get(`/stories/${storyGid}/edits`)).status).toBe(404);
  });
});

describe("inbox", () => {
  it("tells followers of assignment, completion and due dates, never the actor", async () => {
    await client(t, lead.token).put(`/tasks/${taskGid}`, { assignee: editor.gid });
    await waitForEntry(editor, (text) => text === 'Lena Lead assigned "Design the logo" to you');
    await waitForEntry(guest, (text) => text === 'Lena Lead assigned "Design the logo" to Ed Editor');
    await client(t, editor.token).put(`/tasks/${taskGid}`, { due_on: "2030-01-15" });
    await waitForEntry(lead, (text) => text === 'Ed Editor changed the due date of "Design the logo"');
    await client(t, editor.token).put(`/tasks/${taskGid}`, { completed: true });
    const done = await waitForEntry(lead, (text) => text === 'Ed Editor completed "Design the logo"');
    expect(done.kind).toBe("completed");
    expect((await inbox(editor)).some((entry) => entry.text.startsWith("Ed Editor"))).toBe(false);
  });

  it("tells the assignee of a blocked task when its blocker is completed", async () => {
    const blocker = await client(t, lead.token).post("/tasks", { name: "Get the brand book", projects: [project.gid] });
    const waiting = await client(t, lead.token).post("/tasks", {
      name: "Draw the banner",
      projects: [project.gid],
      assignee: editor.gid,
    });
    await client(t, lead.token).post(`/tasks/${waiting.body.data.gid}/addDependencies`, {
      dependencies: [blocker.body.data.gid],
    });
    await client(t, lead.token).put(`/tasks/${blocker.body.data.gid}`, { completed: true });
    const entry = await waitForEntry(
      editor,
      (text) => text === 'Lena Lead completed "Get the brand book", which "Draw the banner" was waiting on',
    );
    expect(entry.kind).toBe("unblocked");
    expect(entry.task?.gid).toBe(waiting.body.data.gid);
  });

  it("notifies followers of an approval decision", async () => {
    const created = await client(t, lead.token).post("/tasks", {
      name: "Approve the logo",
      resource_subtype: "approval",
      assignee: guest.gid,
      projects: [project.gid],
    });
    await client(t, guest.token).post(`/tasks/${created.body.data.gid}/requestChanges`, { text: "More blue" });
    const entry = await waitForEntry(lead, (text) => text.includes("requested changes on"));
    expect(entry).toMatchObject({
      kind: "approval",
      text: 'Gina Client requested changes on "Approve the logo": More blue',
    });
  });

  it("counts unread, marks read, archives and reads all; nobody else's entries are found", async () => {
    const count = async () =>
      (await client(t, lead.token).get(`/inbox/unread_count?workspace=${workspace.gid}`)).body.data
        .unread_count as number;
    const before = await count();
    expect(before).toBeGreaterThan(1);
    const [first, second] = await inbox(lead);
    const read = await client(t, lead.token).post(`/inbox/${first.gid}/read`);
    expect(read.body.data).toMatchObject({ gid: first.gid, read: true });
    expect(await count()).toBe(before - 1);
    expect((await client(t, guest.token).post(`/inbox/${second.gid}/read`)).status).toBe(404);
    const archived = await client(t, lead.token).post(`/inbox/${second.gid}/archive`);
    expect(archived.body.data.archived).toBe(true);
    expect((await inbox(lead)).some((entry) => entry.gid === second.gid)).toBe(false);
    expect((await inbox(lead, "&archived=true")).map((entry) => entry.gid)).toEqual([second.gid]);
    await client(t, lead.token).post("/inbox/readAll", { workspace: workspace.gid });
    expect(await count()).toBe(0);
    const page = await client(t, lead.token).get(`/inbox?workspace=${workspace.gid}&limit=1`);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.next_page.offset).toBeTruthy();
  });

  it("refuses bad input", async () => {
    const api = client(t, lead.token);
    expect((await api.get("/inbox")).body.errors[0].message).toBe("workspace: Missing input");
    expect((await api.get(`/inbox?workspace=${workspace.gid}&archived=maybe`)).status).toBe(400);
    expect((await api.get("/inbox?workspace=42")).status).toBe(404);
    expect((await api.post("/inbox/readAll", {})).body.errors[0].message).toBe("workspace: Missing input");
    expect((await api.post("/inbox/xyz/read")).status).toBe(400);
    expect((await client(t).get(`/inbox?workspace=${workspace.gid}`)).status).toBe(401);
  });

  it("rings the owner's bell live, and only theirs", async () => {
    const listen = (token: string) => {
      const socket = new WebSocket(`${t.api.replace(/^http/, "ws")}/realtime`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const events: { type: string; parent?: { gid: string } }[] = [];
      let greeted = false;
      socket.on("message", (raw) => {
        const message = JSON.parse(raw.toString());
        if (message.type === "hello") greeted = true;
        if (message.type === "event") events.push(message.event);
      });
      return eventually(async () => greeted && { socket, events }, "the greeting");
    };
    const leadSocket = await listen(lead.token);
    const guestSocket = await listen(guest.token);
    await client(t, editor.token).post(`/tasks/${taskGid}/stories`, { text: "Ring ring" });
    await eventually(
      async () => leadSocket.events.some((event) => event.type === "notification"),
      "a live notification",
    );
    await eventually(async () => guestSocket.events.some((event) => event.type === "notification"), "the guest's own");
    expect(leadSocket.events.filter((event) => event.type === "notification")).toHaveLength(1);
    leadSocket.socket.close();
    guestSocket.socket.close();
  });
});

describe("email notifications", () => {
  it("sends instant emails by default, through SMTP", async () => {
    const mail = await eventually(
      async () => mails.find((message) => message.to.includes(lead.email) && message.raw.includes("Ring ring")),
      "an instant email",
    );
    expect(mail.raw).toMatch(/Subject: (Ed Editor|=\?UTF-8\?Q\?Ed_Editor)/);
  });

  it("lets each person choose daily digest or off, and sends the digest as one message", async () => {
    const me = await client(t, guest.token).get("/users/me");
    expect(me.body.data.email_notifications).toBe("instant");
    const bad = await client(t, guest.token).put("/users/me", { email_notifications: "hourly" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^email_notifications: /);
    const set = await client(t, guest.token).put("/users/me", { email_notifications: "daily_digest" });
    expect(set.body.data.email_notifications).toBe("daily_digest");
    await client(t, lead.token).put("/users/me", { email_notifications: "off" });
    const sentBefore = mails.length;
    await client(t, editor.token).post(`/tasks/${taskGid}/stories`, { text: "Digest me" });
    await waitForEntry(guest, (text) => text.includes("Digest me"));
    await waitForEntry(lead, (text) => text.includes("Digest me"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const instant = mails
      .slice(sentBefore)
      .filter(
        (mail) => (mail.to.includes(guest.email) || mail.to.includes(lead.email)) && mail.raw.includes("Digest me"),
      );
    expect(instant).toEqual([]);
    const digest = await t.handle.db
      .selectFrom("jobs")
      .selectAll()
      .where("kind", "=", "notifications.digest")
      .executeTakeFirst();
    expect(digest && new Date(digest.run_at) > new Date()).toBe(true);
    // The digest job, run now rather than tomorrow morning.
    await sendDigest({ ...(digest as unknown as Job), payload: { user_gid: Number(guest.gid) } }, t.app.takt);
    const mail = mails.find((message) => message.to.includes(guest.email) && message.raw.includes("daily digest"));
    expect(mail?.raw).toContain("Digest me");
    expect(mail?.raw).toMatch(/Subject: Takt: \d+ unread notifications?/);
  });

  it("schedules the digest for the next morning", () => {
    expect(nextDigestAt(new Date("2030-01-15T06:00:00Z")).toISOString()).toBe("2030-01-15T07:00:00.000Z");
    expect(nextDigestAt(new Date("2030-01-15T08:00:00Z")).toISOString()).toBe("2030-01-16T07:00:00.000Z");
  });
});
