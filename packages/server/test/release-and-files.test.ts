import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase } from "../src/ops/backup.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(fs.readFileSync(path.join(serverDir, "package.json"), "utf8")) as { version: string };

const METRICS_TOKEN = "release-watcher-0123456789";
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { metricsToken: METRICS_TOKEN } });
});
afterAll(async () => {
  await t?.close();
});

describe("the release a node runs", () => {
  it("is printed by takt --version and reported by /healthz and /metrics", async () => {
    const printed = execFileSync(process.execPath, [path.join(serverDir, "bin/takt.mjs"), "--version"], {
      encoding: "utf8",
    });
    expect(printed).toMatch(new RegExp(`^takt ${version.replace(/\./g, "\\.")} \\(build `));

    const health = await (await fetch(`${t.url}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", version });
    const metrics = await (
      await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(new RegExp(`takt_build_info\\{version="${version.replace(/\./g, "\\.")}",[^}]*\\} 1`));
  });
});

describe("request ids", () => {
  it("are returned with every answer and never repeat", async () => {
    const ids = new Set<string>();
    for (let index = 0; index < 20; index++) {
      const answer = await fetch(`${t.url}/api/1.0/users/me`);
      expect(answer.status).toBe(401);
      const id = answer.headers.get("x-request-id");
      expect(id).toMatch(/^\d+$/);
      ids.add(id!);
    }
    expect(ids.size).toBe(20);
  });

  it("keep the X-Request-Id of a trusted proxy on this machine, and refuse a malformed one", async () => {
    const kept = await fetch(`${t.url}/healthz`, { headers: { "x-request-id": "lb-7f3a.91" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.91");
    const malformed = await fetch(`${t.url}/healthz`, { headers: { "x-request-id": "a b<script>" } });
    expect(malformed.headers.get("x-request-id")).toMatch(/^\d+$/);
  });
});

describe("files that hold secrets", () => {
  it("backups and the SQLite database are readable by their owner only", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "takt-backup-")), "backup.takt.gz");
    await backupDatabase(t.app.takt.config, out);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    if (t.handle.dialect === "sqlite") {
      const file = path.join(t.app.takt.config.dataDir, "takt.sqlite");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(`${file}-wal`).mode & 0o077).toBe(0);
    }
  });
});
