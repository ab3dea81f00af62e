import { z } from "zod";
import { Gid } from "./common.ts";

// Time tracking (Takt and Asana's time_tracking_entries): request bodies and the timesheet query.

// A real calendar day in YYYY-MM-DD (2024-02-30 is refused).
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const Minutes = z
  .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a whole number of minutes") })
  .int("must be a whole number of minutes")
  .min(1, "must be greater than 0")
  .max(24 * 60 * 7, "must be at most a week of minutes");

const Day = z
  .string({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a date (YYYY-MM-DD)") })
  .refine(isCalendarDate, "must be a date (YYYY-MM-DD)");

const Description = z.string().max(2000, "must be at most 2000 characters");

// Asana's billable status of an entry; attributable_to names one of the task's projects (its budget counts the
// time); categories holds at most one time tracking category of the workspace.
export const BillableStatus = z.enum(["billable", "nonBillable", "notApplicable"]);
const EntryLinks = {
  attributable_to: Gid.nullable().optional(),
  billable_status: BillableStatus.optional(),
  categories: z.array(Gid).max(1, "at most one category").optional(),
};

export const CreateTimeEntryBody = z.strictObject({
  duration_minutes: Minutes,
  entered_on: Day.optional(),
  description: Description.optional(),
  ...EntryLinks,
});
export type CreateTimeEntryInput = z.infer<typeof CreateTimeEntryBody>;

export const UpdateTimeEntryBody = z.strictObject({
  duration_minutes: Minutes.optional(),
  entered_on: Day.optional(),
  description: Description.optional(),
  ...EntryLinks,
});
export type UpdateTimeEntryInput = z.infer<typeof UpdateTimeEntryBody>;

// Planned effort on a task, in minutes (null clears it).
export const EstimatedMinutes = z
  .number({ error: () => "must be a whole number of minutes or null" })
  .int("must be a whole number of minutes")
  .min(0, "must not be negative")
  .max(1_000_000, "must be at most 1000000")
  .nullable();

export const TimesheetParams = z.object({ workspace_gid: Gid });

export const TimesheetQuery = z.object({
  user: z.string().max(40).optional(),
  week: Day.optional(),
});

export const TimeTrackingEntryParams = z.object({ time_tracking_entry_gid: Gid });
