import i18n from "../../i18n";

// "1h 30m" / «1 ч 30 мин»: a logged duration in the viewer's language.
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours && rest) return i18n.t("time.hm", { h: hours, m: rest });
  return hours ? i18n.t("time.h", { h: hours }) : i18n.t("time.m", { m: rest });
}

// A running timer: "0:05:12".
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${Math.floor(whole / 3600)}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}

// What a person types for a duration: "90", "1h 30m", "1.5h", "45m", "1:30", «1ч 30м». Null when unreadable.
export function parseDuration(input: string): number | null {
  const text = input.trim().toLowerCase().replace(",", ".");
  if (!text) return null;
  if (/^\d+$/.test(text)) return positive(Number(text));
  const clock = text.match(/^(\d+):([0-5]\d)$/);
  if (clock) return positive(Number(clock[1]) * 60 + Number(clock[2]));
  const match = text.match(
    /^(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?|ч|час(?:а|ов)?)\.?)?\s*(?:(\d+)\s*(?:m|min|mins|minutes?|м|мин)\.?)?$/,
  );
  if (!match || (!match[1] && !match[2])) return null;
  return positive(Math.round(Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)));
}

const positive = (minutes: number) => (Number.isFinite(minutes) && minutes > 0 ? minutes : null);
