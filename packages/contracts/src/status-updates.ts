import { z } from "zod";
import { Gid } from "./common.ts";

export const StatusType = z
  .enum(["on_track", "at_risk", "off_track", "on_hold", "complete"], {
    error: (issue) =>
      issue.input === undefined ? "Missing input" : "must be one of on_track, at_risk, off_track, on_hold, complete",
  })
  .meta({ id: "StatusType" });
export type StatusType = z.infer<typeof StatusType>;

export const CreateStatusUpdateBody = z.strictObject({
  parent: z.string().min(1).max(40),
  status_type: StatusType,
  title: z.string().trim().min(1).max(1024),
  text: z.string().max(65_000).optional(),
  html_text: z.string().max(262_144).optional(),
  // Takt: a section of the project that becomes its stage with this update (what the client's home shows).
  stage: z
    .string()
    .regex(/^\d{1,20}$/, "must be the gid of a section of the project")
    .optional(),
});
export type CreateStatusUpdateBody = z.infer<typeof CreateStatusUpdateBody>;

export const StatusUpdatesQuery = z
  .object({ parent: z.string().min(1).max(40), created_since: z.string().optional() })
  .loose();

export const StatusUpdatePathParams = z.object({ status_update_gid: Gid });
