import {
  dateTime,
  emptyTask,
  ImportInputError,
  type ImportPlan,
  type PlanComment,
  type PlanTask,
  type PlanUser,
  text,
} from "./import.plan.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

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

// A Trello board export (Menu → Print, export and share → Export as JSON).
export function parseTrello(raw: string): ImportPlan {
  let board: unknown;
  try {
    board = JSON.parse(raw.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ImportInputError("file", `is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(board) || typeof board.id !== "string" || !Array.isArray(board.lists) || !Array.isArray(board.cards)) {
    throw new ImportInputError("file", "is not a Trello board export: expected an object with id, lists and cards");
  }
  const problems: string[] = [];
  const lists = list(board.lists).filter((item) => !item.closed);
  const sections = lists.map((item) => ({ key: `list:${item.id}`, name: text(item.name, 200) || "Untitled list" }));
  const sectionKeys = new Set(sections.map((section) => section.key));

  const users: PlanUser[] = list(board.members).map((member) => ({
    key: `member:${member.id}`,
    name: text(member.fullName, 200) || text(member.username, 200) || "Trello member",
    email: typeof member.email === "string" && member.email.includes("@") ? member.email.toLowerCase() : null,
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
      createdAt: dateTime(action.date),
    };
    comments.set(card, [...(comments.get(card) ?? []), comment]);
  }

  const tasks: PlanTask[] = [];
  for (const card of list(board.cards)) {
    if (typeof card.id !== "string") {
      problems.push("cards: a card without an id");
      continue;
    }
    const task = emptyTask(`card:${card.id}`, text(card.name, 1024) || "Untitled card");
    task.notes = text(card.desc);
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
      .map((attachment) => ({
        key: `attachment:${attachment.id}`,
        name: text(attachment.name, 255) || String(attachment.url).slice(0, 255),
        url: String(attachment.url).slice(0, 2048),
      }));
    tasks.push(task);
  }
  return {
    sourceId: `trello:${board.id}`,
    projectName: text(board.name, 200) || "Trello board",
    sections,
    users,
    tags,
    tasks,
    problems,
  };
}
