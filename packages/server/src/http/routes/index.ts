import type { FastifyInstance } from "fastify";
import { authRoutes } from "./auth.ts";
import { projectsRoutes } from "./projects.ts";
import { realtimeRoutes } from "./realtime.ts";
import { sectionsRoutes } from "./sections.ts";
import { storiesRoutes } from "./stories.ts";
import { tasksRoutes } from "./tasks.ts";
import { teamsRoutes } from "./teams.ts";
import { userTaskListsRoutes } from "./user-task-lists.ts";
import { userRoutes } from "./users.ts";
import { workspaceRoutes } from "./workspaces.ts";

// Each area registers its own routes.
export async function apiRoutes(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(realtimeRoutes);
  await app.register(userRoutes);
  await app.register(workspaceRoutes);
  await app.register(teamsRoutes);
  await app.register(projectsRoutes);
  await app.register(sectionsRoutes);
  await app.register(tasksRoutes);
  await app.register(storiesRoutes);
  await app.register(userTaskListsRoutes);
}
