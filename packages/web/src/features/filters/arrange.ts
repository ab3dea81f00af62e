import dayjs from "dayjs";
import type { Section, TaskRow } from "../../api/types";
import { isSet, sortKeyOf } from "../custom-fields/format";
import { fieldsOf } from "../custom-fields/queries";
import type { CustomField } from "../custom-fields/types";
import type { BoardData } from "../projects/board";
import { tagsOf } from "../tags/queries";
import type { ViewSettings } from "./settings";

export interface GroupLabels {
  noAssignee: string;
  noValue: string;
  overdue: string;
  today: string;
  thisWeek: string;
  later: string;
  noDue: string;
}

const fieldValue = (task: TaskRow, gid: string) => fieldsOf(task).find((value) => value.gid === gid);

export function matches(task: TaskRow, settings: ViewSettings, today = dayjs().format("YYYY-MM-DD")): boolean {
  if (settings.completion === "incomplete" && task.completed) return false;
  if (settings.completion === "completed" && !task.completed) return false;
  if (settings.assignees.length) {
    const key = task.assignee?.gid ?? "none";
    if (!settings.assignees.includes(key)) return false;
  }
  const due = task.due_on;
  switch (settings.due) {
    case "overdue":
      if (!due || due >= today || task.completed) return false;
      break;
    case "today":
      if (due !== today) return false;
      break;
    case "week":
      // Only here: a date computed for each of thousands of tasks costs a drag its frames.
      if (!due || due < today || due > dayjs(today).add(7, "day").format("YYYY-MM-DD")) return false;
      break;
    case "set":
      if (!due) return false;
      break;
    case "none":
      if (due) return false;
      break;
  }
  if (settings.tags.length) {
    const tags = new Set(tagsOf(task).map((tag) => tag.gid));
    if (!settings.tags.some((gid) => tags.has(gid))) return false;
  }
  for (const [gid, wanted] of Object.entries(settings.fields)) {
    if (!wanted.length) continue;
    const value = fieldValue(task, gid);
    if (wanted[0] === "__set") {
      if (!isSet(value)) return false;
      continue;
    }
    if (wanted[0] === "__unset") {
      if (isSet(value)) return false;
      continue;
    }
    const chosen = [
      ...(value?.enum_value ? [value.enum_value.gid] : []),
      ...(value?.multi_enum_values ?? []).map((option) => option.gid),
    ];
    if (!chosen.some((option) => wanted.includes(option))) return false;
  }
  return true;
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export function sortTasks(tasks: TaskRow[], settings: ViewSettings): TaskRow[] {
  if (settings.sort === "manual") return tasks;
  const sign = settings.ascending ? 1 : -1;
  const keyOf = (task: TaskRow): string | number | null => {
    if (settings.sort === "due_on") return task.due_on ?? null;
    if (settings.sort === "created_at") return task.created_at ?? null;
    if (settings.sort === "name") return task.name.toLowerCase();
    return sortKeyOf(fieldValue(task, settings.sort.slice(6)));
  };
  return [...tasks].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka === null || kb === null) return compare(ka, kb);
    return sign * compare(ka, kb);
  });
}

// Buckets for grouping by something other than the project's sections; keys never collide with section gids.
function bucketsOf(
  tasks: TaskRow[],
  group: ViewSettings["group"],
  fields: CustomField[],
  labels: GroupLabels,
  today: string,
): { sections: Section[]; tasks: Record<string, TaskRow[]> } {
  const order: Section[] = [];
  const out: Record<string, TaskRow[]> = {};
  const put = (key: string, name: string, task: TaskRow) => {
    if (!out[key]) {
      out[key] = [];
      order.push({ gid: key, name });
    }
    out[key].push(task);
  };
  if (group === "assignee") {
    for (const task of tasks) put(`g:${task.assignee?.gid ?? "none"}`, task.assignee?.name ?? labels.noAssignee, task);
    order.sort((a, b) => (a.gid === "g:none" ? 1 : b.gid === "g:none" ? -1 : a.name.localeCompare(b.name)));
    return { sections: order, tasks: out };
  }
  if (group === "due") {
    const weekEnd = dayjs(today).add(7, "day").format("YYYY-MM-DD");
    const buckets = [
      ["g:overdue", labels.overdue],
      ["g:today", labels.today],
      ["g:week", labels.thisWeek],
      ["g:later", labels.later],
      ["g:none", labels.noDue],
    ] as const;
    for (const [key, name] of buckets) {
      out[key] = [];
      order.push({ gid: key, name });
    }
    for (const task of tasks) {
      const due = task.due_on;
      const key = !due
        ? "g:none"
        : due < today
          ? "g:overdue"
          : due === today
            ? "g:today"
            : due <= weekEnd
              ? "g:week"
              : "g:later";
      out[key].push(task);
    }
    const sections = order.filter((section) => out[section.gid].length);
    return { sections, tasks: out };
  }
  const fieldGid = group.slice(6);
  const field = fields.find((item) => item.gid === fieldGid);
  for (const option of field?.enum_options ?? []) {
    if (option.enabled === false) continue;
    out[`o:${option.gid}`] = [];
    order.push({ gid: `o:${option.gid}`, name: option.name });
  }
  out["o:none"] = [];
  order.push({ gid: "o:none", name: labels.noValue });
  for (const task of tasks) {
    const value = fieldValue(task, fieldGid);
    const option = value?.enum_value ?? value?.multi_enum_values?.[0];
    const key = option && out[`o:${option.gid}`] ? `o:${option.gid}` : "o:none";
    out[key].push(task);
  }
  return { sections: order, tasks: out };
}

// The board a view draws: filtered, sorted, and grouped by sections or something else.
export function arrange(
  board: BoardData,
  settings: ViewSettings,
  by: ViewSettings["group"],
  fields: CustomField[],
  labels: GroupLabels,
  today = dayjs().format("YYYY-MM-DD"),
): { board: BoardData; regrouped: boolean } {
  // A column nothing was filtered out of keeps its array (memoised columns and rows skip the render).
  const keep = (rows: TaskRow[]) => {
    const kept = rows.filter((task) => matches(task, settings, today));
    return sortTasks(kept.length === rows.length ? rows : kept, settings);
  };
  const validField = by.startsWith("field:") && fields.some((field) => field.gid === by.slice(6));
  if (by === "section" || (by.startsWith("field:") && !validField)) {
    const tasks: Record<string, TaskRow[]> = {};
    for (const section of board.sections) tasks[section.gid] = keep(board.tasks[section.gid] ?? []);
    return { board: { sections: board.sections, tasks, more: board.more }, regrouped: false };
  }
  const all = keep(board.sections.flatMap((section) => board.tasks[section.gid] ?? []));
  return { board: bucketsOf(all, by, fields, labels, today), regrouped: true };
}

export function allTasks(board: BoardData): TaskRow[] {
  return board.sections.flatMap((section) => board.tasks[section.gid] ?? []);
}
