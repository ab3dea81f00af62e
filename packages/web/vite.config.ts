import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiTarget = process.env.TAKT_API ?? "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
  // One copy of Mantine and React even when a dependency resolves its own.
  resolve: { dedupe: ["@mantine/core", "@mantine/hooks", "react", "react-dom"] },
  server: { proxy: { "/api": { target: apiTarget, ws: true } } },
  build: { chunkSizeWarningLimit: 2000 },
});
