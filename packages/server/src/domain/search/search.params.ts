import { badRequest } from "../../errors.ts";
import { parseGid } from "../../ids.ts";

// Asana's task search parameters, parsed and checked; a malformed one is a 400 naming it.
export interface FieldFilter {
  fieldGid: number;
  param: string;
  op: "value" | "is_set" | "contains" | "starts_with" | "ends_with" | "less_than" | "greater_than";
  raw: string;
}

export interface SearchParams {
  text?: string;
  resourceSubtype?: string;
  lists: Partial<Record<ListParam, number[]>>;
  assigneeUnassigned?: boolean;
  completed?: boolean;
  // Tasks only in archived projects are left out unless asked for (archived=true, or a project named in
  // projects.any / projects.all).
  archived?: boolean;
  isSubtask?: boolean;
  hasAttachment?: boolean;
  isBlocked?: boolean;
  isBlocking?: boolean;
  dates: {
    column: "due_on" | "due_at" | "start_on" | "created_at" | "modified_at" | "completed_at";
    op: ">" | "<" | "=" | ">=" | "<=";
    value: string | null;
  }[];
  fields: FieldFilter[];
  sortBy: "due_date" | "created_at" | "completed_at" | "likes" | "modified_at";
  sortAscending: boolean;
  limit: number;
}

const LISTS = [
  "assignee.any",
  "assignee.not",
  "projects.any",
  "projects.not",
  "projects.all",
  "sections.any",
  "sections.not",
  "tags.any",
  "tags.not",
  "tags.all",
  "teams.any",
  "followers.any",
  "followers.not",
  "created_by.any",
  "created_by.not",
  "commented_on_by.not",
  "liked_by.not",
] as const;
type ListParam = (typeof LISTS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const IGNORED = new Set(["opt_fields", "opt_pretty", "workspace_gid"]);

function single(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  if (Array.isArray(value)) throw badRequest(`${name}: give this parameter once`);
  return String(value);
}

function bool(name: string, raw: string): boolean {
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw badRequest(`${name}: must be true or false`);
}

function date(name: string, raw: string): string {
  if (!DATE.test(raw) || Number.isNaN(Date.parse(raw))) throw badRequest(`${name}: must be a date as YYYY-MM-DD`);
  return raw;
}

function dateTime(name: string, raw: string): string {
  if (DATE.test(raw)) return date(name, raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw badRequest(`${name}: must be an ISO 8601 date-time`);
  }
  return new Date(raw).toISOString();
}

const DATE_PARAMS: Record<string, { column: SearchParams["dates"][number]["column"]; op: ">" | "<" | "=" }> = {
  due_on: { column: "due_on", op: "=" },
  "due_on.before": { column: "due_on", op: "<" },
  "due_on.after": { column: "due_on", op: ">" },
  "due_at.before": { column: "due_at", op: "<" },
  "due_at.after": { column: "due_at", op: ">" },
  start_on: { column: "start_on", op: "=" },
  "start_on.before": { column: "start_on", op: "<" },
  "start_on.after": { column: "start_on", op: ">" },
  created_on: { column: "created_at", op: "=" },
  "created_on.before": { column: "created_at", op: "<" },
  "created_on.after": { column: "created_at", op: ">" },
  "created_at.before": { column: "created_at", op: "<" },
  "created_at.after": { column: "created_at", op: ">" },
  modified_on: { column: "modified_at", op: "=" },
  "modified_on.before": { column: "modified_at", op: "<" },
  "modified_on.after": { column: "modified_at", op: ">" },
  "modified_at.before": { column: "modified_at", op: "<" },
  "modified_at.after": { column: "modified_at", op: ">" },
  completed_on: { column: "completed_at", op: "=" },
  "completed_on.before": { column: "completed_at", op: "<" },
  "completed_on.after": { column: "completed_at", op: ">" },
  "completed_at.before": { column: "completed_at", op: "<" },
  "completed_at.after": { column: "completed_at", op: ">" },
};

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();

// Dates compare as text: due_on and start_on hold YYYY-MM-DD, the *_at columns ISO times in UTC.
function dateFilter(name: string, raw: string): SearchParams["dates"] {
  const { column, op } = DATE_PARAMS[name];
  const onDay = name.endsWith("_on") || name.includes("_on.");
  if (column === "due_on" || column === "start_on") {
    if (op === "=" && raw === "null") return [{ column, op: "=", value: null }];
    return [{ column, op, value: date(name, raw) }];
  }
  if (!onDay) return [{ column, op, value: dateTime(name, raw) }];
  if (op === "=" && raw === "null") return [{ column, op: "=", value: null }];
  const day = date(name, raw);
  const start = `${day}T00:00:00.000Z`;
  if (op === "<") return [{ column, op: "<", value: start }];
  if (op === ">") return [{ column, op: ">=", value: nextDay(day) }];
  return [
    { column, op: ">=", value: start },
    { column, op: "<", value: nextDay(day) },
  ];
}

export function parseSearch(query: Record<string, unknown>, actorGid: number): SearchParams {
  const params: SearchParams = {
    lists: {},
    dates: [],
    fields: [],
    sortBy: "modified_at",
    sortAscending: false,
    limit: 20,
  };
  for (const name of Object.keys(query)) {
    if (IGNORED.has(name)) continue;
    const raw = single(query, name);
    if ((LISTS as readonly string[]).includes(name)) {
      const items = raw
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      if (items.length === 0 || items.length > 100) throw badRequest(`${name}: must be a comma-separated list of gids`);
      if (name === "assignee.any" && items.length === 1 && items[0] === "null") {
        params.assigneeUnassigned = true;
        continue;
      }
      params.lists[name as ListParam] = items.map((item) => {
        if (item === "me" && /^(assignee|followers|created_by|commented_on_by|liked_by)\./.test(name)) return actorGid;
        const gid = parseGid(item);
        if (gid === null) throw badRequest(`${name}: ${item} is not a gid`);
        return gid;
      });
    } else if (Object.hasOwn(DATE_PARAMS, name)) {
      params.dates.push(...dateFilter(name, raw));
    } else if (name.startsWith("custom_fields.")) {
      const match =
        /^custom_fields\.(\d{1,20})\.(value|is_set|contains|starts_with|ends_with|less_than|greater_than)$/.exec(name);
      const fieldGid = match ? parseGid(match[1]) : null;
      if (!match || fieldGid === null) {
        throw badRequest(
          `${name}: use custom_fields.<gid>.value, .is_set, .contains, .starts_with, .ends_with, .less_than or .greater_than`,
        );
      }
      params.fields.push({ fieldGid, param: name, op: match[2] as FieldFilter["op"], raw });
    } else {
      switch (name) {
        case "text":
          if (raw.length > 1000) throw badRequest("text: must be at most 1000 characters");
          params.text = raw;
          break;
        case "resource_subtype":
          if (!["default_task", "milestone", "approval"].includes(raw)) {
            throw badRequest("resource_subtype: must be default_task, milestone or approval");
          }
          params.resourceSubtype = raw;
          break;
        case "completed":
          params.completed = bool(name, raw);
          break;
        case "archived":
          params.archived = bool(name, raw);
          break;
        case "is_subtask":
          params.isSubtask = bool(name, raw);
          break;
        case "has_attachment":
          params.hasAttachment = bool(name, raw);
          break;
        case "is_blocked":
          params.isBlocked = bool(name, raw);
          break;
        case "is_blocking":
          params.isBlocking = bool(name, raw);
          break;
        case "sort_by":
          if (!["due_date", "created_at", "completed_at", "likes", "modified_at"].includes(raw)) {
            throw badRequest("sort_by: must be due_date, created_at, completed_at, likes or modified_at");
          }
          params.sortBy = raw as SearchParams["sortBy"];
          break;
        case "sort_ascending":
          params.sortAscending = bool(name, raw);
          break;
        case "limit": {
          const limit = Number(raw);
          if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
            throw badRequest("limit: must be an integer between 1 and 100");
          }
          params.limit = limit;
          break;
        }
        case "offset":
          throw badRequest("offset: search has no pages; narrow the search or sort by created_at and filter by it");
        default:
          throw badRequest(`${name}: is not a search parameter`);
      }
    }
  }
  return params;
}
