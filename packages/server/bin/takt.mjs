#!/usr/bin/env node
// Runs the compiled server (dist/main.js, `npm run build`) when it is up to date with its sources; otherwise
// the TypeScript sources through tsx, so `npx takt` works without a build step and an edit is never missed.
// TAKT_RUN_FROM=source or =dist forces one (dist fails loudly if it is missing).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// V8 grows the old generation up to 4x what survived the last full GC: under load a few concurrent
// 100-task pages made a heap of 150-190 MB. 1.3x keeps it near 100 MB at the same throughput
// (bench/README.md, "Memory"). V8 reads this flag at every GC, so it can be set here, after start;
// `node --heap-growing-percent=N packages/server/bin/takt.mjs` overrides it (0: V8's own dynamic factor;
// Node.js refuses the flag in NODE_OPTIONS).
const given = `${process.env.NODE_OPTIONS ?? ""} ${process.execArgv.join(" ")}`;
if (!/--heap[-_]growing[-_]percent/.test(given)) v8.setFlagsFromString("--heap-growing-percent=30");

// dist/build.json lists every source the bundle was built from and when the build started.
function compiledIsFresh() {
  try {
    const { started, inputs } = JSON.parse(fs.readFileSync(path.join(packageDir, "dist/build.json"), "utf8"));
    if (!fs.existsSync(path.join(packageDir, "dist/main.js"))) return false;
    const stale = inputs.filter((input) => !(fs.statSync(path.join(packageDir, input)).mtimeMs < started));
    if (stale.length) {
      console.error(`takt: dist/ is older than ${stale[0]}: running the sources through tsx (npm run build)`);
    }
    return stale.length === 0;
  } catch {
    return false;
  }
}

const from = process.env.TAKT_RUN_FROM ?? (compiledIsFresh() ? "dist" : "source");
if (from === "dist") {
  await import("../dist/main.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}
