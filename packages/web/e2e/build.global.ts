import { execSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// The server serves packages/web/dist, so the browser tests need a fresh build of the app.
export default function setup() {
  if (process.env.TAKT_E2E_SKIP_BUILD === "1") return;
  // The build people get: vitest sets NODE_ENV=test, which would make Vite bundle React's development build (and
  // leave it in dist/ for the next `npm start`).
  execSync("npx vite build --logLevel error", {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}
