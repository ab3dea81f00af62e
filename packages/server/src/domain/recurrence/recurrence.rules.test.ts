import { describe, expect, it } from "vitest";
import { nextDueOn, normalizeRrule, parseRrule, recurrenceText } from "./recurrence.rules.ts";

describe("next due date", () => {
  const done = "2025-03-20T10:00:00.000Z";
  it("daily", () => expect(nextDueOn({ rrule: "FREQ=DAILY" }, "2025-03-10", done)).toBe("2025-03-11"));
  it("every 3 days", () =>
    expect(nextDueOn({ rrule: "FREQ=DAILY;INTERVAL=3" }, "2025-03-10", done)).toBe("2025-03-13"));
  it("weekly on Monday and Thursday", () => {
    expect(nextDueOn({ rrule: "FREQ=WEEKLY;BYDAY=MO,TH" }, "2025-03-10", done)).toBe("2025-03-13");
    expect(nextDueOn({ rrule: "FREQ=WEEKLY;BYDAY=MO,TH" }, "2025-03-13", done)).toBe("2025-03-17");
  });
  it("monthly on a day", () =>
    expect(nextDueOn({ rrule: "FREQ=MONTHLY;BYMONTHDAY=15" }, "2025-03-15", done)).toBe("2025-04-15"));
  it("monthly on the second Tuesday", () => {
    expect(nextDueOn({ rrule: "FREQ=MONTHLY;BYDAY=+2TU" }, "2025-03-11", done)).toBe("2025-04-08");
    expect(nextDueOn({ rrule: "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2" }, "2025-03-11", done)).toBe("2025-04-08");
  });
  it("yearly", () =>
    expect(nextDueOn({ rrule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5" }, "2025-03-05", done)).toBe("2026-03-05"));
  it("N days after completion", () =>
    expect(nextDueOn({ every_n_days_after_completion: 7 }, "2025-03-01", done)).toBe("2025-03-27"));
  it("without a due date counts from the completion day", () =>
    expect(nextDueOn({ rrule: "FREQ=DAILY" }, null, done)).toBe("2025-03-21"));
});

describe("parsing", () => {
  it("refuses nonsense", () => {
    expect(() => parseRrule("every monday")).toThrow();
    expect(() => parseRrule("FREQ=HOURLY")).toThrow();
    expect(() => parseRrule("FREQ=WEEKLY;BYDAY=XX")).toThrow();
  });
  it("normalises", () => expect(normalizeRrule("RRULE:FREQ=WEEKLY;BYDAY=MO,TH")).toBe("FREQ=WEEKLY;BYDAY=MO,TH"));
});

describe("in words", () => {
  it("english", () => {
    expect(recurrenceText({ rrule: "FREQ=WEEKLY;BYDAY=MO,TH" }, "en")).toBe("Every week on Monday and Thursday");
    expect(recurrenceText({ rrule: "FREQ=MONTHLY;BYDAY=+2TU" }, "en")).toBe("Every month on the second Tuesday");
    expect(recurrenceText({ rrule: "FREQ=MONTHLY;BYMONTHDAY=15" }, "en")).toBe("Every month on day 15");
    expect(recurrenceText({ rrule: "FREQ=DAILY" }, "en")).toBe("Every day");
    expect(recurrenceText({ every_n_days_after_completion: 3 }, "en")).toBe("3 days after completion");
  });
  it("russian", () => {
    expect(recurrenceText({ rrule: "FREQ=WEEKLY;BYDAY=MO,TH" }, "ru")).toBe(
      "Каждую неделю по понедельникам и четвергам",
    );
    expect(recurrenceText({ rrule: "FREQ=MONTHLY;BYDAY=+2TU" }, "ru")).toBe("Каждый месяц во второй вторник");
    expect(recurrenceText({ rrule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5" }, "ru")).toBe("Каждый год, 5 марта");
    expect(recurrenceText({ every_n_days_after_completion: 2 }, "ru")).toBe("Через 2 дня после выполнения");
  });
});
