import { describe, expect, it } from "vitest";
import { elapsedMinutes, formatDuration, isCalendarDate, weekOf } from "./time.format.ts";

describe("time formatting", () => {
  it("formats durations as hours and minutes", () => {
    expect(formatDuration(90)).toBe("1h 30m");
    expect(formatDuration(45)).toBe("45m");
    expect(formatDuration(120)).toBe("2h");
  });

  it("accepts only real calendar days", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2024-13-01")).toBe(false);
    expect(isCalendarDate("yesterday")).toBe(false);
  });

  it("finds the Monday-to-Sunday week of a day", () => {
    expect(weekOf("2024-05-15")).toEqual([
      "2024-05-13",
      "2024-05-14",
      "2024-05-15",
      "2024-05-16",
      "2024-05-17",
      "2024-05-18",
      "2024-05-19",
    ]);
    expect(weekOf("2024-05-19")[0]).toBe("2024-05-13");
  });

  it("counts at least one minute for a timer", () => {
    expect(elapsedMinutes("2024-05-13T10:00:00.000Z", "2024-05-13T10:00:10.000Z")).toBe(1);
    expect(elapsedMinutes("2024-05-13T10:00:00.000Z", "2024-05-13T11:30:20.000Z")).toBe(90);
  });
});
