// English text of system stories, as Asana writes it. Clients that show another language render from the
// structured fields (resource_subtype, assignee, new_dates, …) instead.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface StoryDates {
  start_on: string | null;
  due_on: string | null;
  due_at: string | null;
}

// "Nov 30" within the year the story is written, "Nov 30, 2027" otherwise.
export function formatDay(day: string, now: string): string {
  const [year, month, date] = day.slice(0, 10).split("-").map(Number);
  const label = `${MONTHS[month - 1]} ${date}`;
  return String(year) === now.slice(0, 4) ? label : `${label}, ${year}`;
}

export function formatMoment(moment: string, now: string): string {
  const time = new Date(moment);
  if (Number.isNaN(time.getTime())) return formatDay(moment, now);
  const iso = time.toISOString();
  return `${formatDay(iso, now)} at ${iso.slice(11, 16)} UTC`;
}

export function datesText(dates: StoryDates, now: string): string {
  const due = dates.due_at ? formatMoment(dates.due_at, now) : dates.due_on ? formatDay(dates.due_on, now) : null;
  const start = dates.start_on ? formatDay(dates.start_on, now) : null;
  if (start && due) return `changed the date range to ${start} – ${due}`;
  if (due) return `changed the due date to ${due}`;
  if (start) return `changed the start date to ${start}`;
  return "removed the due date";
}

const SUBTYPE_LABEL: Record<string, string> = {
  default_task: "a task",
  milestone: "a milestone",
  approval: "an approval",
  section: "a section",
};

export function subtypeText(subtype: string): string {
  return `marked this task as ${SUBTYPE_LABEL[subtype] ?? subtype}`;
}

export const quoted = (name: string | null | undefined) => `"${name ?? ""}"`;

// An approval decision, as the task's activity tells it (the approver's words follow after a colon).
export const APPROVAL_VERB: Record<string, string> = {
  pending: "reset the approval to pending",
  approved: "approved this task",
  rejected: "rejected this task",
  changes_requested: "requested changes",
};
