import querystring from "node:querystring";
import type { FastifyInstance } from "fastify";
import { badRequest } from "../errors.ts";

// What Asana's own clients put on the wire, read as Asana reads it:
// - booleans in a query as true/false, True/False (the Python client's str(True)) or 1/0;
// - custom field search parameters as custom_fields_<gid>_<op> (the Python client) besides custom_fields.<gid>.<op>;
// - bodies as application/x-www-form-urlencoded (fields at the top level, or one `data` field holding JSON).

// Query parameters that take a boolean, wherever they appear.
const BOOLEAN_PARAMS = new Set([
  "archived",
  "completed",
  "is_subtask",
  "has_attachment",
  "is_blocked",
  "is_blocking",
  "is_template",
  "opt_pretty",
  "is_global_to_workspace",
  "is_set",
  "full_payload",
]);
const TRUE = new Set(["true", "True", "TRUE", "1"]);
const FALSE = new Set(["false", "False", "FALSE", "0"]);

export function normalizeBoolean(raw: string): string {
  if (TRUE.has(raw)) return "true";
  if (FALSE.has(raw)) return "false";
  return raw;
}

const CUSTOM_FIELD_PARAM =
  /^custom_fields_(\d{1,20})_(value|is_set|contains|starts_with|ends_with|less_than|greater_than)$/;

export function normalizeQuery(query: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(query)) {
    const custom = CUSTOM_FIELD_PARAM.exec(name);
    let key = name;
    if (custom) {
      key = `custom_fields.${custom[1]}.${custom[2]}`;
      delete query[name];
      query[key] = value;
    }
    const last = key.slice(key.lastIndexOf(".") + 1);
    if (BOOLEAN_PARAMS.has(last) && typeof value === "string") query[key] = normalizeBoolean(value);
  }
}

// Each body's operation as Asana's spec names it ("PUT /tasks/{}"), for validation.ts to know whose writable
// fields a body may carry.
export const bodyOperations = new WeakMap<object, string>();
export function operationOf(method: string, url: string | undefined): string | undefined {
  if (!url) return undefined;
  return `${method} ${url.replace(/^\/api\/1\.0/, "").replace(/:[A-Za-z_]+/g, "{}")}`;
}

// Bodies that came form-encoded: their values are strings, coerced to what the schema expects (validation.ts).
export const formBodies = new WeakSet<object>();

type Json = Record<string, unknown>;

// `a[b]=1&c[]=2&c[]=3&d=4` → {a: {b: "1"}, c: ["2", "3"], d: "4"}.
export function formToData(form: Record<string, string | string[]>): Json {
  const data: Json = {};
  for (const [rawKey, rawValue] of Object.entries(form)) {
    const parts = rawKey.split(/[[\]]+/).filter((part, index) => index === 0 || part !== "");
    const isList = rawKey.endsWith("[]");
    const value = Array.isArray(rawValue) && !isList && rawValue.length === 1 ? rawValue[0] : rawValue;
    let target: Json = data;
    for (let index = 0; index < parts.length - 1; index++) {
      const next = target[parts[index]];
      if (typeof next !== "object" || next === null || Array.isArray(next)) target[parts[index]] = {};
      target = target[parts[index]] as Json;
    }
    const last = parts[parts.length - 1];
    if (last === "__proto__" || parts.includes("__proto__")) throw badRequest(`${rawKey}: not a field`);
    target[last] = isList ? [value].flat() : value;
  }
  return data;
}

const GID = /^\d{1,19}$/;
// Path parameters that take a user also take "me" or an email.
const USER_PARAMS = new Set(["user_gid"]);

export function registerWireFormat(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    const query = request.query as Json | undefined;
    if (query && typeof query === "object") normalizeQuery(query);
  });
  app.addHook("preHandler", async (request) => {
    if (request.body && typeof request.body === "object") {
      const operation = operationOf(request.method, request.routeOptions.url);
      if (operation) bodyOperations.set(request.body, operation);
    }
  });
  // A malformed gid in a path is a 400 naming the parameter, as Asana answers (an unknown one stays a 404).
  app.addHook("preValidation", async (request) => {
    const params = request.params as Record<string, string> | undefined;
    if (!params || typeof params !== "object") return;
    for (const [name, value] of Object.entries(params)) {
      if (!(name === "gid" || name.endsWith("_gid")) || USER_PARAMS.has(name)) continue;
      if (typeof value === "string" && !GID.test(value)) {
        throw badRequest(`${name}: Not a valid gid: ${value.slice(0, 40)}`);
      }
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    const form = querystring.parse(text) as Record<string, string | string[]>;
    // A form holding one `data` field of JSON (what curl users send with --data-urlencode).
    if (typeof form.data === "string" && Object.keys(form).length === 1) {
      try {
        const parsed = JSON.parse(form.data);
        if (typeof parsed === "object" && parsed !== null) return done(null, { data: parsed });
      } catch {}
    }
    try {
      const wrapped = { data: formToData(form) };
      formBodies.add(wrapped);
      formBodies.add(wrapped.data);
      return done(null, wrapped);
    } catch (error) {
      return done(error as Error, undefined);
    }
  });
}
