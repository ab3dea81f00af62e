import { describe, expect, it } from "vitest";
import { formatDuration, formatNumber } from "./custom-field.format.ts";

const plain = { precision: 2, format: "none", currency_code: null };

describe("number display values", () => {
  it("rounds to the field's precision", () => {
    expect(formatNumber(12.345, plain)).toBe("12.35");
    expect(formatNumber(3, { ...plain, precision: 0 })).toBe("3");
  });

  it("shows percentages from fractions and currencies by code", () => {
    expect(formatNumber(0.25, { ...plain, format: "percentage", precision: 0 })).toBe("25%");
    expect(formatNumber(1500.5, { ...plain, format: "currency", currency_code: "EUR" })).toBe("€1,500.50");
  });

  it("shows durations in hours and minutes", () => {
    expect(formatDuration(150)).toBe("2h 30m");
    expect(formatDuration(60)).toBe("1h");
    expect(formatDuration(45)).toBe("45m");
    expect(formatNumber(90, { ...plain, format: "duration" })).toBe("1h 30m");
  });
});
