import { describe, expect, it } from "vitest";
import { daysBetween, relativeDate } from "./template.dates.ts";

describe("relative dates", () => {
  it("calendar days", () => expect(relativeDate("2025-03-07", 3, false)).toBe("2025-03-10"));
  it("working days skip the weekend", () => {
    // 2025-03-07 is a Friday.
    expect(relativeDate("2025-03-07", 0, true)).toBe("2025-03-07");
    expect(relativeDate("2025-03-07", 1, true)).toBe("2025-03-10");
    expect(relativeDate("2025-03-07", 5, true)).toBe("2025-03-14");
  });
  it("a start on Saturday moves to Monday", () => expect(relativeDate("2025-03-08", 0, true)).toBe("2025-03-10"));
  it("days between", () => expect(daysBetween("2025-03-07", "2025-03-10")).toBe(3));
});
