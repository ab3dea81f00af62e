import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { mailsTo, type ReceivedMail, startSmtp } from "./helpers/mail.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// `takt serve` as its own process, logging at debug to a captured stream, exercised end to end with every
// kind of secret the system handles; afterwards the whole log is searched for each secret's value.
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/takt.mjs");

let t: TestApp;
let served: Served;
let api = "";
let smtp: SMTPServer;
let inbox: ReceivedMail[];
let receiver: http.Server;
const hookBodies: string[] = [];
const children: ChildProcess[] = [];

const PASSWORD = "correct horse battery";
const secrets: string[] = [];
// A value the test remembers so the final search can look for it.
const secret = (value: string) => {
  secrets.push(value);
  return value;
};

interface Served {
  url: string;
  api: string;
  // Everything the process has written to stdout and stderr so far.
  log(): string;
}

function serve(env: Record<string, string | undefined>): Promise<Served> {
  const process_ = spawn(process.execPath, [bin, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: { ...process.env, TAKT_SMTP_URL: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(process_);
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`takt serve did not start: ${log}`)), 30_000);
    const collect = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], api: `${match[1]}/api/1.0`, log: () => log });
      }
    };
    process_.stdout?.on("data", collect);
    process_.stderr?.on("data", collect);
    process_.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`takt serve exited with ${code ?? signal}: ${log}`));
    });
  });
}

async function call(method: string, url: string, options: { token?: string; cookie?: string; data?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) Object.assign(headers, { cookie: options.cookie, "x-requested-with": "XMLHttpRequest" });
  if (options.data !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url.startsWith("http") ? url : `${api}${url}`, {
    method,
    headers,
    body: options.data === undefined ? undefined : JSON.stringify({ data: options.data }),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  const cookie = /takt_session=[^;]+/.exec(response.headers.get("set-cookie") ?? "")?.[0];
  return { status: response.status, body, cookie };
}

async function until<T>(
  probe: () => Promise<T | null | undefined> | T | null | undefined,
  what: string,
  attempts = 150,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Sends a last request as a marker and waits for its "request completed" line: every earlier line is out then.
async function flushLog(server: Served, token: string) {
  await call("GET", `${server.api}/users/me?opt_fields=log_marker`, { token });
  await until(() => {
    const lines = server
      .log()
      .split("\n")
      .filter((line) => line.startsWith("{"));
    const marker = lines.map((line) => JSON.parse(line)).find((entry) => entry.req?.url?.includes("log_marker"));
    return (
      marker && lines.some((line) => line.includes(`"reqId":"${marker.reqId}"`) && line.includes("request completed"))
    );
  }, "the marker request's log line");
}

// Every remembered value found in the log, with the line it is on.
function leaksIn(log: string, values: string[]) {
  return values
    .filter((value) => value.length > 0)
    .flatMap((value) =>
      log
        .split("\n")
        .filter((line) => line.includes(value))
        .map((line) => `${value} in: ${line.slice(0, 300)}`),
    );
}

let admin: TestUser;
let workspace: { gid: string };

beforeAll(async () => {
  t = await startTestApp();
  const mail = await startSmtp();
  smtp = mail.server;
  inbox = mail.inbox;
  // A webhook receiver that completes the handshake and keeps what it is sent.
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      hookBodies.push(Buffer.concat(chunks).toString());
      const hookSecret = request.headers["x-hook-secret"];
      if (typeof hookSecret === "string") {
        secrets.push(hookSecret);
        response.setHeader("X-Hook-Secret", hookSecret);
      }
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  workspace = await makeWorkspace(t, "Logged Agency");
  admin = await makeUser(t, workspace.gid, "admin", "Lara Logs");
  secrets.push(admin.token);
  const config = t.app.takt.config;
  served = await serve({
    DATABASE_URL: config.databaseUrl,
    TAKT_DATA_DIR: config.dataDir,
    LOG_LEVEL: "debug",
    TAKT_SMTP_URL: mail.url,
    TAKT_PUBLIC_URL: "https://takt.example.test",
    TAKT_WEBHOOK_ALLOW_PRIVATE: "true",
    TAKT_JOB_POLL_MS: "100",
  });
  api = served.api;
}, 60_000);

// Stops every server started so far: they share the database, so a running one's worker would take jobs
// (notification mails) meant for the next.
async function stopServers() {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

afterAll(async () => {
  await stopServers();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await t?.close();
});

describe("secrets never reach the logs", () => {
  it("logs at debug level through a full session with secret fields, passwords, tokens and links", async () => {
    const token = admin.token;
    // Passwords and sessions.
    const login = await call("POST", "/auth/login", { data: { email: admin.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    secrets.push(PASSWORD, (login.cookie ?? "").replace("takt_session=", ""));
    const wrong = await call("POST", "/auth/login", {
      data: { email: admin.email, password: secret("wrong-Pa55word!") },
    });
    expect(wrong.status).toBe(401);
    const newPassword = secret("fresh-Pa55word-42");
    const changed = await call("PUT", "/users/me/password", {
      cookie: login.cookie,
      data: { current_password: PASSWORD, new_password: newPassword },
    });
    expect(changed.status).toBe(200);
    secrets.push((changed.cookie ?? "").replace("takt_session=", ""));

    // Access tokens.
    const made = await call("POST", "/personal_access_tokens", { token, data: { name: "Script" } });
    expect(made.status).toBe(201);
    secrets.push(made.body.data.token);
    expect((await call("GET", "/users/me", { token: made.body.data.token })).status).toBe(200);

    // Secret custom fields: create, set, change, reveal, export, search, events, webhooks.
    const project = await makeProject(t, workspace.gid, { name: "Vault", members: [{ user: admin, access: "admin" }] });
    const hook = await call("POST", "/webhooks", {
      token,
      data: { resource: project.gid, target: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` },
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const field = await call("POST", "/custom_fields", {
      token,
      data: { workspace: workspace.gid, name: "Root password", resource_subtype: "secret" },
    });
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    const fieldGid = field.body.data.gid;
    await call("POST", `/projects/${project.gid}/addCustomFieldSetting`, { token, data: { custom_field: fieldGid } });
    const task = await call("POST", "/tasks", {
      token,
      data: { name: "Server", projects: [project.gid], custom_fields: { [fieldGid]: secret("S3cret-Value-One") } },
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const taskGid = task.body.data.gid;
    const updated = await call("PUT", `/tasks/${taskGid}`, {
      token,
      data: { custom_fields: { [fieldGid]: secret("S3cret-Value-Two") } },
    });
    expect(updated.status).toBe(200);
    const reveal = await call("POST", `/tasks/${taskGid}/custom_fields/${fieldGid}/reveal`, { token });
    expect(reveal.body.data.text_value).toBe("S3cret-Value-Two");
    expect((await call("GET", `/projects/${project.gid}/export.csv`, { token })).status).toBe(200);
    expect((await call("GET", `/projects/${project.gid}/export.json`, { token })).status).toBe(200);
    const searched = await call("GET", `/workspaces/${workspace.gid}/tasks/search?text=S3cret-Value-Two`, { token });
    expect(searched.status).toBe(200);
    const byValue = await call(
      "GET",
      `/workspaces/${workspace.gid}/tasks/search?custom_fields.${fieldGid}.value=S3cret-Value-Two`,
      { token },
    );
    expect(byValue.status).toBeLessThan(500);
    const first = await call("GET", `/events?resource=${project.gid}`, { token });
    expect(first.status).toBe(412);
    await call("PUT", `/tasks/${taskGid}`, {
      token,
      data: { custom_fields: { [fieldGid]: secret("S3cret-Value-3") } },
    });
    const events = await call("GET", `/events?resource=${project.gid}&sync=${first.body.sync}`, { token });
    expect(events.status).toBe(200);
    await until(() => hookBodies.some((body) => body.includes('"events"')), "a webhook delivery");

    // Invitation and password-reset links.
    const invited = await call("POST", "/invitations", {
      token,
      data: { workspace: workspace.gid, email: "guest@client.test", role: "member" },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const invitation = /\/invite\/(takt_inv_[A-Za-z0-9_-]+)/.exec((await mailsTo(inbox, "guest@client.test"))[0])?.[1];
    expect(invitation).toBeTruthy();
    secrets.push(invitation ?? "");
    expect((await call("GET", `/invitations/accept/${invitation}`)).status).toBe(200);
    expect((await call("GET", `${api.replace("/api/1.0", "")}/invite/${invitation}`)).status).toBeLessThan(500);

    expect((await call("POST", "/auth/password_reset", { data: { email: admin.email } })).status).toBe(200);
    const reset = /\/reset-password\/(takt_pwr_[A-Za-z0-9_-]+)/.exec((await mailsTo(inbox, admin.email))[0])?.[1];
    expect(reset).toBeTruthy();
    secrets.push(reset ?? "");
    expect((await call("GET", `${api.replace("/api/1.0", "")}/reset-password/${reset}`)).status).toBeLessThan(500);
    const resetDone = await call("POST", "/auth/password_reset/confirm", {
      data: { token: reset, password: secret("after-Reset-Pa55") },
    });
    expect(resetDone.status).toBe(200);
    // A wrong token in a URL query, as a client might send it.
    await call("GET", `/users/me?token=${secret("takt_pwr_guessed-token-in-a-query")}`, { token });

    // A notification mail: a task assigned to someone, and a comment they follow.
    const notified = await makeUser(t, workspace.gid, "member", "Nina Notified");
    const assigned = await call("POST", "/tasks", {
      token,
      data: {
        name: secret("Codename Bluebird"),
        projects: [project.gid],
        assignee: notified.gid,
        followers: [notified.gid],
      },
    });
    expect(assigned.status).toBe(201);
    await call("POST", `/tasks/${assigned.body.data.gid}/stories`, {
      token,
      data: { text: secret("The launch moves to the ninth of May") },
    });
    const mailed = await mailsTo(inbox, notified.email, 2);
    expect(mailed.join("\n")).toContain("Codename Bluebird");

    await flushLog(served, token);
    const log = served.log();
    expect(log).toMatch(/"logLevel":"debug"/); // the server really logged at debug level
    expect(log).toMatch(/incoming request/);
    expect(log.length).toBeGreaterThan(5_000);
    expect(leaksIn(log, secrets)).toEqual([]);
    expect(log).toContain("/reset-password/[redacted]");
    expect(log).toContain("/invitations/accept/[redacted]");
  }, 120_000);
});

// Without a mail server (not configured, or refusing), a message is not sent; the log says so in a summary
// (recipient and kind), never with the subject, the body or a link in it.
describe.each([
  ["SMTP is not configured", () => Promise.resolve(undefined)],
  ["the SMTP server refuses connections", closedSmtpUrl],
])("mail that is not sent, when %s", (_label, smtpUrl) => {
  it("logs a summary of invitation, password reset and notification mails, never their text or links", async () => {
    await stopServers();
    const url = await smtpUrl();
    const server = await serve({
      DATABASE_URL: t.app.takt.config.databaseUrl,
      TAKT_DATA_DIR: t.app.takt.config.dataDir,
      LOG_LEVEL: "debug",
      TAKT_SMTP_URL: url,
      TAKT_PUBLIC_URL: "https://takt.example.test",
      TAKT_JOB_POLL_MS: "100",
    });
    const token = admin.token;
    const send = (method: string, path: string, data?: unknown) =>
      call(method, `${server.api}${path}`, { token, data });
    const hidden: string[] = [];
    const keep = (value: string) => {
      hidden.push(value);
      return value;
    };

    const invited = await send("POST", "/invitations", {
      workspace: workspace.gid,
      email: `client.${hidden.length}.${Date.now()}@client.test`,
      role: "member",
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.data.delivery).toBe(url ? "failed" : "logged");
    // The inviter is handed the link to pass on; the log never sees it.
    const link = keep(String(invited.body.data.invite_url));
    expect(link).toMatch(/\/invite\/takt_inv_/);
    keep(link.split("/invite/")[1]);

    const person = await makeUser(t, workspace.gid, "member", "Petra Person");
    expect((await call("POST", `${server.api}/auth/password_reset`, { data: { email: person.email } })).status).toBe(
      200,
    );

    const project = await makeProject(t, workspace.gid, {
      name: keep(`Quiet project ${Date.now()}`),
      members: [
        { user: admin, access: "admin" },
        { user: person, access: "editor" },
      ],
    });
    const task = await send("POST", "/tasks", {
      name: keep(`Operation Nightjar ${Date.now()}`),
      projects: [project.gid],
      assignee: person.gid,
    });
    expect(task.status).toBe(201);
    expect(
      (await send("POST", `/tasks/${task.body.data.gid}/stories`, { text: keep("Budget is 40k, do not tell") })).status,
    ).toBe(201);

    // Each kind of mail reached the mailer and left its summary.
    const summaries = () =>
      server
        .log()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.mail);
    const kinds = await until(
      () => {
        const found = new Set(summaries().map((entry) => entry.mail.kind));
        return ["invitation", "password_reset", "notification"].every((kind) => found.has(kind)) || url === undefined
          ? found
          : null;
      },
      "a summary of each kind of mail",
      600,
    );
    if (url) expect([...kinds].sort()).toEqual(["invitation", "notification", "password_reset"]);
    else {
      // Without SMTP a reset link is not even made into a message: only its request is logged.
      await until(() => summaries().some((entry) => entry.mail.kind === "notification"), "a notification summary", 600);
      expect(server.log()).toContain("password reset requested, but SMTP is not configured");
    }
    for (const entry of summaries()) expect(Object.keys(entry.mail).sort()).toEqual(["chars", "kind", "to"]);

    await flushLog(server, token);
    const log = server.log();
    expect(leaksIn(log, hidden)).toEqual([]);
    expect(log).not.toMatch(/takt_(inv|pwr)_[A-Za-z0-9_-]{8}/);
    expect(log).not.toContain("Open your inbox");
  }, 120_000);
});

// An SMTP URL where nothing listens: every delivery fails with "connection refused".
async function closedSmtpUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}

// The access log: one line per request at the level an admin picks, none below the server's level.
describe("the access log", () => {
  const accessLines = (server: Served, marker: string) =>
    server
      .log()
      .split("\n")
      .filter((line) => line.startsWith("{") && line.includes(marker));

  it("writes one line per request at info, and none when set below the server's level", async () => {
    await stopServers();
    const env = {
      DATABASE_URL: t.app.takt.config.databaseUrl,
      TAKT_DATA_DIR: t.app.takt.config.dataDir,
      LOG_LEVEL: "info",
    };
    const atInfo = await serve(env);
    const marker = `access_marker_${Date.now()}`;
    expect((await call("GET", `${atInfo.api}/users/me?opt_fields=${marker}`, { token: admin.token })).status).toBe(200);
    await until(() => accessLines(atInfo, marker).length > 0, "the access line");
    const [line, ...more] = accessLines(atInfo, marker).map((text) => JSON.parse(text));
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      msg: "request completed",
      level: 30,
      req: { method: "GET" },
      res: { statusCode: 200 },
    });
    expect(typeof line.reqId).toBe("string");
    expect(typeof line.responseTime).toBe("number");
    expect(atInfo.log()).not.toMatch(/incoming request/);

    await stopServers();
    const quiet = await serve({ ...env, TAKT_ACCESS_LOG_LEVEL: "debug" });
    const quietMarker = `quiet_marker_${Date.now()}`;
    expect((await call("GET", `${quiet.api}/users/me?opt_fields=${quietMarker}`, { token: admin.token })).status).toBe(
      200,
    );
    // The line would be written as the answer is sent; give the pipe ample time to bring it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(accessLines(quiet, quietMarker)).toEqual([]);
  }, 120_000);
});
