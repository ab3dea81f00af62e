import type { RecurrenceInput } from "@takt/contracts";
import { badRequest } from "../../errors.ts";
import { normalizeRrule, type Recurrence } from "./recurrence.rules.ts";

// `recurrence` as a task write sends it, with its rule checked and normalised: one the server can follow (FREQ,
// no DTSTART, fires at least once). A rule it cannot follow is a 400 naming it.
export function recurrenceOf(input: RecurrenceInput | undefined): Recurrence | null | undefined {
  if (input === undefined || input === null || !("rrule" in input)) return input;
  try {
    return { rrule: normalizeRrule(input.rrule) };
  } catch (error) {
    throw badRequest(`recurrence.rrule: ${(error as Error).message}`);
  }
}
