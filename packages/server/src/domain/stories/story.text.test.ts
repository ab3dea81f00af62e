import { describe, expect, it } from "vitest";
import { datesText, formatDay, formatMoment, subtypeText } from "./story.text.ts";

const now = "2025-11-02T10:00:00.000Z";

describe("system story text", () => {
  it("writes days as Asana does, with the year only when it is not this year", () => {
    expect(formatDay("2025-11-30", now)).toBe("Nov 30");
    expect(formatDay("2026-01-05", now)).toBe("Jan 5, 2026");
    expect(formatMoment("2025-11-30T14:05:00.000Z", now)).toBe("Nov 30 at 14:05 UTC");
  });

  it("describes due dates, date ranges and their removal", () => {
    expect(datesText({ start_on: null, due_on: "2025-11-30", due_at: null }, now)).toBe(
      "changed the due date to Nov 30",
    );
    expect(datesText({ start_on: "2025-11-01", due_on: "2025-11-30", due_at: null }, now)).toBe(
      "changed the date range to Nov 1 – Nov 30",
    );
    expect(datesText({ start_on: "2025-11-01", due_on: null, due_at: null }, now)).toBe(
      "changed the start date to Nov 1",
    );
    expect(datesText({ start_on: null, due_on: null, due_at: null }, now)).toBe("removed the due date");
  });

  it("names task kinds", () => {
    expect(subtypeText("milestone")).toBe("marked this task as a milestone");
    expect(subtypeText("approval")).toBe("marked this task as an approval");
  });
});
