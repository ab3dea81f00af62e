import { z } from "zod";
import { Gid } from "./common.ts";

// Asana's audit log API: a workspace's security-relevant events, for its admins.

const AuditTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2024-05-01T00:00:00Z" });
// A gid the server can look up: digits, no leading zero, within 2^53.
const AuditGid = z
  .string()
  .refine((value) => /^[1-9][0-9]{0,15}$/.test(value) && Number.isSafeInteger(Number(value)), "must be a gid");

export const AUDIT_ACTOR_TYPES = ["user", "asana", "anonymous"] as const;

export const AuditLogQuery = z
  .object({
    start_at: AuditTime.optional(),
    end_at: AuditTime.optional(),
    event_type: z.string().trim().min(1).max(100).optional(),
    actor_type: z.enum(AUDIT_ACTOR_TYPES).optional(),
    actor_gid: AuditGid.optional(),
    resource_gid: AuditGid.optional(),
    // Takt extension: the web page lists the newest events first; Asana's order (oldest first) is the default.
    sort: z.enum(["asc", "desc"]).optional(),
  })
  .loose();
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export const AuditLogParams = z.object({ workspace_gid: Gid });
