import { z } from "zod";
import { isCalendarDate } from "./time.format.ts";

const Minutes = z
  .number({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a whole number of minutes") })
  .int("must be a whole number of minutes")
  .min(1, "must be greater than 0")
  .max(24 * 60 * 7, "must be at most a week of minutes");

export const Day = z
  .string({ error: (issue) => (issue.input === undefined ? "Missing input" : "must be a date (YYYY-MM-DD)") })
  .refine(isCalendarDate, "must be a date (YYYY-MM-DD)");

const Description = z.string().max(2000, "must be at most 2000 characters");

export const CreateEntryBody = z.strictObject({
  duration_minutes: Minutes,
  entered_on: Day.optional(),
  description: Description.optional(),
});

export const UpdateEntryBody = z.strictObject({
  duration_minutes: Minutes.optional(),
  entered_on: Day.optional(),
  description: Description.optional(),
});

// Takt: planned effort on a task (null clears it).
export const EstimatedMinutes = z
  .number({ error: () => "must be a whole number of minutes or null" })
  .int("must be a whole number of minutes")
  .min(0, "must not be negative")
  .max(1_000_000, "must be at most 1000000")
  .nullable();

export const TimesheetQuery = z.object({
  user: z.string().max(40).optional(),
  week: Day.optional(),
});
