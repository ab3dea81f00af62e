import type { z } from "zod";
import { badRequest, notFound } from "../errors.ts";
import { parseGid } from "../ids.ts";

function describe(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  if (issue.code === "invalid_type" && issue.input === undefined) return `${path}: Missing input`;
  if (issue.code === "unrecognized_keys") {
    return `${[path, issue.keys[0]].filter(Boolean).join(".")}: Unknown field`;
  }
  return `${path || "data"}: ${issue.message}`;
}

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
  if (nul) throw badRequest(`${[prefix, ...nul].filter(Boolean).join(".") || "data"}: must not contain NUL characters`);
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw badRequest(describe(result.error, prefix));
  return result.data;
}

// Bodies arrive wrapped in {"data": …}, as in Asana's API.
export function parseData<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest('data: Missing input. Send a JSON object of the form {"data": {...}}.');
  }
  const data = (body as { data?: unknown }).data;
  if (data === undefined) throw badRequest('data: Missing input. Send a JSON object of the form {"data": {...}}.');
  return parse(schema, data);
}

// A gid in a path or a body; a malformed one is treated as unknown, as Asana does.
export function gidParam(value: string | undefined, what: string): number {
  const gid = value === undefined ? null : parseGid(value);
  if (gid === null) throw notFound(what);
  return gid;
}
