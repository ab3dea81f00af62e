import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type OutboundPolicy, refuseTarget } from "../src/integrations/webhooks/target-guard.ts";
import { postToTarget } from "../src/integrations/webhooks/webhook.http.ts";
import { startWorker, type Worker } from "../src/jobs/worker.ts";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

// Two real servers: the "receiver" on 127.0.0.1 (allow-listed, standing in for a public receiver) and an
// "internal" service on 127.0.0.2 that no webhook may ever reach. Each counts what it received.
interface Server {
  server: http.Server;
  port: number;
  hits: { method: string; url: string }[];
}

async function listen(host: string, handler: http.RequestListener): Promise<Server> {
  const hits: Server["hits"] = [];
  const server = http.createServer((request, response) => {
    hits.push({ method: request.method ?? "", url: request.url ?? "" });
    request.resume();
    request.on("end", () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

let t: TestApp;
let worker: Worker;
let receiver: Server;
let internal: Server;
let member: TestUser;
let workspaceGid: string;
let project: Awaited<ReturnType<typeof makeProject>>;
let internalUrl: string;

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>) {
  const until = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  internal = await listen("127.0.0.2", (_request, response) => {
    response.writeHead(200, { "x-hook-secret": "anything" }).end("internal secrets");
  });
  internalUrl = `http://127.0.0.2:${internal.port}`;
  // The receiver completes handshakes; /redirect sends everything on to the internal service.
  receiver = await listen("127.0.0.1", (request, response) => {
    if (request.url?.startsWith("/redirect")) {
      response.writeHead(307, { location: `${internalUrl}/latest/meta-data/` }).end();
      return;
    }
    const secret = request.headers["x-hook-secret"];
    response.writeHead(200, typeof secret === "string" ? { "x-hook-secret": secret } : {}).end();
  });
  // Private targets are refused, except the one receiver address the admin listed.
  t = await startTestApp({ config: { webhookAllowPrivate: false, webhookAllowList: ["127.0.0.1"] } });
  Object.assign(t.app.takt.config, { webhookRetryBaseMs: 100, webhookRetryMaxMs: 400 });
  worker = startWorker(t.app.takt, { pollMs: 25 });
  const workspace = await makeWorkspace(t);
  workspaceGid = workspace.gid;
  member = await makeUser(t, workspace.gid, "member", "Boris Member");
  project = await makeProject(t, workspace.gid, { members: [{ user: member, access: "editor" }] });
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
  for (const one of [receiver, internal]) await new Promise((resolve) => one?.server.close(resolve));
});

const createHook = (target: string) => client(t, member.token).post("/webhooks", { resource: project.gid, target });

describe("webhook SSRF guard", () => {
  it("refuses every spelling of a private, loopback, link-local or metadata address", async () => {
    const port = internal.port;
    const targets = [
      `http://127.0.0.2:${port}/`,
      `http://2130706434:${port}/`, // 127.0.0.2 as one decimal number
      `http://0x7f.2:${port}/`, // hex and short forms
      `http://0x7f000002:${port}/`,
      `http://0177.0.0.2:${port}/`, // octal
      `http://127.2:${port}/`,
      `http://[::ffff:127.0.0.2]:${port}/`, // IPv4-mapped IPv6
      `http://[::ffff:7f00:2]:${port}/`,
      `http://[::127.0.0.2]:${port}/`, // IPv4-compatible IPv6
      `http://[2002:7f00:2::]:${port}/`, // 6to4 wrapping 127.0.0.2
      "http://0.0.0.0/",
      "http://0/",
      "http://[::]/",
      "http://[::1]/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:169.254.169.254]/",
      "http://[fe80::1]/",
      "http://[fd00::1]/",
      "http://10.0.0.1/",
      "http://172.16.0.1/",
      "http://192.168.0.1/",
      "http://100.64.0.1/",
      "http://224.0.0.1/",
      "http://[ff02::1]/",
      "http://255.255.255.255/",
    ];
    for (const target of targets) {
      const answer = await createHook(target);
      expect(answer.status, target).toBe(400);
      expect(answer.body.errors[0].message, target).toMatch(/private, loopback or link-local/);
    }
    expect(internal.hits).toEqual([]);
    const listed = await client(t, member.token).get(`/webhooks?workspace=${workspaceGid}`);
    expect(listed.body.data).toEqual([]);
  });

  it("refuses a host name that resolves to loopback", async () => {
    t.app.takt.config.webhookAllowList = [];
    try {
      const answer = await createHook(`http://localhost:${receiver.port}/by-name`);
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/^target: localhost resolves to .*private, loopback/);
      expect(receiver.hits.filter((hit) => hit.url === "/by-name")).toEqual([]);
    } finally {
      t.app.takt.config.webhookAllowList = ["127.0.0.1"];
    }
  });

  it("reaches an allow-listed address, and only that one", async () => {
    const made = await createHook(`http://127.0.0.1:${receiver.port}/hook`);
    expect(made.status).toBe(201);
    expect(receiver.hits).toContainEqual({ method: "POST", url: "/hook" });
    await client(t, member.token).delete(`/webhooks/${made.body.data.gid}`);
    expect((await createHook(`http://127.0.0.3:${receiver.port}/hook`)).status).toBe(400);
  });

  it("does not follow a redirect to an internal address, neither in the handshake nor in deliveries", async () => {
    const handshake = await createHook(`http://127.0.0.1:${receiver.port}/redirect-handshake`);
    expect(handshake.status).toBe(400);
    expect(handshake.body.errors[0].message).toMatch(/handshake failed: 307/);
    expect(internal.hits).toEqual([]);

    // A receiver that answers the handshake, then starts redirecting deliveries.
    let redirecting = false;
    const path = "/turns-bad";
    receiver.server.removeAllListeners("request");
    receiver.server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
      receiver.hits.push({ method: request.method ?? "", url: request.url ?? "" });
      request.resume();
      request.on("end", () => {
        const secret = request.headers["x-hook-secret"];
        if (request.url === path && redirecting && typeof secret !== "string") {
          response.writeHead(307, { location: `${internalUrl}/latest/meta-data/` }).end();
          return;
        }
        response.writeHead(200, typeof secret === "string" ? { "x-hook-secret": secret } : {}).end();
      });
    });
    const made = await createHook(`http://127.0.0.1:${receiver.port}${path}`);
    expect(made.status).toBe(201);
    redirecting = true;
    const task = await client(t, member.token).post("/tasks", { name: "Triggers a delivery", projects: [project.gid] });
    expect(task.status).toBe(201);
    const failed = await waitFor(async () => {
      const answer = await client(t, member.token).get(`/webhooks/${made.body.data.gid}`);
      return answer.body.data.last_failure_content ? answer.body.data : null;
    });
    expect(failed.last_failure_content).toMatch(/^307 /);
    expect(failed.last_failure_content).toMatch(/Redirects are not followed/);
    expect(receiver.hits.filter((hit) => hit.url === path).length).toBeGreaterThanOrEqual(2);
    expect(internal.hits).toEqual([]);
    await client(t, member.token).delete(`/webhooks/${made.body.data.gid}`);
  });

  it("re-checks at delivery time: a target allowed once is refused after the admin withdraws it", async () => {
    const made = await createHook(`http://127.0.0.1:${receiver.port}/withdrawn`);
    expect(made.status).toBe(201);
    t.app.takt.config.webhookAllowList = [];
    try {
      const before = receiver.hits.filter((hit) => hit.url === "/withdrawn").length;
      await client(t, member.token).post("/tasks", { name: "Not delivered", projects: [project.gid] });
      const failed = await waitFor(async () => {
        const answer = await client(t, member.token).get(`/webhooks/${made.body.data.gid}`);
        return answer.body.data.last_failure_content ? answer.body.data : null;
      });
      expect(failed.last_failure_content).toMatch(/private, loopback or link-local/);
      expect(receiver.hits.filter((hit) => hit.url === "/withdrawn").length).toBe(before);
    } finally {
      t.app.takt.config.webhookAllowList = ["127.0.0.1"];
      await client(t, member.token).delete(`/webhooks/${made.body.data.gid}`);
    }
  });
});

describe("the connection itself is guarded (no DNS rebinding)", () => {
  // A DNS server an attacker controls: the first answer is harmless, the next one points inside.
  function rebinding(first: string[], then: string[]): OutboundPolicy & { lookups: number } {
    const policy = {
      allowPrivate: false,
      allowList: ["127.0.0.1"],
      lookups: 0,
      resolve: async () => {
        policy.lookups += 1;
        return policy.lookups === 1 ? first : then;
      },
    };
    return policy;
  }

  it("checks the address it connects to, not the one a first lookup returned", async () => {
    const policy = rebinding(["127.0.0.1"], ["127.0.0.2"]);
    const target = `http://rebind.attacker.test:${internal.port}/latest/meta-data/`;
    expect(await refuseTarget(target, policy)).toBeNull();
    const answer = await postToTarget(target, {}, "{}", 5000, policy);
    expect(policy.lookups).toBe(2);
    expect(answer.ok).toBe(false);
    expect(answer.status).toBeNull();
    expect(answer.content).toMatch(/^Could not connect: rebind\.attacker\.test resolves to 127\.0\.0\.2/);
    expect(internal.hits).toEqual([]);
  });

  it("refuses a name with any private address among its answers", async () => {
    const policy = rebinding(["93.184.216.34", "127.0.0.2"], ["93.184.216.34", "127.0.0.2"]);
    const target = `http://mixed.attacker.test:${internal.port}/`;
    expect(await refuseTarget(target, policy)).toMatch(/resolves to 127\.0\.0\.2/);
    const answer = await postToTarget(target, {}, "{}", 5000, policy);
    expect(answer.content).toMatch(/resolves to 127\.0\.0\.2/);
    expect(internal.hits).toEqual([]);
  });

  it("connects through a resolved name when its address is allowed", async () => {
    const policy = rebinding(["127.0.0.1"], ["127.0.0.1"]);
    const answer = await postToTarget(`http://receiver.test:${receiver.port}/named`, {}, "{}", 5000, policy);
    expect(answer.status).toBe(200);
    expect(receiver.hits).toContainEqual({ method: "POST", url: "/named" });
  });

  it("refuses literal private addresses without any lookup", async () => {
    const policy = rebinding([], []);
    for (const target of [
      `${internalUrl}/`,
      `http://2130706434:${internal.port}/`,
      `http://0x7f.2:${internal.port}/`,
    ]) {
      const answer = await postToTarget(target, {}, "{}", 5000, policy);
      expect(answer.content, target).toMatch(/private, loopback or link-local/);
    }
    expect(policy.lookups).toBe(0);
    expect(internal.hits).toEqual([]);
  });
});

describe("the allow-list setting", () => {
  it("reads addresses and ranges from TAKT_WEBHOOK_ALLOW_LIST and refuses anything else", () => {
    const config = loadConfig({}, { TAKT_WEBHOOK_ALLOW_LIST: "10.0.0.5, 10.1.0.0/16,fd00::/8" });
    expect(config.webhookAllowList).toEqual(["10.0.0.5", "10.1.0.0/16", "fd00::/8"]);
    expect(loadConfig({}, {}).webhookAllowList).toEqual([]);
    expect(() => loadConfig({}, { TAKT_WEBHOOK_ALLOW_LIST: "10.0.0.5,intranet.local" })).toThrow(
      /webhookAllowList\.1: must be an IP address or a CIDR range/,
    );
  });
});
