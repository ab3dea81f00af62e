import { z } from "zod";
import { DateOnly, Gid } from "./common.ts";

// Reports (Takt extension): velocity and cumulative flow of a project; people and workload of a workspace.

// A period: from/to dates, each optional (the server fills in a default span up to today).
export const ReportPeriodQuery = z.object({ from: DateOnly.optional(), to: DateOnly.optional() }).loose();

export const VelocityQuery = z
  .object({
    count: z.coerce
      .number()
      .int("must be an integer")
      .min(1, "must be at least 1")
      .max(50, "must be at most 50")
      .optional(),
  })
  .loose();

export const PeopleReportQuery = ReportPeriodQuery.extend({ team: Gid.optional(), project: Gid.optional() });

export const WorkloadQuery = z
  .object({
    from: DateOnly.optional(),
    weeks: z.coerce
      .number()
      .int("must be an integer")
      .min(1, "must be at least 1")
      .max(26, "must be at most 26")
      .optional(),
  })
  .loose();

// One's own weekly capacity, or (for a workspace admin) someone else's.
export const WeeklyCapacityBody = z.strictObject({
  weekly_capacity_points: z
    .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a number or null") })
    .min(0, "must not be negative")
    .max(10_000, "must be at most 10000")
    .nullable(),
  user: Gid.optional(),
});
export type WeeklyCapacityBody = z.infer<typeof WeeklyCapacityBody>;

export const ReportProjectParams = z.object({ project_gid: Gid });
export const ReportWorkspaceParams = z.object({ workspace_gid: Gid });
