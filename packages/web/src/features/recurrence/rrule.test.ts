import { describe, expect, it } from "vitest";
import { defaultSpec, fromRule, toRule } from "./rrule";

describe("recurrence picker rules", () => {
  const base = defaultSpec("2025-03-11"); // a Tuesday, the second of the month

  it("writes weekly rules with the chosen days in week order", () => {
    expect(toRule({ ...base, frequency: "weekly", weekdays: ["TH", "MO"] })).toEqual({
      rrule: "FREQ=WEEKLY;BYDAY=MO,TH",
    });
    expect(toRule({ ...base, frequency: "weekly", interval: 2, weekdays: ["FR"] })).toEqual({
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
    });
  });

  it("writes monthly rules on a day or on the nth weekday, yearly and after-completion ones", () => {
    expect(toRule({ ...base, frequency: "monthly" })).toEqual({ rrule: "FREQ=MONTHLY;BYMONTHDAY=11" });
    expect(toRule({ ...base, frequency: "monthly", monthlyMode: "nth" })).toEqual({ rrule: "FREQ=MONTHLY;BYDAY=2TU" });
    expect(toRule({ ...base, frequency: "yearly" })).toEqual({ rrule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=11" });
    expect(toRule({ ...base, frequency: "after_completion", afterDays: 3 })).toEqual({
      every_n_days_after_completion: 3,
    });
    expect(toRule({ ...base, frequency: "none" })).toBeNull();
  });

  it("reads back what it wrote and the server's normalised forms", () => {
    for (const spec of [
      { ...base, frequency: "weekly" as const, weekdays: ["MO" as const, "TH" as const] },
      { ...base, frequency: "monthly" as const, monthlyMode: "nth" as const, nth: -1 },
      { ...base, frequency: "daily" as const, interval: 3 },
    ]) {
      const rule = toRule(spec);
      expect(toRule(fromRule(rule))).toEqual(rule);
    }
    const nth = fromRule({ rrule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2" });
    expect([nth.monthlyMode, nth.nth, nth.nthWeekday]).toEqual(["nth", 2, "TU"]);
    expect(fromRule({ every_n_days_after_completion: 5 }).frequency).toBe("after_completion");
  });
});
