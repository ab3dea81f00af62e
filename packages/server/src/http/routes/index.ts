import type { FastifyInstance } from "fastify";
import { attachmentsRoutes } from "./attachments.ts";
import { authRoutes } from "./auth.ts";
import { eventsRoutes } from "./events.ts";
import { invitationsRoutes } from "./invitations.ts";
import { projectsRoutes } from "./projects.ts";
import { realtimeRoutes } from "./realtime.ts";
import { sectionsRoutes } from "./sections.ts";
import { storiesRoutes } from "./stories.ts";
import { tasksRoutes } from "./tasks.ts";
import { teamsRoutes } from "./teams.ts";
import { userTaskListsRoutes } from "./user-task-lists.ts";
import { userRoutes } from "./users.ts";
import { webhooksRoutes } from "./webhooks.ts";
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
  await app.register(eventsRoutes);
  await app.register(webhooksRoutes);
  await app.register(invitationsRoutes);
  await app.register(attachmentsRoutes);
}
