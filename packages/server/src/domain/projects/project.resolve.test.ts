import { describe, expect, it } from "vitest";
import { isCalendarDate } from "./project.resolve.ts";

describe("isCalendarDate", () => {
  it("accepts real days, leap days included", () => {
    expect(isCalendarDate("2026-06-30")).toBe(true);
    expect(isCalendarDate("2028-02-29")).toBe(true);
  });

  it("refuses impossible days and other formats", () => {
    for (const value of [
      "2026-13-45",
      "2026-02-30",
      "2027-02-29",
      "2026-6-30",
      "30.06.2026",
      "2026-06-30T10:00:00Z",
      "",
    ]) {
      expect(isCalendarDate(value), value).toBe(false);
    }
  });
});
