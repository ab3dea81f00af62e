import type { RRule as RRuleInstance } from "rrule";
import * as rruleModule from "rrule";

// rrule ships CommonJS for Node (its exports then sit on `default`) and ESM for bundlers and Vitest.
const rrule: typeof rruleModule = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;
const { Frequency, RRule, Weekday } = rrule;

// A task's recurrence: an RFC 5545 rule counted from the current due date, or N days after completion.
export type Recurrence = { rrule: string } | { every_n_days_after_completion: number };

const DAY_MS = 86_400_000;

// Parses and normalises an RRULE (without DTSTART: occurrences count from the task's due date).
// Throws an Error whose message says what is wrong; callers turn it into a 400 naming the field.
export function parseRrule(text: string): RRuleInstance {
  const body = text.trim().replace(/^RRULE:/i, "");
  if (!/^FREQ=/i.test(body) && !/;FREQ=/i.test(body)) throw new Error("must contain FREQ (e.g. FREQ=WEEKLY;BYDAY=MO)");
  if (/DTSTART|UNTIL=[^;]*T[^;]*Z?;?.*DTSTART/i.test(body)) throw new Error("must not contain DTSTART");
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    throw new Error(`is not a valid RFC 5545 rule (${error instanceof Error ? error.message : String(error)})`);
  }
  if (options.freq === undefined || options.freq === null) throw new Error("must contain FREQ");
  if (![Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY].includes(options.freq)) {
    throw new Error("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  }
  if (options.interval !== undefined && (!Number.isInteger(options.interval) || options.interval < 1)) {
    throw new Error("INTERVAL must be a positive whole number");
  }
  const rule = new RRule(options);
  // A rule that never fires (e.g. BYMONTHDAY=31;BYMONTH=2) is refused rather than stored.
  if (!rule.after(new Date(Date.UTC(2000, 0, 1)), false)) throw new Error("never produces a date");
  return rule;
}

export function normalizeRrule(text: string): string {
  return parseRrule(text)
    .toString()
    .replace(/^RRULE:/, "");
}

const toDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

// The due date of the next occurrence: the rule's first date after the current due date (or after the
// completion day when the task had none), or completion + N days.
export function nextDueOn(recurrence: Recurrence, currentDue: string | null, completedAt: string): string {
  const completedDay = completedAt.slice(0, 10);
  if ("every_n_days_after_completion" in recurrence) {
    return addDays(completedDay, recurrence.every_n_days_after_completion);
  }
  const options = RRule.parseString(recurrence.rrule);
  const from = toDate(currentDue ?? completedDay);
  // Occurrences are days: count from the start date at midnight UTC; COUNT/UNTIL bound the series.
  const rule = new RRule({ ...options, dtstart: from });
  const next = rule.after(from, false);
  return next ? toDay(next) : "";
}

const EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const RU_DAYS_PLURAL = ["понедельникам", "вторникам", "средам", "четвергам", "пятницам", "субботам", "воскресеньям"];
const RU_DAYS_ACC = ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const RU_MONTHS_GEN = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];
const EN_NTH: Record<number, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", [-1]: "last" };
const RU_NTH_M: Record<number, string> = {
  1: "первый",
  2: "второй",
  3: "третий",
  4: "четвёртый",
  5: "пятый",
  [-1]: "последний",
};
const RU_NTH_F: Record<number, string> = {
  1: "первую",
  2: "вторую",
  3: "третью",
  4: "четвёртую",
  5: "пятую",
  [-1]: "последнюю",
};
const RU_NTH_N: Record<number, string> = {
  1: "первое",
  2: "второе",
  3: "третье",
  4: "четвёртое",
  5: "пятое",
  [-1]: "последнее",
};

function ruPlural(count: number, one: string, few: string, many: string): string {
  const mod10 = count % 10;
  const mod100 = count % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

function enList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function ruList(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} и ${items[items.length - 1]}`;
}

interface WeekdaySpec {
  day: number;
  n: number | null;
}

function weekdaysOf(byweekday: unknown): WeekdaySpec[] {
  if (byweekday === null || byweekday === undefined) return [];
  const list = Array.isArray(byweekday) ? byweekday : [byweekday];
  return list.map((item) =>
    item instanceof Weekday ? { day: item.weekday, n: item.n ?? null } : { day: Number(item), n: null },
  );
}

const asList = (value: number | number[] | null | undefined): number[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];

// The recurrence in words, in English or Russian ("Every week on Monday and Thursday").
export function recurrenceText(recurrence: Recurrence, language: string): string {
  const ru = language.toLowerCase().startsWith("ru");
  if ("every_n_days_after_completion" in recurrence) {
    const n = recurrence.every_n_days_after_completion;
    if (ru) return `Через ${n} ${ruPlural(n, "день", "дня", "дней")} после выполнения`;
    return n === 1 ? "1 day after completion" : `${n} days after completion`;
  }
  const options = RRule.parseString(recurrence.rrule);
  const interval = options.interval ?? 1;
  const days = weekdaysOf(options.byweekday);
  const setpos = asList(options.bysetpos);
  const monthDays = asList(options.bymonthday);
  const months = asList(options.bymonth);
  const nthDays = days.map((day) => ({ ...day, n: day.n ?? (setpos.length === 1 ? setpos[0] : null) }));
  let text: string;
  switch (options.freq) {
    case Frequency.DAILY:
      text = ru
        ? interval === 1
          ? "Каждый день"
          : `Каждые ${interval} ${ruPlural(interval, "день", "дня", "дней")}`
        : interval === 1
          ? "Every day"
          : `Every ${interval} days`;
      if (days.length) {
        text += ru
          ? ` по ${ruList(days.map((day) => RU_DAYS_PLURAL[day.day]))}`
          : ` on ${enList(days.map((day) => EN_DAYS[day.day]))}`;
      }
      break;
    case Frequency.WEEKLY:
      text = ru
        ? interval === 1
          ? "Каждую неделю"
          : `Каждые ${interval} ${ruPlural(interval, "неделю", "недели", "недель")}`
        : interval === 1
          ? "Every week"
          : `Every ${interval} weeks`;
      if (days.length) {
        text += ru
          ? ` по ${ruList(days.map((day) => RU_DAYS_PLURAL[day.day]))}`
          : ` on ${enList(days.map((day) => EN_DAYS[day.day]))}`;
      }
      break;
    case Frequency.MONTHLY:
      text = ru
        ? interval === 1
          ? "Каждый месяц"
          : `Каждые ${interval} ${ruPlural(interval, "месяц", "месяца", "месяцев")}`
        : interval === 1
          ? "Every month"
          : `Every ${interval} months`;
      if (nthDays.length && nthDays.every((day) => day.n !== null)) {
        const phrase = ruList(
          nthDays.map((day) => {
            const forms =
              day.day === 2 || day.day === 4 || day.day === 5 ? RU_NTH_F : day.day === 6 ? RU_NTH_N : RU_NTH_M;
            return `${forms[day.n as number] ?? `${day.n}-й`} ${RU_DAYS_ACC[day.day]}`;
          }),
        );
        text += ru
          ? ` ${phrase.startsWith("в") ? "во" : "в"} ${phrase}`
          : ` on the ${enList(nthDays.map((day) => `${EN_NTH[day.n as number] ?? `${day.n}th`} ${EN_DAYS[day.day]}`))}`;
      } else if (monthDays.length) {
        text += ru
          ? `, ${ruList(monthDays.map((day) => (day === -1 ? "в последний день" : `${day}-го числа`)))}`
          : ` on ${monthDays.some((day) => day === -1) && monthDays.length === 1 ? "the last day" : `day ${enList(monthDays.map(String))}`}`;
      }
      break;
    default:
      text = ru
        ? interval === 1
          ? "Каждый год"
          : `Каждые ${interval} ${ruPlural(interval, "год", "года", "лет")}`
        : interval === 1
          ? "Every year"
          : `Every ${interval} years`;
      if (months.length === 1 && monthDays.length === 1) {
        text += ru
          ? `, ${monthDays[0]} ${RU_MONTHS_GEN[months[0] - 1]}`
          : ` on ${EN_MONTHS[months[0] - 1]} ${monthDays[0]}`;
      } else if (months.length) {
        text += ru
          ? ` в ${ruList(months.map((month) => RU_MONTHS_GEN[month - 1]))}`
          : ` in ${enList(months.map((month) => EN_MONTHS[month - 1]))}`;
      }
  }
  if (options.count) text += ru ? `, ${options.count} раз` : `, ${options.count} times`;
  if (options.until) text += ru ? ` до ${toDay(options.until)}` : ` until ${toDay(options.until)}`;
  return text;
}
