import { describe, expect, it } from "vitest";
import { displayOf, formatDuration, formatNumber, isSet, parseDuration, sortKeyOf } from "./format";
import type { FieldValue } from "./types";

const number = (format: FieldValue["format"], value: number | null, extra: Partial<FieldValue> = {}): FieldValue => ({
  gid: "1",
  name: "Budget",
  resource_subtype: "number",
  format,
  precision: 0,
  number_value: value,
  ...extra,
});

describe("custom field formatting", () => {
  it("formats durations in minutes and reads them back", () => {
    expect(formatDuration(90)).toBe("1h 30m");
    expect(formatDuration(45)).toBe("45m");
    expect(formatDuration(120)).toBe("2h");
    expect(parseDuration("1h 30m")).toBe(90);
    expect(parseDuration("2h")).toBe(120);
    expect(parseDuration("45")).toBe(45);
    expect(parseDuration("soon")).toBeNull();
  });

  it("formats numbers as percentage, currency and plain", () => {
    expect(formatNumber(number("percentage", 0.25), 0.25)).toBe("25%");
    expect(formatNumber(number("currency", 1200, { currency_code: "EUR", precision: 2 }), 1200)).toBe("€1,200.00");
    expect(formatNumber(number("none", 1234.5, { precision: 1 }), 1234.5)).toBe("1,234.5");
  });

  it("shows nothing for empty values and masks secrets", () => {
    expect(displayOf(number("none", null))).toBeNull();
    expect(isSet(number("none", 0))).toBe(true);
    const secret: FieldValue = { gid: "2", name: "Password", resource_subtype: "secret", display_value: "••••" };
    expect(displayOf(secret)).toBe("••••••••");
    expect(sortKeyOf(secret)).toBeNull();
  });

  it("sorts enum values by option order", () => {
    const options = [
      { gid: "a", resource_type: "enum_option" as const, name: "High", enabled: true, color: "red" as const },
      { gid: "b", resource_type: "enum_option" as const, name: "Low", enabled: true, color: "green" as const },
    ];
    const value: FieldValue = {
      gid: "3",
      name: "Priority",
      resource_subtype: "enum",
      enum_options: options,
      enum_value: options[1],
    };
    expect(sortKeyOf(value)).toBe(1);
  });
});
