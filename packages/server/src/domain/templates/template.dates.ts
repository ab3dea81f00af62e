const DAY_MS = 86_400_000;

const toDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);
const isWeekend = (date: Date) => date.getUTCDay() === 0 || date.getUTCDay() === 6;

// The date `offset` days after the start; with skipWeekends, counted in working days (Monday–Friday) and a
// start on a weekend moves to the next Monday.
export function relativeDate(start: string, offset: number, skipWeekends: boolean): string {
  let date = toDate(start);
  if (!skipWeekends) return toDay(new Date(date.getTime() + offset * DAY_MS));
  while (isWeekend(date)) date = new Date(date.getTime() + DAY_MS);
  const step = offset < 0 ? -1 : 1;
  let remaining = Math.abs(offset);
  while (remaining > 0) {
    date = new Date(date.getTime() + step * DAY_MS);
    if (!isWeekend(date)) remaining -= 1;
  }
  return toDay(date);
}

// Calendar days from one date to another (for saving a project's dates relative to its start).
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}
