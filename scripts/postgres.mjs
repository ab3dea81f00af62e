// A throwaway PostgreSQL for tests: initdb into a temp dir, start it as the postgres user on a loopback port.
// Tests run it with `fsync=off` (nothing is flushed to disk: fast, and a crash of the machine loses it all);
// `durable` (`node scripts/postgres.mjs --durable`, for benchmarks) keeps PostgreSQL's defaults, so every commit is
// flushed to disk before it is acknowledged, as on a production server.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

function findBin(name) {
  const candidates = [];
  const root = "/usr/lib/postgresql";
  if (fs.existsSync(root)) {
    for (const version of fs.readdirSync(root).sort().reverse()) candidates.push(path.join(root, version, "bin", name));
  }
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found) return found;
  const which = spawnSync("which", [name], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function startThrowawayPostgres({ durable = false } = {}) {
  const initdb = findBin("initdb");
  const pgCtl = findBin("pg_ctl");
  if (!initdb || !pgCtl) return null;
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-pg-"));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const run = (bin, args) => {
    const [command, fullArgs] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
    execFileSync(command, fullArgs, { stdio: ["ignore", "pipe", "pipe"] });
  };
  run(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  run(pgCtl, [
    "-D",
    data,
    "-l",
    path.join(dir, "log"),
    "-w",
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durable ? "" : " -c fsync=off"} -c max_connections=200`,
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    // A fast restart, as an admin's `pg_ctl restart -m fast`: open connections are terminated.
    restart() {
      // -l again: without it the new server would write to (and hold open) this process's output pipe.
      run(pgCtl, ["-D", data, "-l", path.join(dir, "log"), "-m", "fast", "-w", "restart"]);
    },
    stop() {
      try {
        run(pgCtl, ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pg = await startThrowawayPostgres({ durable: process.argv.includes("--durable") });
  if (!pg) {
    console.error("PostgreSQL binaries (initdb, pg_ctl) were not found");
    process.exit(1);
  }
  // For shell scripts: "<url> <dir>"; stop with pg_ctl -D <dir>/data stop, then remove <dir>.
  console.log(`${pg.url} ${pg.dir}`);
}
