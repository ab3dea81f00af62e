import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadConfig, maskedConfig } from "../src/config.ts";
import { startServer } from "../src/server.ts";
import { makeUser, makeWorkspace } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-config-"));
const file = (name: string, content: unknown) => {
  const full = path.join(dir, name);
  fs.writeFileSync(full, typeof content === "string" ? content : JSON.stringify(content));
  return full;
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("configuration", () => {
  it("takes flags over the environment over the config file over defaults", () => {
    const config = file("takt.json", {
      port: 4100,
      host: "127.0.0.2",
      role: "worker",
      jobPollMs: 500,
      mailFrom: "Ops <ops@x.test>",
    });
    const fromFile = loadConfig({ config }, {});
    expect(fromFile).toMatchObject({
      port: 4100,
      host: "127.0.0.2",
      role: "worker",
      jobPollMs: 500,
      mailFrom: "Ops <ops@x.test>",
    });
    expect(fromFile.logLevel).toBe("info");
    const withEnv = loadConfig({ config }, { PORT: "4200", TAKT_ROLE: "web" });
    expect(withEnv).toMatchObject({ port: 4200, role: "web", host: "127.0.0.2" });
    const withFlags = loadConfig({ config, port: "4300", role: "all" }, { PORT: "4200", TAKT_ROLE: "web" });
    expect(withFlags).toMatchObject({ port: 4300, role: "all" });
    // TAKT_CONFIG names the file when --config is absent.
    expect(loadConfig({}, { TAKT_CONFIG: config }).port).toBe(4100);
    expect(loadConfig({}, {})).toMatchObject({ port: 3000, role: "all", jobPollMs: 250 });
  });

  it("rejects bad settings with the setting's name", () => {
    expect(() => loadConfig({ role: "both" }, {})).toThrow(/^Invalid configuration: role:/);
    expect(() => loadConfig({}, { PORT: "70000" })).toThrow(/^Invalid configuration: port:/);
    expect(() => loadConfig({ config: file("typo.json", { prot: 1 }) }, {})).toThrow(/prot: unknown setting/);
    expect(() => loadConfig({ config: file("broken.json", "{ port: ") }, {})).toThrow(/cannot read/);
    expect(() => loadConfig({ config: file("list.json", [1]) }, {})).toThrow(/must hold a JSON object/);
    expect(() => loadConfig({ databaseUrl: "mysql://x" }, {})).toThrow(/^Invalid configuration: databaseUrl:/);
    expect(() => loadConfig({}, { TAKT_METRICS_TOKEN: "short" })).toThrow(/^Invalid configuration: metricsToken:/);
  });

  it("prints secrets masked", () => {
    const config = loadConfig(
      { databaseUrl: "postgres://takt:s3cret@db:5432/takt" },
      { TAKT_SMTP_URL: "smtp://mail:pw123@smtp.x.test", TAKT_METRICS_TOKEN: "prometheus-scrape-token-42" },
    );
    expect(config.metricsToken).toBe("prometheus-scrape-token-42");
    const shown = JSON.stringify(maskedConfig(config));
    expect(shown).not.toContain("prometheus-scrape-token-42");
    expect(shown).not.toContain("s3cret");
    expect(shown).not.toContain("pw123");
    expect(shown).toContain("postgres://takt:***@db:5432/takt");
  });
});

describe("takt serve --role", () => {
  const base = () => ({ ...t.app.takt.config, port: 0, host: "127.0.0.1", logLevel: "silent" as const });
  const urlOf = (server: Awaited<ReturnType<typeof startServer>>) => {
    const address = server.app.server.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  };

  it("worker: runs jobs and answers only health and metrics", async () => {
    const metricsToken = "worker-scrape-token-0123";
    const server = await startServer({ ...base(), role: "worker", metricsToken }, { exitOnSignal: false });
    try {
      const url = urlOf(server);
      expect(server.worker).not.toBeNull();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).status).toBe(
        200,
      );
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      expect((await fetch(`${url}/api/1.0/users/me`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it("drains on shutdown: /readyz turns load balancers away while requests are still answered", async () => {
    const server = await startServer({ ...base(), role: "web", drainMs: 1_500 }, { exitOnSignal: false });
    const url = urlOf(server);
    const workspace = await makeWorkspace(t);
    const user = await makeUser(t, workspace.gid, "member", "Dana Drain");
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const stopped = server.stop();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "draining" });
    const me = await fetch(`${url}/api/1.0/users/me`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(me.status).toBe(200);
    await stopped;
  });

  it("web: serves the API without a job worker, and closes sockets with a reconnect hint on shutdown", async () => {
    const server = await startServer({ ...base(), role: "web" }, { exitOnSignal: false });
    let stopped = false;
    try {
      const url = urlOf(server);
      expect(server.worker).toBeNull();
      const workspace = await makeWorkspace(t);
      const user = await makeUser(t, workspace.gid, "member", "Sol Socket");
      const me = await fetch(`${url}/api/1.0/users/me`, { headers: { authorization: `Bearer ${user.token}` } });
      expect(me.status).toBe(200);
      const socket = new WebSocket(`${url.replace(/^http/, "ws")}/api/1.0/realtime`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      await new Promise((resolve, reject) => {
        socket.once("message", resolve);
        socket.once("error", reject);
      });
      const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
      await server.stop();
      stopped = true;
      expect(await closed).toBe(1012);
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
