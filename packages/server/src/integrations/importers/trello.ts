import { readZip } from "../exporters/zip.ts";
import type { DownloadAuth } from "./import.files.ts";
import { markdownToRichText } from "./import.markdown.ts";
import {
  dateTime,
  emptyTask,
  ImportInputError,
  type ImportPlan,
  type PlanComment,
  type PlanCustomField,
  type PlanTask,
  type PlanUser,
  parseJsonFile,
  text,
} from "./import.plan.ts";
import { type ImportProblem, problem } from "./import.problems.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

// Where Trello keeps a file uploaded to a card; the path is the same on its API.
const UPLOAD = /^https:\/\/(?:api\.)?trello\.com\/1(\/cards\/[0-9a-f]+\/attachments\/[0-9a-f]+\/download\/[^?#]+)$/i;

// Trello's label colours onto Takt's tag palette.
const LABEL_COLORS: Record<string, string> = {
  green: "light-green",
  yellow: "light-orange",
  orange: "dark-orange",
  red: "dark-red",
  purple: "dark-purple",
  blue: "dark-blue",
  sky: "light-blue",
  lime: "light-green",
  pink: "light-pink",
  black: "dark-warm-gray",
};

export function trelloLabelColor(color: unknown): string | null {
  if (typeof color !== "string") return null;
  return LABEL_COLORS[color.replace(/_(light|dark)$/, "")] ?? null;
}

export const TRELLO_API = "https://api.trello.com/1";

// Trello serves an uploaded file only to its API with the key and token (OAuth header); nowhere else gets them.
export function trelloAuth(root: string, key: string, token: string): DownloadAuth {
  const host = new URL(root).host;
  return (url) =>
    url.host === host ? { authorization: `OAuth oauth_consumer_key="${key}", oauth_token="${token}"` } : null;
}

// A file uploaded to a card (trello.com/1/cards/C/attachments/A/download/NAME) is read from the API root.
export function rebaseTrelloDownloads(plan: ImportPlan, root: string) {
  const base = root.replace(/\/+$/, "");
  const visit = (task: PlanTask) => {
    for (const link of task.links) if (link.download) link.download = link.download.replace(TRELLO_API, base);
    task.subtasks.forEach(visit);
  };
  plan.tasks.forEach(visit);
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

// A board's JSON, or a zip of it with the files attached to its cards (any folder layout: a file is found by its
// attachment id in its path, else by its unique file name).
export function parseTrelloFile(bytes: Uint8Array, utf8: (bytes: Uint8Array) => string): ImportPlan {
  const data = Buffer.from(bytes);
  if (!data.subarray(0, 4).equals(ZIP_MAGIC)) return parseTrello(utf8(bytes));
  let entries: Map<string, Buffer>;
  try {
    entries = readZip(data);
  } catch (error) {
    throw new ImportInputError("file", "damaged_zip", { reason: (error as Error).message });
  }
  // macOS adds __MACOSX/._name companions to a zip it makes: they are not the board's files.
  for (const name of [...entries.keys()]) if (/(^|\/)(__MACOSX\/|\._)/.test(name)) entries.delete(name);
  const boards = [...entries.keys()].filter((name) => name.toLowerCase().endsWith(".json"));
  let plan: ImportPlan | null = null;
  let boardPath = "";
  const refusals: string[] = [];
  for (const name of boards) {
    try {
      plan = parseTrello(utf8(entries.get(name) ?? Buffer.alloc(0)));
      boardPath = name;
      break;
    } catch (error) {
      refusals.push(`${name}: ${(error as Error).message.replace(/^file: /, "")}`);
    }
  }
  if (!plan) {
    throw boards.length
      ? new ImportInputError("file", "trello_no_board", { reasons: refusals.slice(0, 3).join("; ") })
      : new ImportInputError("file", "trello_zip_without_board");
  }
  const files = [...entries.entries()].filter(([name]) => name !== boardPath && !name.endsWith("/"));
  const byBase = new Map<string, string[]>();
  for (const [name] of files) {
    const base = name.split("/").pop() ?? name;
    byBase.set(base, [...(byBase.get(base) ?? []), name]);
  }
  const visit = (task: PlanTask) => {
    for (const link of task.links) {
      const id = link.key.replace(/^attachment:/, "");
      const named = byBase.get(link.fileName ?? link.name) ?? [];
      const path =
        files.find(([name]) => name.split("/").some((part) => part === id || part.startsWith(`${id}-`)))?.[0] ??
        (named.length === 1 ? named[0] : undefined);
      if (path) link.file = entries.get(path);
    }
    task.subtasks.forEach(visit);
  };
  plan.tasks.forEach(visit);
  return plan;
}

// A Trello board export (Menu → Print, export and share → Export as JSON).
export function parseTrello(raw: string): ImportPlan {
  const board = parseJsonFile(raw);
  if (!isObject(board) || typeof board.id !== "string" || !Array.isArray(board.lists) || !Array.isArray(board.cards)) {
    throw new ImportInputError("file", "trello_not_board");
  }
  const problems: ImportProblem[] = [];
  const notes: ImportProblem[] = [];
  // Open lists in board order, then archived lists (named so) after them: nothing of the board is dropped.
  const byPosition = (a: Json, b: Json) => Number(a.pos ?? 0) - Number(b.pos ?? 0);
  const open = list(board.lists)
    .filter((item) => !item.closed)
    .sort(byPosition);
  const archived = list(board.lists)
    .filter((item) => item.closed)
    .sort(byPosition);
  const sections = [
    ...open.map((item) => ({ key: `list:${item.id}`, name: text(item.name, 200) || "Untitled list" })),
    ...archived.map((item) => ({
      key: `list:${item.id}`,
      name: text(item.name, 180) || "Untitled list",
      archived: true,
    })),
  ];
  const sectionKeys = new Set(sections.map((section) => section.key));

  const users: PlanUser[] = list(board.members).map((member) => ({
    key: `member:${member.id}`,
    name: text(member.fullName, 200) || text(member.username, 200) || "Trello member",
    email: typeof member.email === "string" && member.email.includes("@") ? member.email.toLowerCase() : null,
    username: text(member.username, 200) || null,
  }));
  const userKeys = new Set(users.map((user) => user.key));

  const tags = list(board.labels).map((label) => ({
    key: `label:${label.id}`,
    name: text(label.name, 200) || `${text(label.color) || "label"}`,
    color: trelloLabelColor(label.color),
  }));
  const tagKeys = new Set(tags.map((tag) => tag.key));

  const checklists = new Map<string, Json[]>();
  for (const checklist of list(board.checklists)) {
    const cardId = String(checklist.idCard ?? "");
    checklists.set(cardId, [...(checklists.get(cardId) ?? []), checklist]);
  }
  const comments = new Map<string, PlanComment[]>();
  for (const action of list(board.actions)) {
    if (action.type !== "commentCard" || !isObject(action.data)) continue;
    const card = isObject(action.data.card) ? String(action.data.card.id ?? "") : "";
    const creator = isObject(action.memberCreator) ? action.memberCreator : {};
    const authorKey = `member:${action.idMemberCreator ?? creator.id}`;
    const comment: PlanComment = {
      key: `action:${action.id}`,
      authorKey: userKeys.has(authorKey) ? authorKey : null,
      authorName: text(creator.fullName, 200) || text(creator.username, 200) || null,
      text: text(action.data.text),
      html: markdownToRichText(text(action.data.text)),
      createdAt: dateTime(action.date),
    };
    comments.set(card, [...(comments.get(card) ?? []), comment]);
  }

  const { fields, valuesOf } = trelloCustomFields(board, notes);
  const tasks: PlanTask[] = [];
  for (const [index, card] of list(board.cards).entries()) {
    if (typeof card.id !== "string")
      problems.push(problem("trello_card_without_id", { index, name: text(card.name, 80) || "unnamed" }));
  }
  for (const card of list(board.cards).sort(byPosition)) {
    if (typeof card.id !== "string") continue;
    const task = emptyTask(`card:${card.id}`, text(card.name, 1024) || "Untitled card");
    task.notes = text(card.desc);
    task.htmlNotes = markdownToRichText(task.notes);
    const sectionKey = `list:${card.idList}`;
    task.sectionKey = sectionKeys.has(sectionKey) ? sectionKey : null;
    const due = dateTime(card.due);
    // Trello stores a due date as midnight UTC when no time was chosen; keep those as dates.
    if (due?.endsWith("T00:00:00.000Z") || due?.endsWith("T12:00:00.000Z")) task.dueOn = due.slice(0, 10);
    else task.dueAt = due;
    task.startOn = dateTime(card.start)?.slice(0, 10) ?? null;
    task.completed = card.dueComplete === true || card.closed === true;
    const members = Array.isArray(card.idMembers) ? card.idMembers.map((id) => `member:${id}`) : [];
    task.assigneeKey = members.find((key) => userKeys.has(key)) ?? null;
    task.followerKeys = members.filter((key) => userKeys.has(key) && key !== task.assigneeKey);
    task.customValues = valuesOf(card);
    task.tagKeys = (Array.isArray(card.idLabels) ? card.idLabels : [])
      .map((id) => `label:${id}`)
      .filter((key) => tagKeys.has(key));
    for (const checklist of checklists.get(card.id) ?? []) {
      for (const item of list(checklist.checkItems)) {
        const subtask = emptyTask(`checkitem:${item.id}`, text(item.name, 1024) || "Untitled item");
        subtask.completed = item.state === "complete";
        subtask.dueAt = dateTime(item.due);
        const member = `member:${item.idMember}`;
        subtask.assigneeKey = userKeys.has(member) ? member : null;
        task.subtasks.push(subtask);
      }
    }
    task.comments = (comments.get(card.id) ?? []).sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? ""));
    task.links = list(card.attachments)
      .filter((attachment) => typeof attachment.url === "string" && /^https?:\/\//i.test(attachment.url))
      .map((attachment) => {
        const url = String(attachment.url);
        const upload = attachment.isUpload === true ? UPLOAD.exec(url) : null;
        return {
          key: `attachment:${attachment.id}`,
          name: text(attachment.name, 255) || url.slice(0, 255),
          url: url.slice(0, 2048),
          fileName: text(attachment.fileName, 255) || null,
          size: typeof attachment.bytes === "number" ? attachment.bytes : null,
          ...(upload ? { download: `${TRELLO_API}${upload[1]}` } : {}),
        };
      });
    tasks.push(task);
  }
  return {
    sourceId: `trello:${board.id}`,
    projectName: text(board.name, 200) || "Trello board",
    sections,
    users,
    tags,
    tasks,
    customFields: fields,
    defaultView: "board",
    problems,
    notes,
  };
}

// Trello's custom fields (the Custom Fields power-up): text, number, date, checkbox and list fields with their
// values on each card. A checkbox becomes an enum with one option, "Yes".
function trelloCustomFields(board: Json, notes: ImportProblem[]) {
  const fields: PlanCustomField[] = [];
  const kinds = new Map<string, PlanCustomField>();
  const optionNames = new Map<string, string>();
  for (const field of list(board.customFields)) {
    const name = text(field.name, 200).trim();
    if (typeof field.id !== "string" || !name) continue;
    const type = String(field.type ?? "");
    const subtype = ({ text: "text", number: "number", date: "date", checkbox: "enum", list: "enum" } as const)[
      type as "text"
    ];
    if (!subtype) {
      notes.push(problem("trello_field_type", { field: name, type: type || "unknown" }));
      continue;
    }
    const options =
      type === "checkbox"
        ? [{ name: "Yes", color: "green" }]
        : list(field.options).map((option) => {
            const optionName = text(isObject(option.value) ? option.value.text : "", 200) || "Option";
            optionNames.set(String(option.id), optionName);
            return { name: optionName, color: typeof option.color === "string" ? option.color : null };
          });
    const plan: PlanCustomField = { key: `customfield:${field.id}`, name, subtype, precision: null, options };
    fields.push(plan);
    kinds.set(field.id, plan);
  }
  const valuesOf = (card: Json): PlanTask["customValues"] => {
    const values: PlanTask["customValues"] = [];
    for (const item of list(card.customFieldItems)) {
      const field = kinds.get(String(item.idCustomField));
      if (!field) continue;
      const value = isObject(item.value) ? item.value : {};
      if (field.subtype === "text" && typeof value.text === "string" && value.text !== "") {
        values.push({ fieldKey: field.key, value: { kind: "text", value: text(value.text, 1024) } });
      } else if (field.subtype === "number" && Number.isFinite(Number(value.number)) && value.number !== "") {
        values.push({ fieldKey: field.key, value: { kind: "number", value: Number(value.number) } });
      } else if (field.subtype === "date" && dateTime(value.date)) {
        values.push({ fieldKey: field.key, value: { kind: "date", date: null, dateTime: dateTime(value.date) } });
      } else if (field.subtype === "enum" && value.checked === "true") {
        values.push({ fieldKey: field.key, value: { kind: "options", names: ["Yes"] } });
      } else if (field.subtype === "enum" && optionNames.has(String(item.idValue))) {
        values.push({
          fieldKey: field.key,
          value: { kind: "options", names: [optionNames.get(String(item.idValue)) ?? ""] },
        });
      }
    }
    return values;
  };
  return { fields, valuesOf };
}
