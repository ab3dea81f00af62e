import fs from "node:fs";
import path from "node:path";
import { serverPackageDir } from "./package-dir.ts";

// The release this process runs: the server package's version, and the build (when run from a compiled bundle,
// the time dist/build.json records; "source" when run from the TypeScript sources).
function read(): { version: string; build: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(serverPackageDir, "package.json"), "utf8")) as { version: string };
  let build = "source";
  try {
    const info = JSON.parse(fs.readFileSync(path.join(serverPackageDir, "dist", "build.json"), "utf8")) as {
      started?: number | string;
    };
    if (import.meta.url.includes("/dist/") && info.started) build = new Date(info.started).toISOString();
  } catch {
    // No bundle: running from the sources.
  }
  return { version: pkg.version, build };
}

export const release = read();
