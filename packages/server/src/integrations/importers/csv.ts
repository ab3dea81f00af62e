import { createHash } from "node:crypto";
import { CSV_MAPPING_FIELDS } from "@takt/contracts";
import chardet from "chardet";
import { MAX_TEXT_VALUE } from "../../domain/custom-fields/custom-field.values.ts";
import {
  dateOnly,
  dateTime,
  emptyTask,
  ImportInputError,
  type ImportPlan,
  type PlanCustomField,
  type PlanFieldValue,
  type PlanUser,
  text,
} from "./import.plan.ts";
import { type ImportProblem, problem } from "./import.problems.ts";

export type CsvEncoding = "auto" | "utf-8" | "windows-1251";

export interface DecodedCsv {
  text: string;
  // The encoding the text was read in: named by the person, UTF-8 when the bytes are valid UTF-8, or detected.
  encoding: string;
}

// UTF-8 (with or without BOM) when the bytes are UTF-8; otherwise the encoding chardet detects (Windows-1251 from
// Excel in Russia, ISO-8859-x, KOI8-R, UTF-16, …). A person never has to know what an encoding is.
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding): DecodedCsv {
  if (encoding === "windows-1251") return { text: new TextDecoder("windows-1251").decode(bytes), encoding };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "utf-8" };
  } catch {
    if (encoding === "utf-8") {
      throw new ImportInputError("file", "csv_not_utf8");
    }
  }
  const detected = detectEncoding(bytes);
  if (detected) {
    try {
      return { text: new TextDecoder(detected).decode(bytes), encoding: detected.toLowerCase() };
    } catch {
      // An encoding chardet knows but the runtime cannot decode: said below.
    }
  }
  throw new ImportInputError("file", "csv_unknown_encoding");
}

// chardet's answer, corrected for one case it gets wrong: a short Russian file (a few Cyrillic words among
// ASCII) read as Latin-1. Cyrillic in a single-byte encoding read as Latin-1 makes words made wholly of accented
// letters ("Íàïèñàòü"), which Western text never is; lower-case Cyrillic sits in 0xE0–0xFF in Windows-1251 and in
// 0xC0–0xDF in KOI8-R, and most letters of running text are lower-case.
export function detectEncoding(bytes: Uint8Array): string | null {
  const detected = chardet.detect(bytes);
  if (!detected || !/^(iso-8859-1|windows-1252|iso-8859-2|windows-1250)$/i.test(detected)) return detected;
  const latin = new TextDecoder("latin1").decode(bytes);
  let letters = 0;
  let accented = 0;
  for (const word of latin.match(/\p{L}+/gu) ?? []) {
    if (!/[\u00c0-\u00ff]/.test(word)) continue;
    letters += word.length;
    accented += word.match(/[\u00c0-\u00ff]/g)?.length ?? 0;
  }
  if (letters === 0 || accented / letters < 0.6) return detected;
  let high = 0;
  let middle = 0;
  for (const byte of bytes) {
    if (byte >= 0xe0) high++;
    else if (byte >= 0xc0) middle++;
  }
  return high >= middle ? "windows-1251" : "koi8-r";
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
  if (quoted) throw new ImportInputError("file", "csv_unclosed_quote", { line: start });
  if (touched || cell !== "") records.push({ line: start, cells: [...cells, cell] });
  return records;
}

// The task fields a column can fill: the API's list (packages/contracts).
export const MAPPING_FIELDS = CSV_MAPPING_FIELDS;
export type CsvMapping = Partial<Record<(typeof MAPPING_FIELDS)[number], string>>;

// Without a mapping, columns named like the fields ("Name", "Section", "Assignee", "Due date", …) are used.
const GUESSES: Record<(typeof MAPPING_FIELDS)[number], string[]> = {
  name: ["name", "task", "task name", "title", "название", "задача", "название задачи"],
  section: ["section", "section/column", "stage", "column", "list", "раздел", "этап", "секция", "колонка", "список"],
  assignee: [
    "assignee",
    "assignee email",
    "owner",
    "owner email",
    "исполнитель",
    "ответственный",
    "ответственный (email)",
    "исполнитель (email)",
  ],
  due_on: ["due_on", "due date", "due", "deadline", "срок", "дедлайн", "срок выполнения", "дата выполнения"],
  start_on: ["start_on", "start date", "начало", "дата начала"],
  notes: ["notes", "description", "описание", "заметки"],
  tags: ["tags", "labels", "метки", "теги", "тэги"],
  completed: ["completed", "done", "completed at", "выполнено", "готово", "завершено"],
  parent: ["parent", "parent task", "родительская задача", "родитель"],
};

const TRUE = new Set(["1", "true", "yes", "y", "x", "да", "done", "completed"]);

// A time of day after a date, as spreadsheets write it ("31.05.2024 14:00:00", "2024-05-31 14:00").
const TIME_OF_DAY = /[ T](\d{1,2}:\d{2}(?::\d{2})?)$/;

// Dates as 2024-05-31, 31.05.2024 or 05/31/2024, with or without a time of day after them.
function csvDate(raw: string): string | null {
  const value = raw.trim().replace(TIME_OF_DAY, "");
  if (!value) return null;
  const iso = dateOnly(value.slice(0, 10));
  if (iso && (value.length === 10 || dateTime(value))) return iso;
  const dotted = value.match(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/);
  if (dotted) return `${dotted[3]}-${dotted[2].padStart(2, "0")}-${dotted[1].padStart(2, "0")}`;
  const slashed = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (slashed) return `${slashed[3]}-${slashed[1].padStart(2, "0")}-${slashed[2].padStart(2, "0")}`;
  return dateTime(value)?.slice(0, 10) ?? null;
}

export const CUSTOM_TARGETS = [
  "custom_text",
  "custom_number",
  "custom_enum",
  "custom_multi_enum",
  "custom_date",
] as const;
export type CsvTarget = (typeof MAPPING_FIELDS)[number] | (typeof CUSTOM_TARGETS)[number] | "skip";
// Per column (by its header): the field it fills, a custom field of a type, or skip (said in the import's notes).
export type CsvColumns = Record<string, string>;

export interface CsvColumn {
  name: string;
  target: CsvTarget;
  // How the target was chosen: named by the person, a header that names a field, or read from the values.
  chosen: "person" | "header" | "values";
  samples: string[];
  // For an enum column: the options it will have, from its values.
  options: string[];
}

const NUMBER = /^-?\d+(?:[.,]\d+)?$/;
const parseNumber = (raw: string) => Number(raw.replace(/\s/g, "").replace(",", "."));
const splitList = (raw: string) =>
  raw
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean);

// A column nobody named: numbers, dates, a few repeated values (an enum, like Priority), or text.
function inferTarget(values: string[]): CsvTarget {
  if (values.length === 0) return "skip";
  if (values.every((value) => NUMBER.test(value.replace(/\s/g, "")))) return "custom_number";
  if (values.every((value) => csvDate(value) !== null)) return "custom_date";
  // Repeated short values (High, Low, High…) are a choice list; free text rarely repeats.
  const distinct = new Set(values.map((value) => value.toLowerCase()));
  if (distinct.size <= 20 && distinct.size < values.length && values.every((value) => value.length <= 60)) {
    return "custom_enum";
  }
  return "custom_text";
}

const TARGETS = new Set<string>([...MAPPING_FIELDS, ...CUSTOM_TARGETS, "skip"]);

// Every column gets a target: what the person named (columns, or the older field → column mapping), else a header
// that names a field, else a custom field whose type the values suggest. No column is left out unless skipped.
export function csvColumns(records: CsvRecord[], mapping?: CsvMapping, columns?: CsvColumns): CsvColumn[] {
  if (records.length === 0) throw new ImportInputError("file", "csv_empty");
  const header = records[0].cells.map((cell) => cell.trim());
  for (const name of Object.keys(columns ?? {})) {
    if (!header.includes(name.trim())) {
      throw new ImportInputError(`columns.${name}`, "csv_no_such_column", { column: name, columns: header.join(", ") });
    }
  }
  const byMapping = new Map<string, CsvTarget>();
  for (const [field, name] of Object.entries(mapping ?? {}) as [(typeof MAPPING_FIELDS)[number], string][]) {
    if (!header.includes(name.trim())) {
      throw new ImportInputError(`mapping.${field}`, "csv_no_column", { column: name, columns: header.join(", ") });
    }
    byMapping.set(name.trim(), field);
  }
  const rows = records.slice(1);
  const taken = new Set<string>();
  const result = header.map((name, index): CsvColumn => {
    const values = rows.map((row) => (row.cells[index] ?? "").trim()).filter(Boolean);
    const named = Object.entries(columns ?? {}).find(([key]) => key === name || key.trim() === name)?.[1];
    let target: CsvTarget;
    let chosen: CsvColumn["chosen"];
    if (named !== undefined) {
      if (!TARGETS.has(named)) {
        throw new ImportInputError(`columns.${name}`, "csv_bad_target", {
          column: name,
          fields: MAPPING_FIELDS.join(", "),
          types: CUSTOM_TARGETS.join(", "),
        });
      }
      target = named as CsvTarget;
      chosen = "person";
    } else if (byMapping.has(name)) {
      target = byMapping.get(name) as CsvTarget;
      chosen = "person";
    } else {
      const guess = mapping ? undefined : MAPPING_FIELDS.find((field) => GUESSES[field].includes(name.toLowerCase()));
      target = guess ?? inferTarget(values);
      chosen = guess ? "header" : "values";
    }
    const options =
      target === "custom_enum"
        ? [...new Map(values.map((value) => [value.toLowerCase(), value])).values()]
        : target === "custom_multi_enum"
          ? [...new Map(values.flatMap(splitList).map((value) => [value.toLowerCase(), value])).values()]
          : [];
    return { name, target, chosen, samples: values.slice(0, 3), options: options.slice(0, 500) };
  });
  // A header guess never takes a field a person already gave to another column.
  for (const column of result.filter((item) => item.chosen === "person")) taken.add(column.target);
  for (const column of result) {
    if (!(MAPPING_FIELDS as readonly string[]).includes(column.target)) continue;
    if (column.chosen !== "person" && taken.has(column.target)) {
      column.target = inferTarget(column.samples);
      column.chosen = "values";
      continue;
    }
    if (
      column.chosen === "person" &&
      result.some((other) => other !== column && other.chosen === "person" && other.target === column.target)
    ) {
      throw new ImportInputError(`columns.${column.name}`, "csv_target_taken", {
        column: column.name,
        target: column.target,
      });
    }
    taken.add(column.target);
  }
  return result;
}

const FIELD_SUBTYPE: Record<(typeof CUSTOM_TARGETS)[number], PlanCustomField["subtype"]> = {
  custom_text: "text",
  custom_number: "number",
  custom_enum: "enum",
  custom_multi_enum: "multi_enum",
  custom_date: "date",
};

export function parseCsv(
  source: string,
  options: { mapping?: CsvMapping; columns?: CsvColumns },
  fileName: string,
  projectName: string | undefined,
): ImportPlan {
  const records = parseCsvRecords(source);
  const resolved = csvColumns(records, options.mapping, options.columns);
  const header = resolved.map((column) => column.name);
  const column: Partial<Record<(typeof MAPPING_FIELDS)[number], number>> = {};
  resolved.forEach((item, index) => {
    if ((MAPPING_FIELDS as readonly string[]).includes(item.target))
      column[item.target as (typeof MAPPING_FIELDS)[number]] = index;
  });
  if (column.name === undefined) {
    throw new ImportInputError("mapping.name", "csv_name_column", { columns: header.join(", ") });
  }
  const customFields: PlanCustomField[] = [];
  const customColumns: { index: number; field: PlanCustomField }[] = [];
  const notes: ImportProblem[] = [];
  // Two columns of the same name (or without one) become two fields: the second is "Name (2)", "Column 7".
  const fieldNames = new Set<string>();
  const fieldName = (item: CsvColumn, index: number) => {
    const base = item.name.slice(0, 190) || `Column ${index + 1}`;
    let name = base;
    for (let n = 2; fieldNames.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    fieldNames.add(name.toLowerCase());
    return name;
  };
  resolved.forEach((item, index) => {
    if (item.target === "skip") {
      const skipped = item.samples.length > 0;
      notes.push(
        item.name
          ? problem(skipped ? "csv_column_skipped" : "csv_column_empty", { column: item.name })
          : problem(skipped ? "csv_unnamed_column_skipped" : "csv_unnamed_column_empty", { index: index + 1 }),
      );
      return;
    }
    if (!(CUSTOM_TARGETS as readonly string[]).includes(item.target)) return;
    const field: PlanCustomField = {
      key: `column:${index}`,
      name: fieldName(item, index),
      subtype: FIELD_SUBTYPE[item.target as (typeof CUSTOM_TARGETS)[number]],
      precision: null,
      options: item.options.map((name) => ({ name: name.slice(0, 200), color: null })),
    };
    customFields.push(field);
    customColumns.push({ index, field });
  });
  for (const { index, field } of customColumns) {
    if (field.subtype !== "number") continue;
    const decimals = records.slice(1).map((row) => (row.cells[index] ?? "").trim().split(/[.,]/)[1]?.length ?? 0);
    field.precision = Math.min(6, Math.max(0, ...decimals));
  }
  const problems: ImportProblem[] = [];
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
    // A blank row (a spreadsheet's spacer between groups) holds nothing to import.
    if (record.cells.every((value) => value.trim() === "")) continue;
    if (record.cells.length !== header.length) {
      problems.push(
        problem("csv_ragged_line", { line: record.line, cells: record.cells.length, columns: header.length }),
      );
      continue;
    }
    const name = text(cell(record.cells, "name"), 1024);
    if (!name) {
      problems.push(problem("csv_empty_name", { line: record.line, column: header[column.name] }));
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
    // An email, or a person's name as a register writes it: both are matched to the workspace's people.
    const assignee = text(cell(record.cells, "assignee"), 200);
    if (assignee) {
      const email = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(assignee) ? assignee.toLowerCase() : null;
      const key = email ? `email:${email}` : `name:${assignee.toLowerCase()}`;
      if (!users.has(key)) users.set(key, { key, name: email ? email.split("@")[0] : assignee, email });
      task.assigneeKey = key;
    }
    const due = cell(record.cells, "due_on");
    task.dueOn = csvDate(due);
    if (due && !task.dueOn) problems.push(problem("csv_bad_due", { line: record.line, value: due }));
    // A spreadsheet's time of day has no time zone: the due date is kept, the time is said.
    const time = task.dueOn ? TIME_OF_DAY.exec(due)?.[1] : undefined;
    if (time && !/^0?0:00(:00)?$/.test(time)) {
      notes.push(problem("csv_due_time", { line: record.line, value: due, date: task.dueOn ?? "", time }));
      task.notes = [task.notes, `${header[column.due_on ?? 0]}: ${due}`].filter(Boolean).join("\n\n");
    }
    const start = cell(record.cells, "start_on");
    task.startOn = csvDate(start);
    if (start && !task.startOn) problems.push(problem("csv_bad_start", { line: record.line, value: start }));
    const done = cell(record.cells, "completed").toLowerCase();
    task.completed = done !== "" && (TRUE.has(done) || csvDate(done) !== null);
    for (const raw of cell(record.cells, "tags").split(/[,;]/)) {
      const tagName = text(raw.trim(), 200);
      if (!tagName) continue;
      const key = `tag:${tagName.toLowerCase()}`;
      if (!tags.has(key)) tags.set(key, { key, name: tagName, color: null });
      if (!task.tagKeys.includes(key)) task.tagKeys.push(key);
    }
    for (const { index, field } of customColumns) {
      const raw = (record.cells[index] ?? "").trim();
      if (!raw) continue;
      let value: PlanFieldValue | null = null;
      if (field.subtype === "text") {
        value = { kind: "text", value: text(raw, MAX_TEXT_VALUE) };
        // Longer than a text field holds: the field keeps its start, the notes the whole text.
        if (raw.length > MAX_TEXT_VALUE) {
          value.value = `${text(raw, MAX_TEXT_VALUE - 1)}…`;
          task.notes = [task.notes, `${field.name}:\n${text(raw)}`].filter(Boolean).join("\n\n");
          notes.push(problem("csv_text_too_long", { line: record.line, field: field.name, max: MAX_TEXT_VALUE }));
        }
      } else if (field.subtype === "number") {
        if (NUMBER.test(raw.replace(/\s/g, ""))) value = { kind: "number", value: parseNumber(raw) };
      } else if (field.subtype === "date") {
        const date = csvDate(raw);
        if (date) value = { kind: "date", date, dateTime: null };
      } else if (field.subtype === "enum") value = { kind: "options", names: [raw] };
      else value = { kind: "options", names: splitList(raw) };
      if (!value) {
        problems.push(
          problem("csv_bad_value", { line: record.line, value: raw, column: field.name, type: field.subtype }),
        );
        continue;
      }
      task.customValues.push({ fieldKey: field.key, value });
    }
    const parent = cell(record.cells, "parent");
    const owner = parent ? byName.get(parent.toLowerCase()) : undefined;
    if (parent && !owner) {
      problems.push(problem("csv_parent_missing", { line: record.line, parent }));
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
    projectName: projectName || fileName.replace(/\.(csv|tsv|txt)$/i, "") || "Imported tasks",
    sections: [...sections.values()],
    users: [...users.values()],
    tags: [...tags.values()],
    tasks,
    customFields,
    problems,
    notes,
  };
}
