import type { FastifyInstance } from "fastify";
import { authRoutes } from "./auth.ts";
import { realtimeRoutes } from "./realtime.ts";
import { userRoutes } from "./users.ts";
import { workspaceRoutes } from "./workspaces.ts";

// Each area registers its own routes; the list grows as areas arrive.
export async function apiRoutes(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(realtimeRoutes);
  await app.register(userRoutes);
  await app.register(workspaceRoutes);
}
