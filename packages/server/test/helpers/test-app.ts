import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { type Config, loadConfig } from "../../src/config.ts";
import { type DbHandle, migrateToLatest, openDb } from "../../src/db/index.ts";
import type { Ctx } from "../../src/domain/context.ts";
import { EventBus } from "../../src/events/bus.ts";
import { buildApp } from "../../src/http/app.ts";

export interface TestApp {
  app: FastifyInstance;
  handle: DbHandle;
  url: string;
  api: string;
  ctx: Ctx;
  close(): Promise<void>;
}

// A real server on a real, fresh database: a temp SQLite file, or a new PostgreSQL database per test file.
// countQueries: every answer carries x-takt-query-count, the SQL statements it ran (see query-count.test.ts).
// config: settings that differ from the defaults for this server (e.g. webhookAllowList, formFrameAncestors).
export async function startTestApp(
  options: { countQueries?: boolean; config?: Partial<Config>; pgUrl?: string } = {},
): Promise<TestApp> {
  const dialect = process.env.TAKT_TEST_DB ?? "sqlite";
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-test-"));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (dialect === "postgres") {
    const adminUrl = options.pgUrl ?? process.env.TAKT_TEST_PG_URL;
    if (!adminUrl) throw new Error("TAKT_TEST_PG_URL is not set");
    const name = `takt_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const config = {
    ...loadConfig({ dataDir, port: "0", host: "127.0.0.1" }, {}),
    databaseUrl,
    logLevel: "silent" as const,
    // Suites fire many requests per token and sign in often: rate limits and sign-in lockout are off unless a
    // test turns them on (rate-limits.test.ts). Form submission limits keep their default.
    rateLimitPerMinute: 0,
    rateLimitIpPerMinute: 0,
    rateLimitConcurrent: 0,
    loginMaxFailures: 0,
    loginIpMaxFailures: 0,
    ...options.config,
  };
  // SQLite: every packed read outside a transaction runs on the read thread (db/sqlite-driver.ts), not only the
  // costly ones, so the suites hold that what a request reads there is what the server's connection would give.
  const handle = openDb(config, { countQueries: options.countQueries, offloadMinMs: 0 });
  await migrateToLatest(handle.db);
  const bus = new EventBus();
  const app = await buildApp({
    db: handle.db,
    dialect: handle.dialect,
    bus,
    config,
    countQueries: options.countQueries,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    handle,
    url,
    api: `${url}/api/1.0`,
    ctx: { db: handle.db, bus, actor: null },
    async close() {
      // Every answer has been read: drop the clients' keep-alive sockets so close() need not wait for them.
      app.server.closeAllConnections();
      await app.close();
      await handle.destroy();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
