import type { FastifyInstance } from "fastify";
import { nameProblem, textProblem } from "../domain/unicode-text.ts";
import { badRequest } from "../errors.ts";

// Rich text fields, at any depth of a body (a task's notes, a comment's html_text, a template's subtasks' notes).
const RICH_TEXT = new Set(["notes", "html_notes", "text", "html_text"]);
// Names and titles, at any depth (a task's name, an enum option's, a template's subtasks'): no bidi controls.
const NAMES = new Set(["name", "title"]);
// Lists allowed past the general item cap, to their own Asana limit.
const LONGER_LISTS: Record<string, number> = { enum_options: 500 };
const MAX_DEPTH = 32;

export interface BodyLimits {
  maxRichTextChars: number;
  maxItemsPerRequest: number;
}

// The first field of a JSON body over a limit or holding text that cannot be stored (a lone surrogate anywhere,
// a bidirectional control in a name), as "<field>: <why>", or null. Paths are named as the validation
// messages name them: relative to data ("followers", "subtasks.0.notes").
export function bodyLimitViolation(body: unknown, limits: BodyLimits): string | null {
  if (body === null || typeof body !== "object") return null;
  const root = !Array.isArray(body) && "data" in body ? (body as { data: unknown }).data : body;
  if (typeof root === "string") {
    const problem = textProblem(root);
    return problem ? `data: ${problem}` : null;
  }
  return visit(root, [], limits, 0);
}

function visit(value: unknown, path: string[], limits: BodyLimits, depth: number): string | null {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return null;
  const name = path.join(".") || "data";
  const last = path[path.length - 1];
  const cap = last !== undefined && Object.hasOwn(LONGER_LISTS, last) ? LONGER_LISTS[last] : limits.maxItemsPerRequest;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : null;
  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (size > cap) return `${name}: too many items: at most ${cap} per request`;
  for (const [key, item] of entries ?? Object.entries(value)) {
    const field = () => [...path, key].join(".");
    const keyProblem = textProblem(key);
    if (keyProblem) return `${name}: a key ${keyProblem}`;
    if (typeof item === "string") {
      if (RICH_TEXT.has(key) && item.length > limits.maxRichTextChars) {
        return `${field()}: is too long: at most ${limits.maxRichTextChars} characters`;
      }
      const problem = NAMES.has(key) ? nameProblem(item) : textProblem(item);
      if (problem) return `${field()}: ${problem}`;
      continue;
    }
    const found = visit(item, [...path, key], limits, depth + 1);
    if (found) return found;
  }
  return null;
}

// Checked for every JSON body before any route validates or writes.
export function registerRequestLimits(app: FastifyInstance): void {
  const limits: BodyLimits = app.takt.config;
  app.addHook("preValidation", async (request) => {
    if (request.body === undefined || typeof request.body !== "object") return;
    const violation = bodyLimitViolation(request.body, limits);
    if (violation) throw badRequest(violation);
  });
}
