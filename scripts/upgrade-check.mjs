#!/usr/bin/env node
// Upgrades a running two-node Takt install on PostgreSQL from an older build to this tree, as docs/upgrade.md
// describes, under a stream of writes, and checks that no node stops serving and no acknowledged write is lost.
//
//   node scripts/upgrade-check.mjs --from <git ref> --pg postgres://user@host:port/postgres
//
// The older build is `git archive <ref>` of this repository, run from its sources with this tree's node_modules.
// Steps: two old nodes (web + all) serve; node A is stopped and started on the new build (it applies the new,
// expand-only migrations) while old node B keeps serving; an old node is started again on the migrated schema (a
// supervisor restarting it mid-upgrade); then B is upgraded. Writes go to whichever nodes are up throughout.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({ options: { from: { type: "string" }, pg: { type: "string" } } });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ref = values.from;
const adminUrl = values.pg ?? process.env.TAKT_TEST_PG_URL;
if (!ref || !adminUrl) {
  console.error("usage: node scripts/upgrade-check.mjs --from <git ref> --pg postgres://…/postgres");
  process.exit(2);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "takt-upgrade-"));
const oldTree = path.join(work, "old");
fs.mkdirSync(oldTree);
execFileSync("sh", ["-c", `git -C "${root}" archive "${ref}" | tar -x -C "${oldTree}"`]);
fs.symlinkSync(path.join(root, "node_modules"), path.join(oldTree, "node_modules"));
const oldCommit = execFileSync("git", ["-C", root, "rev-parse", "--short", ref], { encoding: "utf8" }).trim();
const newCommit = execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();

const database = `takt_upgrade_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${database}`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const databaseUrl = url.toString();
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  TAKT_DATA_DIR: path.join(work, "data"),
  TAKT_RUN_FROM: "source",
  TAKT_RATE_LIMITS: "off",
  TAKT_DRAIN_MS: "500",
  LOG_LEVEL: "info",
};

const nodes = new Set();
function takt(tree, args) {
  return execFileSync(process.execPath, [path.join(tree, "packages/server/bin/takt.mjs"), ...args], {
    env,
    encoding: "utf8",
  });
}
function start(tree, name, role) {
  const child = spawn(
    process.execPath,
    [path.join(tree, "packages/server/bin/takt.mjs"), "serve", "--role", role, "--port", "0", "--host", "127.0.0.1"],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  nodes.add(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 120_000);
    const listen = (chunk) => {
      output += chunk.toString();
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve({ name, child, url: found, output: () => output });
      }
    };
    child.stdout.on("data", listen);
    child.stderr.on("data", listen);
    child.on("exit", (code) => {
      nodes.delete(child);
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${output}`));
    });
  });
}
async function stop(node) {
  const exited = new Promise((resolve) => node.child.once("exit", resolve));
  node.child.kill("SIGTERM");
  await exited;
}

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
};

try {
  console.log(`upgrade-check: ${ref} (${oldCommit}) → working tree at ${newCommit}`);
  takt(oldTree, ["migrate"]);
  takt(oldTree, ["workspace", "add", "--name", "Upgrade Co"]);
  takt(oldTree, [
    "user",
    "add",
    "--email",
    "ops@upgrade.test",
    "--name",
    "Ops",
    "--password",
    "upgrade-pass-1",
    "--admin",
  ]);
  const token = takt(oldTree, ["token", "create", "--email", "ops@upgrade.test"]).trim().split("\n").pop();
  let a = await start(oldTree, "A (old, web)", "web");
  let b = await start(oldTree, "B (old, all)", "all");
  const me = await (await fetch(`${a.url}/api/1.0/users/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  const workspace = me.data.workspaces[0].gid;

  // Writes round-robin to the nodes that are up; only answered (2xx) writes are counted as acknowledged.
  const up = new Set([a, b]);
  const acknowledged = [];
  let refused = 0;
  let writing = true;
  const writer = (async () => {
    let index = 0;
    while (writing) {
      const targets = [...up];
      const node = targets[index++ % targets.length];
      try {
        const answer = await fetch(`${node.url}/api/1.0/tasks`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ data: { workspace, name: `Write ${index}`, assignee: "me" } }),
        });
        if (answer.ok) acknowledged.push((await answer.json()).data.gid);
        else refused++;
      } catch {
        refused++;
      }
      await sleep(50);
    }
  })();
  await sleep(2000);

  // 1. Node A to the new build: out of the balancer (here: the writer's list), stopped, started new.
  up.delete(a);
  await stop(a);
  a = await start(root, "A (new, web)", "web");
  up.add(a);
  check(/migrationsApplied":\["[^\]]*0021/.test(a.output()), "the new node applied the new migrations");
  check((await fetch(`${b.url}/readyz`)).status === 200, "old node B still ready on the new schema");
  await sleep(2000);

  // 2. A supervisor restarts an old node mid-upgrade: it must start on the expanded schema.
  const c = await start(oldTree, "C (old, restarted)", "worker");
  check((await fetch(`${c.url}/readyz`)).status === 200, "an old node restarted mid-upgrade starts and is ready");
  await stop(c);

  // 3. Node B to the new build.
  up.delete(b);
  await stop(b);
  b = await start(root, "B (new, all)", "all");
  up.add(b);
  await sleep(2000);
  writing = false;
  await writer;

  let missing = 0;
  for (const gid of acknowledged) {
    const answer = await fetch(`${b.url}/api/1.0/tasks/${gid}`, { headers: { authorization: `Bearer ${token}` } });
    if (answer.status !== 200) missing++;
  }
  check(acknowledged.length > 0, `${acknowledged.length} writes acknowledged during the upgrade (${refused} refused)`);
  check(missing === 0, `${missing} acknowledged writes missing afterwards`);
  const health = await (await fetch(`${b.url}/healthz`)).json();
  console.log(`after the upgrade: ${JSON.stringify(health)}`);
} catch (error) {
  failures++;
  console.error(error);
} finally {
  for (const child of nodes) child.kill("SIGKILL");
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
