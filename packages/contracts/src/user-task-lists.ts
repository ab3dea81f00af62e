import { z } from "zod";
import { Gid } from "./common.ts";

export const UserTaskListQuery = z
  .object({ workspace: z.string({ error: "Missing input" }).min(1, "Missing input") })
  .loose();

// "now" keeps only incomplete tasks; a date-time also keeps those completed since then.
export const UserTaskListTasksQuery = z
  .object({
    completed_since: z
      .string()
      .refine((value) => value === "now" || !Number.isNaN(Date.parse(value)), "must be a date-time or 'now'")
      .optional(),
  })
  .loose();

export const UserTaskListPathParams = z.object({ list_gid: Gid });
