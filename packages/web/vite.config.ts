import { randomBytes } from "node:crypto";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const apiTarget = process.env.TAKT_API ?? "http://localhost:3000";

// The libraries every screen needs (React, the router, Mantine, TanStack Query, i18n, dates, icons) go into one
// "framework" chunk: the first visit downloads ~20 files instead of ~50 small shared ones. Everything else is split
// by route and by lazy component (see src/app/lazy.tsx); run `npm run bench:ui` to see the initial JS.
const framework =
  /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/](query-core|react-query)|i18next|react-i18next|dayjs|clsx|@floating-ui|@mantine[\\/](core|hooks|store|notifications)|react-transition-group|@tabler)[\\/]/;

// Parts of the libraries that no first screen draws (number fields and their formatting, colour pickers, tables,
// drawers…): they load with the pages and dialogs that use them.
const later =
  /node_modules[\\/](react-number-format|@mantine[\\/]core[\\/]esm[\\/]components[\\/](NumberInput|ColorPicker|ColorInput|Table|Drawer|Radio|Chip|FileInput|SimpleGrid|Stepper|Timeline|Progress)[\\/])/;

// The first module the page runs (src/boot.ts) and the plain modules it reads the first screen's addresses from, in
// a chunk of their own with no imports: it runs before the framework chunk is evaluated, so the API reads the first
// screen waits for go out while the libraries start.
const boot =
  /src[\\/](boot\.ts|api[\\/]early\.ts|features[\\/](projects[\\/](first-screen|keys)|tasks[\\/]fields|auth[\\/]session-reads)\.ts)$/;

// Each build has an id, baked into the app and written to dist/version.json: an open tab compares the two and offers
// a reload when the server has a newer build (src/app/version.ts).
const build = `${new Date()
  .toISOString()
  .replace(/[-:.TZ]/g, "")
  .slice(0, 14)}-${randomBytes(4).toString("hex")}`;
const versionFile: Plugin = {
  name: "takt-version",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "version.json", source: `${JSON.stringify({ build })}\n` });
  },
};

export default defineConfig({
  plugins: [react(), versionFile],
  define: { __TAKT_BUILD__: JSON.stringify(build) },
  // One copy of Mantine and React even when a dependency resolves its own.
  resolve: { dedupe: ["@mantine/core", "@mantine/hooks", "react", "react-dom"] },
  server: { proxy: { "/api": { target: apiTarget, ws: true } } },
  build: {
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "boot", test: boot, priority: 20 },
            { name: "framework", test: (id: string) => framework.test(id) && !later.test(id), priority: 10 },
          ],
        },
      },
    },
  },
});
