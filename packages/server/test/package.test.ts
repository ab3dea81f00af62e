import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The package: the container image, the compose file, the systemd unit and a production install without dev
// dependencies. No container runtime runs here: the Dockerfile and compose file are checked for what they must
// hold, the image's entrypoint script runs directly, and the systemd unit goes through systemd-analyze verify.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const serverDir = path.join(root, "packages/server");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const { version } = JSON.parse(read("packages/server/package.json")) as { version: string };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the container image", () => {
  const dockerfile = read("Dockerfile");
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\w+)$/gm)].map((match) => match[1]);

  it("builds in stages and ships only production dependencies, the compiled server and the web assets", () => {
    expect(stages).toEqual(["deps", "build", "runtime"]);
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(dockerfile).toMatch(/RUN npm ci --omit=dev /);
    expect(runtime).toContain("COPY --from=deps --chown=root:root /app/node_modules ./node_modules");
    expect(runtime).toContain("/app/packages/server/dist ./packages/server/dist");
    expect(runtime).toContain("/app/packages/web/dist ./packages/web/dist");
    expect(runtime).not.toMatch(/COPY (--\S+ )*packages \.\/packages/);
    expect(runtime).toContain("TAKT_RUN_FROM=dist");
  });

  it("runs as an unprivileged user with a data volume, a health check and a graceful stop", () => {
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBe("takt:takt");
    expect(runtime).toMatch(/useradd --system --uid 10001/);
    expect(runtime).toContain('VOLUME ["/data"]');
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(runtime).toContain("STOPSIGNAL SIGTERM");
    expect(runtime).toContain('ENTRYPOINT ["/usr/local/bin/takt-entrypoint"]');
  });
});

describe("compose.yaml", () => {
  const compose = read("compose.yaml");
  it("runs a web node, a worker and PostgreSQL, each restarting and health-checked, Takt after the database", () => {
    for (const service of ["web", "worker", "postgres"]) expect(compose).toMatch(new RegExp(`^  ${service}:$`, "m"));
    expect(compose).toContain('command: ["serve", "--role", "web"]');
    expect(compose).toContain('command: ["serve", "--role", "worker"]');
    expect(compose).toContain("DATABASE_URL: postgres://takt:change-me@postgres:5432/takt");
    expect(compose.match(/restart: unless-stopped/g)).toHaveLength(2);
    expect(compose.match(/healthcheck:/g)).toHaveLength(3);
    expect(compose).toMatch(/depends_on:\n\s+postgres:\n\s+condition: service_healthy/);
    expect(compose).toContain("- takt-data:/data");
  });
});

describe("the systemd unit", () => {
  const unit = read("deploy/takt.service");
  it("restarts, stops by draining, and is hardened", () => {
    for (const line of [
      "Restart=always",
      "KillSignal=SIGTERM",
      "User=takt",
      "NoNewPrivileges=true",
      "ProtectSystem=strict",
      "ProtectHome=true",
      "PrivateTmp=true",
      "StateDirectory=takt",
      "ReadWritePaths=/var/lib/takt",
      "UMask=0077",
      "CapabilityBoundingSet=",
    ]) {
      expect(unit).toContain(`\n${line}\n`);
    }
    expect(unit).toContain("ExecStart=/usr/bin/node /opt/takt/packages/server/bin/takt.mjs serve");
  });

  it("passes systemd-analyze verify", () => {
    let verifier: string | null = null;
    try {
      verifier = execFileSync("sh", ["-c", "command -v systemd-analyze"], { encoding: "utf8" }).trim();
    } catch {
      // Machines without systemd check the unit's text only (above).
    }
    if (!verifier) return;
    const output = execFileSync(verifier, ["verify", path.join(root, "deploy/takt.service")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(output).toBe("");
  });
});

describe("a production install (npm ci --omit=dev)", () => {
  it("needs no dev dependency at run time: every package the server imports is a dependency", () => {
    const pkg = JSON.parse(read("packages/server/package.json")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(ts|mjs)$/.test(entry.name) && !/\.test\.ts$|test-jobs\.ts$/.test(entry.name)) {
          const text = fs.readFileSync(file, "utf8");
          for (const match of text.matchAll(
            /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g,
          )) {
            const spec = match[1] ?? match[2];
            if (spec.startsWith(".") || spec.startsWith("node:") || builtins.has(spec)) continue;
            imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
          }
        }
      }
    };
    walk(path.join(serverDir, "src"));
    walk(path.join(serverDir, "bin"));
    expect(imported.size).toBeGreaterThan(10);
    const missing = [...imported].filter((name) => !(name in pkg.dependencies));
    expect(missing).toEqual([]);
  });
});

describe("the image's entrypoint", () => {
  const entrypoint = path.join(root, "deploy/docker-entrypoint.sh");
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn("sh", [entrypoint, ...args], {
        env: { ...process.env, TAKT_HOME: root, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => resolve({ code, output }));
    });

  it("prints the version, and refuses a data directory it cannot write with a message saying what to do", async () => {
    const printed = await run(["--version"], { TAKT_DATA_DIR: "/nonexistent" });
    expect(printed.code).toBe(0);
    expect(printed.output).toMatch(new RegExp(`^takt ${version.replace(/\./g, "\\.")} \\(build `, "m"));

    const missing = await run(["serve"], { TAKT_DATA_DIR: path.join(os.tmpdir(), "takt-no-such-dir") });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("does not exist: mount a volume there");
    if (process.getuid?.() !== 0) {
      const locked = fs.mkdtempSync(path.join(os.tmpdir(), "takt-locked-"));
      dirs.push(locked);
      fs.chmodSync(locked, 0o500);
      const refused = await run(["serve"], { TAKT_DATA_DIR: locked });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain("is not writable by uid");
      fs.chmodSync(locked, 0o700);
    }
  });

  it("serves by default and stops cleanly on SIGTERM (the signal reaches the server)", async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), "takt-entry-"));
    dirs.push(data);
    const child = spawn("sh", [entrypoint], {
      env: { ...process.env, TAKT_HOME: root, TAKT_DATA_DIR: data, PORT: "0", HOST: "127.0.0.1", TAKT_DRAIN_MS: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`did not listen: ${output}`)), 120_000);
      const listen = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.on("data", listen);
      child.stderr.on("data", listen);
    });
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; version: string };
    expect(health).toMatchObject({ status: "ok", version });
    expect(fs.statSync(path.join(data, "takt.sqlite")).mode & 0o777).toBe(0o600);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(data, "takt.pid"))).toBe(false);
  }, 180_000);
});
