import { DATE_PATTERN } from "@takt/contracts";
import type { z } from "zod";
import { badRequest, type ErrorParams, invalid } from "../errors.ts";
import { parseGid } from "../ids.ts";
import { ASANA_WRITABLE_BY_OPERATION } from "./asana-writable-fields.generated.ts";
import { bodyOperations, formBodies, normalizeBoolean } from "./wire-format.ts";

// The writable fields of each Asana operation's body, derived from its spec (scripts/asana-writable-fields.mjs).
// A body naming one that Takt does not store for that resource is still accepted: the field is dropped, not the
// request (README, "Differences from Asana"). Any other key — a typo, or a field of another resource (`color` on a
// webhook) — is refused, naming it. `workspace` and `projects` are refused on an update: Asana takes them on create
// only (a task changes projects through addProject/removeProject), and dropping them would answer 200 for a change
// that never happens.
const WRITABLE = new Map(
  Object.entries(ASANA_WRITABLE_BY_OPERATION).map(([operation, fields]) => [operation, new Set(fields.split(" "))]),
);
const CREATE_ONLY = new Set(["workspace", "projects"]);

export function asanaWritable(operation: string | undefined, field: string): boolean {
  if (!operation) return false;
  if (operation.startsWith("PUT ") && CREATE_ONLY.has(field)) return false;
  return WRITABLE.get(operation)?.has(field) ?? false;
}

// The first issue as "<field>: <why>" for programs, with the field and a stable code (and its values) for a
// client that words the refusal in its reader's language.
function describe(error: z.ZodError, prefix: string) {
  const issue = error.issues[0];
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return { message: `${path}: Missing input`, detail: { field: path || "data", code: "missing" } };
  }
  if (issue.code === "unrecognized_keys") {
    const field = [path, issue.keys[0]].filter(Boolean).join(".");
    return { message: `${field}: Unknown field`, detail: { field, code: "unknown_field" } };
  }
  const field = path || "data";
  return { message: `${field}: ${issue.message}`, detail: { field, ...issueCode(issue) } };
}

const SIZE_CODES: Record<string, [string, string]> = {
  string: ["too_long", "too_short"],
  number: ["too_large", "too_small"],
  bigint: ["too_large", "too_small"],
  array: ["too_many_items", "too_few_items"],
  set: ["too_many_items", "too_few_items"],
};

function issueCode(issue: z.core.$ZodIssue): { code: string; params?: ErrorParams } {
  switch (issue.code) {
    case "too_big":
      return { code: SIZE_CODES[issue.origin]?.[0] ?? "too_large", params: { max: Number(issue.maximum) } };
    case "too_small": {
      const code = SIZE_CODES[issue.origin]?.[1] ?? "too_small";
      if (code === "too_short" && Number(issue.minimum) === 1) return { code: "empty" };
      return { code, params: { min: Number(issue.minimum) } };
    }
    case "invalid_format":
      if (issue.format === "regex" && "pattern" in issue && issue.pattern === String(DATE_PATTERN)) {
        return { code: "invalid_date" };
      }
      return { code: FORMAT_CODES[issue.format] ?? "invalid_format" };
    case "invalid_value":
      return { code: "invalid_choice", params: { options: issue.values.map(String).join(", ") } };
    case "invalid_type":
      return { code: "invalid_type", params: { expected: String(issue.expected) } };
    case "custom":
      return { code: typeof issue.params?.code === "string" ? issue.params.code : "invalid" };
    default:
      return { code: "invalid" };
  }
}

const FORMAT_CODES: Record<string, string> = {
  email: "invalid_email",
  url: "invalid_url",
  datetime: "invalid_datetime",
  date: "invalid_date",
};

// PostgreSQL text cannot hold U+0000, so a NUL anywhere in the input is refused up front, on both databases alike.
function findNul(value: unknown, path: string[], depth = 0): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (depth > 32 || typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = findNul(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

export function parse<T extends z.ZodType>(schema: T, value: unknown, prefix = ""): z.infer<T> {
  const nul = findNul(value, []);
  if (nul) {
    const field = [prefix, ...nul].filter(Boolean).join(".") || "data";
    throw invalid(field, "nul_character", "must not contain NUL characters");
  }
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    const { message, detail } = describe(result.error, prefix);
    throw badRequest(message, undefined, detail);
  }
  return result.data;
}

type Json = Record<string, unknown>;

function at(root: unknown, path: readonly PropertyKey[]): { parent: Json | unknown[]; key: PropertyKey } | null {
  let parent = root;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== "object" || parent === null) return null;
    parent = (parent as Json)[key as string];
  }
  if (typeof parent !== "object" || parent === null) return null;
  return { parent: parent as Json, key: path[path.length - 1] };
}

// One repair of what Asana accepts and the schema refuses: a writable field of this Asana operation's body that
// Takt does not store (dropped), or a form-encoded string where the schema wants a boolean, a number, null or a
// list. False when none applies.
function repair(data: unknown, issue: z.core.$ZodIssue, fromForm: boolean, operation?: string): boolean {
  if (issue.code === "unrecognized_keys") {
    const place = issue.path.length ? at(data, [...issue.path, ""]) : { parent: data as Json, key: "" };
    const prefix = issue.path.filter((part) => typeof part === "string").join(".");
    const ignorable = issue.keys.filter((key) => asanaWritable(operation, prefix ? `${prefix}.${key}` : key));
    if (!place || ignorable.length !== issue.keys.length) return false;
    for (const key of ignorable) delete (place.parent as Json)[key];
    return true;
  }
  if (!fromForm || issue.code !== "invalid_type" || !issue.path.length) return false;
  const place = at(data, issue.path);
  if (!place) return false;
  const current = (place.parent as Json)[place.key as string];
  if (typeof current !== "string") return false;
  let value: unknown;
  if (current === "null") value = null;
  else if (issue.expected === "boolean" && ["true", "false"].includes(normalizeBoolean(current)))
    value = normalizeBoolean(current) === "true";
  else if (issue.expected === "number" && current.trim() !== "" && Number.isFinite(Number(current)))
    value = Number(current);
  else if (issue.expected === "array") value = current === "" ? [] : current.split(",").map((item) => item.trim());
  else return false;
  (place.parent as Json)[place.key as string] = value;
  return true;
}

// Bodies arrive wrapped in {"data": …}, as in Asana's API (JSON, or form-encoded: see wire-format.ts).
export function parseData<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest('data: Missing input. Send a JSON object of the form {"data": {...}}.');
  }
  const data = (body as { data?: unknown }).data;
  if (data === undefined) throw badRequest('data: Missing input. Send a JSON object of the form {"data": {...}}.');
  const fromForm = formBodies.has(body);
  for (let attempt = 0; attempt < 50 && typeof data === "object" && data !== null; attempt++) {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) break;
    if (!repair(data, result.error.issues[0], fromForm, bodyOperations.get(body))) break;
  }
  return parse(schema, data);
}

// A gid in a path or a body; a malformed one is a 400 naming it, as Asana answers.
export function gidParam(value: string | undefined, what: string): number {
  const gid = value === undefined ? null : parseGid(value);
  if (gid === null) throw invalid(what, "invalid_gid", `Not a valid gid: ${String(value).slice(0, 40)}`);
  return gid;
}
