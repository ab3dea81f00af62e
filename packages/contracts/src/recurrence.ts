import { z } from "zod";

// `recurrence` on a task write (Takt): an RFC 5545 rule counted from the due date, N days after completion, or
// null to stop repeating. The server also checks that the rule is one it can follow (FREQ, no DTSTART, fires).
const RruleRecurrence = z.strictObject({ rrule: z.string().max(500) });
const DaysRecurrence = z.strictObject({ every_n_days_after_completion: z.number().int().min(1).max(3650) });

function recurrenceProblem(input: unknown): string {
  const keys = typeof input === "object" && input !== null && !Array.isArray(input) ? Object.keys(input) : [];
  if (keys.length === 1 && keys[0] === "rrule") return "rrule must be a string of at most 500 characters";
  if (keys.length === 1 && keys[0] === "every_n_days_after_completion") {
    return "every_n_days_after_completion must be a whole number of days from 1 to 3650";
  }
  return "must be {rrule}, {every_n_days_after_completion} or null";
}

export const RecurrenceInput = z
  .union([RruleRecurrence, DaysRecurrence, z.null()], { error: (issue) => recurrenceProblem(issue.input) })
  .meta({ id: "RecurrenceInput", description: "{rrule}, {every_n_days_after_completion} or null" });
export type RecurrenceInput = z.infer<typeof RecurrenceInput>;
