import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser tests: a real server on a fresh database, the built SPA, Debian's Chromium.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "e2e",
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["e2e/build.global.ts"],
    setupFiles: ["e2e/failure.setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
