import path from "node:path";
import { fileURLToPath } from "node:url";

// The server package's directory. The sources (src/package-dir.ts) and the compiled bundle (dist/main.js,
// scripts/build.mjs) both sit one level below it, so files found relative to it resolve from either.
export const serverPackageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
