#!/usr/bin/env node
// Compiles the server for production (npm run build): one ES module, dist/main.js, bundled by esbuild from
// src/main.ts with @takt/contracts inlined and every npm package left to node_modules. bin/takt.mjs runs it
// when it is newer than every source it was built from (dist/build.json), else the sources through tsx.
// Running compiled JavaScript saves tsx's loader thread and in-memory source maps: tens of MB of RSS.
// esbuild is tsx's own compiler, so it is installed wherever the server's dependencies are (no new dependency).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// esbuild as tsx resolves it, wherever npm placed it (hoisted, or nested under tsx).
const require = createRequire(import.meta.url);
const { build } = createRequire(require.resolve("tsx"))("esbuild");

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(packageDir, "dist");
const started = Date.now();

const result = await build({
  entryPoints: [path.join(packageDir, "src/main.ts")],
  outfile: path.join(dist, "main.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Not minified, so functions keep their names in stack traces (a name two modules share gets a number, e.g.
  // updateTask2); `--enable-source-maps` maps lines and names back to src/. keepNames would wrap every function
  // and closure in a call that defines its name each time it is made, a cost on every request's hot closures.
  keepNames: false,
  // V8 keeps a module's source text in memory, and a single character beyond Latin-1 makes all of it a two-byte
  // string (3.5 MB instead of 1.8). esbuild escapes strings and names; the comments and regular expressions it
  // leaves as written are escaped below.
  charset: "ascii",
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
  plugins: [
    {
      // npm packages stay in node_modules (native better-sqlite3, pino's workers); only our workspace's
      // TypeScript packages are compiled in.
      name: "external-packages",
      setup(compiler) {
        compiler.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@takt/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});

// \uXXXX means the same character in a regular expression and is only text in a comment.
const mainFile = path.join(dist, "main.js");
const output = fs.readFileSync(mainFile, "utf8");
const ascii = output.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
if (ascii !== output) fs.writeFileSync(mainFile, ascii);

// The inputs, relative to this package: bin/takt.mjs checks that none changed since `started`.
const inputs = Object.keys(result.metafile.inputs).map((input) =>
  path.relative(packageDir, path.resolve(process.cwd(), input)),
);
fs.writeFileSync(path.join(dist, "build.json"), `${JSON.stringify({ started, inputs }, null, 1)}\n`);
const bytes = fs.statSync(path.join(dist, "main.js")).size;
console.log(
  `server built: dist/main.js (${(bytes / 1024).toFixed(0)} kB, ${inputs.length} sources) in ${Date.now() - started} ms`,
);
