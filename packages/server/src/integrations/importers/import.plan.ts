import type { ErrorParams } from "../../errors.ts";
import { type ImportProblem, type ImportProblemCode, problem } from "./import.problems.ts";

// What every importer produces from its file: a source-neutral plan the writer turns into rows. Keys are the
// external ids (Trello card id, Asana gid, CSV line) that make a rerun of the same file create nothing twice.
export interface PlanUser {
  key: string;
  name: string;
  email: string | null;
  // The source's login (Trello username, Slack handle), matched against the part of an email before the @.
  username?: string | null;
}

export interface PlanComment {
  key: string;
  authorKey: string | null;
  authorName: string | null;
  text: string;
  // Rich text (Asana's <body>…</body>) when the source has formatting; text stays its plain form.
  html?: string;
  createdAt: string | null;
}

// A custom field as the source names it; the writer reuses a workspace field of the same name and type.
export interface PlanCustomField {
  key: string;
  name: string;
  subtype: "text" | "number" | "enum" | "multi_enum" | "date" | "people";
  precision: number | null;
  options: { name: string; color: string | null }[];
}

// A task's value of a plan field: text, number, option name(s), a date, or plan user keys.
export type PlanFieldValue =
  | { kind: "text"; value: string }
  | { kind: "number"; value: number }
  | { kind: "options"; names: string[] }
  | { kind: "date"; date: string | null; dateTime: string | null }
  | { kind: "people"; userKeys: string[] };

// An attachment: a link, or a file when the source holds its bytes (file: inside the export) or serves them
// (download: fetched with the source's credentials). A file that cannot be had, or is over the upload limit,
// stays a link (url) and the import's notes say so.
export interface PlanLink {
  key: string;
  name: string;
  url: string | null;
  file?: Buffer;
  download?: string;
  // The file's own name when it differs from the attachment's (Trello's fileName), to find it in an export zip.
  fileName?: string | null;
  // Bytes the source says the file has, when it says (checked against the limit before downloading).
  size?: number | null;
}

export interface PlanTask {
  key: string;
  name: string;
  notes: string;
  // Rich text of the notes (Markdown rendered, Asana's html_notes); plain notes become rich text when absent.
  htmlNotes?: string;
  sectionKey: string | null;
  assigneeKey: string | null;
  dueOn: string | null;
  dueAt: string | null;
  startOn: string | null;
  completed: boolean;
  completedAt: string | null;
  tagKeys: string[];
  subtasks: PlanTask[];
  comments: PlanComment[];
  links: PlanLink[];
  customValues: { fieldKey: string; value: PlanFieldValue }[];
  // Plan user keys of the other people on the task (Trello card members, Asana followers).
  followerKeys: string[];
  // Source keys of the tasks this one waits on (anywhere in the same source).
  dependencyKeys: string[];
  // A subtask listed in the project on its own: its parent's source key (the parent may come with another project).
  parentKey?: string;
}

export interface ImportPlan {
  // Identifies the imported board/project/file: keys are scoped to it.
  sourceId: string;
  projectName: string;
  // An archived section (a closed Trello list) is named so, in the importer's language.
  sections: { key: string; name: string; archived?: boolean }[];
  users: PlanUser[];
  // How the project opens; a board (Trello) opens as a board.
  defaultView?: "list" | "board";
  // Plan user keys of the project's members, with their access.
  members?: { userKey: string; accessLevel: "admin" | "editor" | "commenter" | "viewer" }[];
  tags: { key: string; name: string; color: string | null }[];
  tasks: PlanTask[];
  customFields?: PlanCustomField[];
  // Sources whose task, comment and attachment ids are unique across every import of the family ("asana:"):
  // a task already imported with another project is found and added to this one, not copied.
  family?: string;
  // Problems that stop the import (nothing is written when there is one).
  problems: ImportProblem[];
  // Things left out of the import that do not stop it (a secret field's values).
  notes?: ImportProblem[];
}

export interface ImportCounts {
  sections: number;
  tasks: number;
  subtasks: number;
  comments: number;
  tags: number;
  attachments: number;
  users_matched: number;
  users_created: number;
  updated: number;
  skipped: number;
  // Tasks already imported with another project of the same source, added to this one.
  added_to_project?: number;
  // Of the attachments: stored as files, and kept as links.
  attachment_files?: number;
  attachment_links?: number;
  // Links an earlier run of the same source left, stored as their files by this run.
  links_made_files?: number;
}

export const emptyCounts = (): ImportCounts => ({
  sections: 0,
  tasks: 0,
  subtasks: 0,
  comments: 0,
  tags: 0,
  attachments: 0,
  users_matched: 0,
  users_created: 0,
  updated: 0,
  skipped: 0,
});

// A file the importer cannot read at all (not JSON, not a Trello board, an unknown CSV column): the route answers 400.
// A refusal of the file or the account, naming the field: "<field>: <why>", with its code.
export class ImportInputError extends Error {
  readonly problem: ImportProblem;
  constructor(
    readonly field: string,
    code: ImportProblemCode,
    params: ErrorParams = {},
  ) {
    const said = problem(code, params);
    super(`${field}: ${said.message}`);
    this.problem = { ...said, message: this.message, field };
  }
}

export const emptyTask = (key: string, name: string): PlanTask => ({
  key,
  name,
  notes: "",
  sectionKey: null,
  assigneeKey: null,
  dueOn: null,
  dueAt: null,
  startOn: null,
  completed: false,
  completedAt: null,
  tagKeys: [],
  subtasks: [],
  comments: [],
  links: [],
  customValues: [],
  followerKeys: [],
  dependencyKeys: [],
});

// A date ("2024-05-01") or a date-time; anything else is dropped.
export function dateOnly(value: unknown): string | null {
  if (typeof value !== "string") return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

export function dateTime(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export const text = (value: unknown, max = 65_535): string =>
  typeof value === "string" ? value.split("\u0000").join("").slice(0, max) : "";

const JSON_LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

// Where a text stops being JSON: the line and column of the first thing that cannot be there, or the end when it
// stops early. Node's JSON.parse names neither; a person fixing a 5 MB export needs both. Iterative (a deeply
// nested file cannot exhaust the stack).
export function jsonErrorAt(source: string): string {
  const place = jsonErrorPlace(source);
  if (!place) return "";
  if (place === "cut_off") return "it ends too early (is it cut off?)";
  return `line ${place.line}, column ${place.column}, at ${place.near}`;
}

export type JsonErrorPlace = { line: number; column: number; near: string } | "cut_off";

export function jsonErrorPlace(source: string): JsonErrorPlace | null {
  const n = source.length;
  const stack: string[] = [];
  let i = 0;
  let expect: "value" | "firstValue" | "key" | "firstKey" | "colon" | "after" = "value";
  const where = (at: number): JsonErrorPlace => {
    if (at >= n) return "cut_off";
    let line = 1;
    let lineStart = 0;
    for (let k = source.indexOf("\n"); k !== -1 && k < at; k = source.indexOf("\n", k + 1)) {
      line += 1;
      lineStart = k + 1;
    }
    return { line, column: at - lineStart + 1, near: JSON.stringify(source.slice(at, at + 20)) };
  };
  const string = (): boolean => {
    i += 1;
    while (i < n) {
      const char = source[i];
      if (char === '"') {
        i += 1;
        return true;
      }
      if (char === "\\") {
        const next = source[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) i += 6;
        else return false;
      } else if (char.charCodeAt(0) < 0x20) return false;
      else i += 1;
    }
    return false;
  };
  for (;;) {
    while (i < n && " \t\n\r".includes(source[i])) i += 1;
    if (i >= n) return expect === "after" && stack.length === 0 ? null : where(i);
    const char = source[i];
    if (expect === "value" || expect === "firstValue") {
      if (expect === "firstValue" && char === "]") {
        stack.pop();
        i += 1;
        expect = "after";
      } else if (char === "{" || char === "[") {
        stack.push(char);
        i += 1;
        expect = char === "{" ? "firstKey" : "firstValue";
      } else if (char === '"') {
        if (!string()) return where(i);
        expect = "after";
      } else {
        JSON_LITERAL.lastIndex = i;
        const literal = JSON_LITERAL.exec(source);
        if (!literal || literal[0] === "") return where(i);
        i += literal[0].length;
        expect = "after";
      }
    } else if (expect === "key" || expect === "firstKey") {
      if (expect === "firstKey" && char === "}") {
        stack.pop();
        i += 1;
        expect = "after";
      } else if (char !== '"' || !string()) return where(i);
      else expect = "colon";
    } else if (expect === "colon") {
      if (char !== ":") return where(i);
      i += 1;
      expect = "value";
    } else {
      const top = stack.at(-1);
      if (top === undefined) return where(i);
      if (char === ",") {
        i += 1;
        expect = top === "{" ? "key" : "value";
      } else if ((char === "}" && top === "{") || (char === "]" && top === "[")) {
        stack.pop();
        i += 1;
      } else return where(i);
    }
  }
}

// A file's JSON, or an ImportInputError naming the file (and the entry of a zip) with the line and column.
export function parseJsonFile(raw: string, entry = ""): unknown {
  const source = raw.replace(/^\uFEFF/, "");
  try {
    return JSON.parse(source);
  } catch {
    const place = jsonErrorPlace(source);
    const named = entry ? `${entry} ` : "";
    if (!place) throw new ImportInputError("file", "json_unreadable", { entry: named });
    if (place === "cut_off") throw new ImportInputError("file", "json_cut_off", { entry: named });
    throw new ImportInputError("file", "json_invalid", { entry: named, ...place });
  }
}
