import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
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
let child: ChildProcess | null = null;
let log = "";
let api = "";
let smtp: SMTPServer;
let inbox: ReceivedMail[];
let receiver: http.Server;
const hookBodies: string[] = [];

const PASSWORD = "correct horse battery";
const secrets: string[] = [];
// A value the test remembers so the final search can look for it.
const secret = (value: string) => {
  secrets.push(value);
  return value;
};

function serve(env: Record<string, string | undefined>): Promise<string> {
  const process_ = spawn(process.execPath, [bin, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = process_;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`takt serve did not start: ${log}`)), 30_000);
    const collect = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
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

async function until<T>(probe: () => Promise<T | null | undefined> | T | null | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
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
  const url = await serve({
    DATABASE_URL: config.databaseUrl,
    TAKT_DATA_DIR: config.dataDir,
    LOG_LEVEL: "debug",
    TAKT_SMTP_URL: mail.url,
    TAKT_PUBLIC_URL: "https://takt.example.test",
    TAKT_WEBHOOK_ALLOW_PRIVATE: "true",
    TAKT_JOB_POLL_MS: "100",
  });
  api = `${url}/api/1.0`;
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
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

    // A last request as a marker: once its "request completed" line is out, every earlier line is too.
    await call("GET", "/users/me?opt_fields=log_marker", { token });
    await until(() => {
      const lines = log.split("\n").filter((line) => line.startsWith("{"));
      const marker = lines.map((line) => JSON.parse(line)).find((entry) => entry.req?.url?.includes("log_marker"));
      return (
        marker && lines.some((line) => line.includes(`"reqId":"${marker.reqId}"`) && line.includes("request completed"))
      );
    }, "the marker request's log line");
    expect(log).toMatch(/"logLevel":"debug"/); // the server really logged at debug level
    expect(log).toMatch(/incoming request/);
    expect(log.length).toBeGreaterThan(5_000);
    const leaks = secrets
      .filter((value) => value.length > 0)
      .flatMap((value) =>
        log
          .split("\n")
          .filter((line) => line.includes(value))
          .map((line) => `${value} in: ${line.slice(0, 300)}`),
      );
    expect(leaks).toEqual([]);
    expect(log).toContain("/reset-password/[redacted]");
    expect(log).toContain("/invitations/accept/[redacted]");
  }, 120_000);
});
