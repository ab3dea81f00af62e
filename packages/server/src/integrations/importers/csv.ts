import { createHash } from "node:crypto";
import { CSV_MAPPING_FIELDS } from "@takt/contracts";
import {
  dateOnly,
  dateTime,
  emptyTask,
  ImportInputError,
  type ImportPlan,
  type PlanUser,
  text,
} from "./import.plan.ts";

export type CsvEncoding = "auto" | "utf-8" | "windows-1251";

// UTF-8 (with or without BOM) unless the bytes are not UTF-8; then Windows-1251, the usual Excel encoding in Russia.
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding): string {
  if (encoding !== "windows-1251") {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      if (encoding === "utf-8") {
        throw new ImportInputError("file", "is not valid UTF-8; send encoding windows-1251 if it was saved by Excel");
      }
    }
  }
  return new TextDecoder("windows-1251").decode(bytes);
}

export interface CsvRecord {
  line: number;
  cells: string[];
}

// RFC 4180: fields separated by commas (or semicolons, as Excel writes in many locales), quoted fields may hold
// separators, quotes ("") and line breaks. Each record keeps the line it started on, for problem reports.
export function parseCsvRecords(source: string): CsvRecord[] {
  const input = source.replace(/^\uFEFF/, "");
  const firstLine = input.slice(0, input.search(/\r?\n|$/));
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  for (let index = 0; index < input.length; index++) {
    const char = input[index];
    if (quoted) {
      if (char === '"') {
        if (input[index + 1] === '"') {
          cell += '"';
          index++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === "") {
      quoted = true;
      touched = true;
    } else if (char === separator) {
      cells.push(cell);
      cell = "";
      touched = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[index + 1] === "\n") index++;
      if (touched || cell !== "") records.push({ line: start, cells: [...cells, cell] });
      cells = [];
      cell = "";
      touched = false;
      line++;
      start = line;
    } else {
      cell += char;
      touched = true;
    }
  }
  if (quoted) throw new ImportInputError("file", `line ${start}: a quoted field is never closed`);
  if (touched || cell !== "") records.push({ line: start, cells: [...cells, cell] });
  return records;
}

// The task fields a column can fill: the API's list (packages/contracts).
export const MAPPING_FIELDS = CSV_MAPPING_FIELDS;
export type CsvMapping = Partial<Record<(typeof MAPPING_FIELDS)[number], string>>;

// Without a mapping, columns named like the fields ("Name", "Section", "Assignee", "Due date", …) are used.
const GUESSES: Record<(typeof MAPPING_FIELDS)[number], string[]> = {
  name: ["name", "task", "task name", "title", "название", "задача"],
  section: ["section", "section/column", "stage", "column", "list", "раздел", "этап"],
  assignee: ["assignee", "assignee email", "owner", "owner email", "исполнитель"],
  due_on: ["due_on", "due date", "due", "deadline", "срок"],
  start_on: ["start_on", "start date", "начало"],
  notes: ["notes", "description", "описание"],
  tags: ["tags", "labels", "метки", "теги"],
  completed: ["completed", "done", "completed at", "выполнено"],
  parent: ["parent", "parent task", "родительская задача"],
};

const TRUE = new Set(["1", "true", "yes", "y", "x", "да", "done", "completed"]);

// Dates as 2024-05-31, 31.05.2024 or 05/31/2024.
function csvDate(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  const iso = dateOnly(value.slice(0, 10));
  if (iso) return iso;
  const dotted = value.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
  if (dotted) return `${dotted[3]}-${dotted[2].padStart(2, "0")}-${dotted[1].padStart(2, "0")}`;
  const slashed = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (slashed) return `${slashed[3]}-${slashed[1].padStart(2, "0")}-${slashed[2].padStart(2, "0")}`;
  return dateTime(value)?.slice(0, 10) ?? null;
}

export function parseCsv(
  source: string,
  mapping: CsvMapping | undefined,
  fileName: string,
  projectName: string | undefined,
): ImportPlan {
  const records = parseCsvRecords(source);
  if (records.length === 0) throw new ImportInputError("file", "is empty: expected a header row and task rows");
  const header = records[0].cells.map((cell) => cell.trim());
  const lower = header.map((cell) => cell.toLowerCase());
  const column: Partial<Record<(typeof MAPPING_FIELDS)[number], number>> = {};
  if (mapping) {
    for (const [field, name] of Object.entries(mapping) as [(typeof MAPPING_FIELDS)[number], string][]) {
      const index = header.indexOf(name.trim());
      if (index < 0) {
        throw new ImportInputError(
          `mapping.${field}`,
          `the file has no column "${name}" (columns: ${header.join(", ")})`,
        );
      }
      column[field] = index;
    }
  } else {
    for (const field of MAPPING_FIELDS) {
      const index = lower.findIndex((cell) => GUESSES[field].includes(cell));
      if (index >= 0) column[field] = index;
    }
  }
  if (column.name === undefined) {
    throw new ImportInputError(
      "mapping.name",
      `name which column holds the task names (columns: ${header.join(", ")})`,
    );
  }
  const problems: string[] = [];
  const sections = new Map<string, { key: string; name: string }>();
  const users = new Map<string, PlanUser>();
  const tags = new Map<string, { key: string; name: string; color: string | null }>();
  const byName = new Map<string, ReturnType<typeof emptyTask>>();
  const tasks: ReturnType<typeof emptyTask>[] = [];
  const cell = (cells: string[], field: (typeof MAPPING_FIELDS)[number]) => {
    const index = column[field];
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };
  for (const record of records.slice(1)) {
    if (record.cells.length !== header.length) {
      problems.push(`line ${record.line}: has ${record.cells.length} fields, the header has ${header.length}`);
      continue;
    }
    const name = text(cell(record.cells, "name"), 1024);
    if (!name) {
      problems.push(`line ${record.line}: the task name (column "${header[column.name]}") is empty`);
      continue;
    }
    const task = emptyTask(`line:${record.line}`, name);
    task.notes = text(cell(record.cells, "notes"));
    const sectionName = text(cell(record.cells, "section"), 200);
    if (sectionName) {
      const key = `section:${sectionName.toLowerCase()}`;
      if (!sections.has(key)) sections.set(key, { key, name: sectionName });
      task.sectionKey = key;
    }
    const assignee = cell(record.cells, "assignee").toLowerCase();
    if (assignee) {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(assignee)) {
        problems.push(`line ${record.line}: assignee "${assignee}" is not an email address`);
        continue;
      }
      const key = `email:${assignee}`;
      if (!users.has(key)) users.set(key, { key, name: assignee.split("@")[0], email: assignee });
      task.assigneeKey = key;
    }
    const due = cell(record.cells, "due_on");
    task.dueOn = csvDate(due);
    if (due && !task.dueOn) problems.push(`line ${record.line}: due date "${due}" is not a date`);
    task.startOn = csvDate(cell(record.cells, "start_on"));
    const done = cell(record.cells, "completed").toLowerCase();
    task.completed = done !== "" && (TRUE.has(done) || csvDate(done) !== null);
    for (const raw of cell(record.cells, "tags").split(/[,;]/)) {
      const tagName = text(raw.trim(), 200);
      if (!tagName) continue;
      const key = `tag:${tagName.toLowerCase()}`;
      if (!tags.has(key)) tags.set(key, { key, name: tagName, color: null });
      if (!task.tagKeys.includes(key)) task.tagKeys.push(key);
    }
    const parent = cell(record.cells, "parent");
    const owner = parent ? byName.get(parent.toLowerCase()) : undefined;
    if (parent && !owner) {
      problems.push(`line ${record.line}: parent task "${parent}" is not on an earlier line`);
      continue;
    }
    if (owner) owner.subtasks.push(task);
    else {
      tasks.push(task);
      byName.set(name.toLowerCase(), task);
    }
  }
  return {
    sourceId: `csv:${createHash("sha256").update(source).digest("hex").slice(0, 32)}`,
    projectName: projectName || fileName.replace(/\.csv$/i, "") || "Imported tasks",
    sections: [...sections.values()],
    users: [...users.values()],
    tags: [...tags.values()],
    tasks,
    problems,
  };
}
