#!/usr/bin/env node
// Runs the compiled server (dist/main.js, `npm run build`) when it is up to date with its sources; otherwise
// the TypeScript sources through tsx, so `npx takt` works without a build step and an edit is never missed.
// TAKT_RUN_FROM=source or =dist forces one (dist fails loudly if it is missing).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// dist/build.json lists every source the bundle was built from and when the build started.
function compiledIsFresh() {
  try {
    const { started, inputs } = JSON.parse(fs.readFileSync(path.join(packageDir, "dist/build.json"), "utf8"));
    if (!fs.existsSync(path.join(packageDir, "dist/main.js"))) return false;
    return inputs.every((input) => fs.statSync(path.join(packageDir, input)).mtimeMs < started);
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
