import { z } from "zod";
import { normalizeRrule, type Recurrence } from "./recurrence.rules.ts";

// `recurrence` on a task write: {rrule: "FREQ=WEEKLY;BYDAY=MO,TH"}, {every_n_days_after_completion: n} or null.
export const RecurrenceInput = z.unknown().transform((value, ctx): Recurrence | null => {
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "must be {rrule}, {every_n_days_after_completion} or null" });
    return z.NEVER;
  }
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === "rrule") {
    if (typeof record.rrule !== "string" || record.rrule.length > 500) {
      ctx.addIssue({ code: "custom", message: "rrule must be a string of at most 500 characters", path: ["rrule"] });
      return z.NEVER;
    }
    try {
      return { rrule: normalizeRrule(record.rrule) };
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message, path: ["rrule"] });
      return z.NEVER;
    }
  }
  if (keys.length === 1 && keys[0] === "every_n_days_after_completion") {
    const days = record.every_n_days_after_completion;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 3650) {
      ctx.addIssue({
        code: "custom",
        message: "must be a whole number of days from 1 to 3650",
        path: ["every_n_days_after_completion"],
      });
      return z.NEVER;
    }
    return { every_n_days_after_completion: days };
  }
  ctx.addIssue({ code: "custom", message: "must be {rrule}, {every_n_days_after_completion} or null" });
  return z.NEVER;
});
