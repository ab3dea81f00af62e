import { z } from "zod";
import { Gid } from "./common.ts";

// The Inbox (Takt extension): each person's own notifications.

export const InboxQuery = z
  .object({
    workspace: z.string().optional(),
    archived: z.enum(["true", "false"], "must be true or false").optional(),
  })
  .loose();

export const InboxWorkspaceBody = z.strictObject({ workspace: z.string().min(1).max(40) });
export type InboxWorkspaceBody = z.infer<typeof InboxWorkspaceBody>;

export const NOTIFICATION_CHANGES = ["read", "archive", "unarchive"] as const;
export type NotificationChange = (typeof NOTIFICATION_CHANGES)[number];

export const NotificationParams = z.object({ notification_gid: Gid });
