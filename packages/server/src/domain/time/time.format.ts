// "1h 30m", "45m", "2h": the way a logged duration reads in a story.
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours && rest) return `${hours}h ${rest}m`;
  return hours ? `${hours}h` : `${rest}m`;
}

// A real calendar day in YYYY-MM-DD (2024-02-30 is refused).
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

// The Monday of the ISO week holding the day, and the seven days from it.
export function weekOf(day: string): string[] {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  const monday = date.getTime() - sinceMonday * 86_400_000;
  return Array.from({ length: 7 }, (_, index) => new Date(monday + index * 86_400_000).toISOString().slice(0, 10));
}

// Whole minutes a timer ran, at least one: a started and stopped timer always leaves an entry.
export function elapsedMinutes(startedAt: string, now: string): number {
  return Math.max(1, Math.round((Date.parse(now) - Date.parse(startedAt)) / 60_000));
}
