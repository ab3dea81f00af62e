// opt_fields: a comma-separated list of dot paths; the record keeps gid, resource_type and the listed paths.
export type OptFields = string[] | null;

export function parseOptFields(raw: unknown): OptFields {
  if (raw === undefined || raw === null || raw === "") return null;
  const text = Array.isArray(raw) ? raw.join(",") : String(raw);
  const fields = text
    .split(",")
    .map((field) => field.trim())
    .filter(Boolean);
  return fields.length ? fields : null;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pickPaths(value: unknown, paths: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => pickPaths(item, paths));
  if (!isRecord(value)) return value;
  const out: Json = {};
  if ("gid" in value) out.gid = value.gid;
  if ("resource_type" in value) out.resource_type = value.resource_type;
  const nested = new Map<string, string[]>();
  for (const path of paths) {
    const dot = path.indexOf(".");
    const head = dot === -1 ? path : path.slice(0, dot);
    if (!(head in value)) continue;
    if (dot === -1) {
      if (!nested.has(head)) out[head] = value[head];
    } else {
      const list = nested.get(head) ?? [];
      list.push(path.slice(dot + 1));
      nested.set(head, list);
    }
  }
  for (const [head, rest] of nested) out[head] = pickPaths(value[head], rest);
  return out;
}

// full: the whole record; compactKeys: what a list shows when no opt_fields are given.
export function shape(full: Json, optFields: OptFields, compactKeys?: readonly string[]): Json {
  if (optFields) return pickPaths(full, optFields) as Json;
  if (compactKeys) {
    const out: Json = {};
    for (const key of ["gid", "resource_type", ...compactKeys]) if (key in full) out[key] = full[key];
    return out;
  }
  return full;
}
