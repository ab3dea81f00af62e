// The recurrence picker's model and its RFC 5545 text, both ways (without DTSTART: the server counts from the due date).

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Frequency = "none" | "daily" | "weekly" | "monthly" | "yearly" | "after_completion";

export interface RecurrenceSpec {
  frequency: Frequency;
  interval: number;
  weekdays: Weekday[];
  monthlyMode: "day" | "nth";
  monthDay: number;
  nth: number; // 1..4 or -1 (last)
  nthWeekday: Weekday;
  month: number; // 1..12
  afterDays: number;
}

export type RecurrenceRule = { rrule: string } | { every_n_days_after_completion: number };

export function defaultSpec(due?: string | null): RecurrenceSpec {
  const date = due ? new Date(`${due}T00:00:00Z`) : new Date();
  const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7];
  const day = date.getUTCDate();
  return {
    frequency: "none",
    interval: 1,
    weekdays: [weekday],
    monthlyMode: "day",
    monthDay: day,
    nth: Math.min(4, Math.ceil(day / 7)),
    nthWeekday: weekday,
    month: date.getUTCMonth() + 1,
    afterDays: 7,
  };
}

export function toRule(spec: RecurrenceSpec): RecurrenceRule | null {
  const interval = Math.max(1, Math.round(spec.interval || 1));
  const every = interval > 1 ? `;INTERVAL=${interval}` : "";
  switch (spec.frequency) {
    case "none":
      return null;
    case "after_completion":
      return { every_n_days_after_completion: Math.max(1, Math.round(spec.afterDays || 1)) };
    case "daily":
      return { rrule: `FREQ=DAILY${every}` };
    case "weekly": {
      const days = WEEKDAYS.filter((day) => spec.weekdays.includes(day));
      return { rrule: `FREQ=WEEKLY${every}${days.length ? `;BYDAY=${days.join(",")}` : ""}` };
    }
    case "monthly":
      return spec.monthlyMode === "nth"
        ? { rrule: `FREQ=MONTHLY${every};BYDAY=${spec.nth}${spec.nthWeekday}` }
        : { rrule: `FREQ=MONTHLY${every};BYMONTHDAY=${spec.monthDay}` };
    case "yearly":
      return { rrule: `FREQ=YEARLY${every};BYMONTH=${spec.month};BYMONTHDAY=${spec.monthDay}` };
  }
}

// Reads a stored rule back into the picker; parts it cannot show keep their defaults.
export function fromRule(rule: RecurrenceRule | null | undefined, due?: string | null): RecurrenceSpec {
  const spec = defaultSpec(due);
  if (!rule) return spec;
  if ("every_n_days_after_completion" in rule) {
    return { ...spec, frequency: "after_completion", afterDays: rule.every_n_days_after_completion };
  }
  const parts = new Map<string, string>();
  for (const part of rule.rrule.replace(/^RRULE:/i, "").split(";")) {
    const [key, value] = part.split("=");
    if (key && value !== undefined) parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get("FREQ");
  spec.interval = Number(parts.get("INTERVAL") ?? 1) || 1;
  const byday = (parts.get("BYDAY") ?? "").split(",").filter(Boolean);
  const setpos = parts.get("BYSETPOS");
  if (parts.has("BYMONTHDAY")) spec.monthDay = Number(parts.get("BYMONTHDAY")?.split(",")[0]) || spec.monthDay;
  if (parts.has("BYMONTH")) spec.month = Number(parts.get("BYMONTH")?.split(",")[0]) || spec.month;
  if (freq === "DAILY") spec.frequency = "daily";
  else if (freq === "WEEKLY") {
    spec.frequency = "weekly";
    const days = byday.map((day) => day.slice(-2)).filter((day): day is Weekday => WEEKDAYS.includes(day as Weekday));
    if (days.length) spec.weekdays = days;
  } else if (freq === "MONTHLY") {
    spec.frequency = "monthly";
    const match = byday[0]?.match(/^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/);
    if (match && (match[1] || setpos)) {
      spec.monthlyMode = "nth";
      spec.nth = Number(match[1] ?? setpos);
      spec.nthWeekday = match[2] as Weekday;
    } else spec.monthlyMode = "day";
  } else if (freq === "YEARLY") spec.frequency = "yearly";
  return spec;
}
