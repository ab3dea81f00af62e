import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiTarget = process.env.TAKT_API ?? "http://localhost:3000";

// The libraries every screen needs (React, the router, Mantine, TanStack Query, i18n, dates, icons) go into one
// "framework" chunk: the first visit downloads ~20 files instead of ~50 small shared ones. Everything else is split
// by route and by lazy component (see src/app/lazy.tsx); run `npm run bench:ui` to see the initial JS.
const framework =
  /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/](query-core|react-query)|i18next|react-i18next|dayjs|clsx|@floating-ui|@mantine[\\/](core|hooks|store|notifications)|react-transition-group|@tabler)[\\/]/;

export default defineConfig({
  plugins: [react()],
  // One copy of Mantine and React even when a dependency resolves its own.
  resolve: { dedupe: ["@mantine/core", "@mantine/hooks", "react", "react-dom"] },
  server: { proxy: { "/api": { target: apiTarget, ws: true } } },
  build: {
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: "framework", test: framework, priority: 10 }] } } },
  },
});
