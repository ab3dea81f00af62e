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
  sections: { key: string; name: string }[];
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
  problems: string[];
  // Things left out of the import that do not stop it (a secret field's values).
  notes?: string[];
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
export class ImportInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
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
