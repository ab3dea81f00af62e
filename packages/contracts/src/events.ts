import { z } from "zod";

// Asana's events API: what happened to a resource and everything under it, since a sync token.
export const EventsQuery = z.object({
  resource: z.string().min(1),
  sync: z.string().min(1).max(100_000).optional(),
});
export type EventsQuery = z.infer<typeof EventsQuery>;
export const WorkspaceEventsParams = z.object({ workspace_gid: z.string().regex(/^\d{1,19}$/, "must be a gid") });
export const WorkspaceEventsQuery = z.object({ sync: z.string().min(1).max(100_000).optional() }).loose();
