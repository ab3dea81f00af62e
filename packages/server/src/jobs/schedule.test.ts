import { describe, expect, it } from "vitest";
import { tickStart } from "./schedule.ts";

describe("tickStart", () => {
  it("gives every node the same tick for the same moment", () => {
    const minute = 60_000;
    const at = Date.parse("2026-03-01T10:07:42.123Z");
    expect(new Date(tickStart(at, minute)).toISOString()).toBe("2026-03-01T10:07:00.000Z");
    expect(tickStart(at + 500, minute)).toBe(tickStart(at, minute));
    expect(tickStart(Date.parse("2026-03-01T10:08:00.000Z"), minute)).toBe(tickStart(at, minute) + minute);
  });
});
