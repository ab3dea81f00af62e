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

// opt_fields compiled once per request into a tree: each key to copy, with its own sub-paths (null: copy whole),
// compiled when first met in a record, so the work follows the records' depth, never the paths' own. A head asked both whole and with sub-paths keeps only the sub-paths, at the place of
// its first mention when that was whole, after the whole ones otherwise.
export type Plan = { key: string; paths: string[] | null; sub?: Plan }[];
const plans = new WeakMap<readonly string[], Plan>();

function compile(paths: readonly string[]): Plan {
  const order = new Set<string>();
  const nested = new Map<string, string[]>();
  for (const path of paths) {
    const dot = path.indexOf(".");
    if (dot === -1) {
      if (!nested.has(path)) order.add(path);
      continue;
    }
    const head = path.slice(0, dot);
    const list = nested.get(head);
    if (list) list.push(path.slice(dot + 1));
    else nested.set(head, [path.slice(dot + 1)]);
  }
  for (const head of nested.keys()) order.add(head);
  return [...order].map((key) => ({ key, paths: nested.get(key) ?? null }));
}

export function planOf(paths: readonly string[]): Plan {
  let plan = plans.get(paths);
  if (!plan) {
    plan = compile(paths);
    plans.set(paths, plan);
  }
  return plan;
}

export function pickPlan(value: unknown, plan: Plan): unknown {
  if (Array.isArray(value)) return value.map((item) => pickPlan(item, plan));
  if (!isRecord(value)) return value;
  const out: Json = {};
  if ("gid" in value) out.gid = value.gid;
  if ("resource_type" in value) out.resource_type = value.resource_type;
  for (const entry of plan) {
    if (!(entry.key in value)) continue;
    if (entry.paths === null) out[entry.key] = value[entry.key];
    else {
      entry.sub ??= compile(entry.paths);
      out[entry.key] = pickPlan(value[entry.key], entry.sub);
    }
  }
  return out;
}

// full: the whole record; compactKeys: what a list shows when no opt_fields are given.
export function shape(full: Json, optFields: OptFields, compactKeys?: readonly string[]): Json {
  if (optFields) return pickPlan(full, planOf(optFields)) as Json;
  if (compactKeys) {
    const out: Json = {};
    for (const key of ["gid", "resource_type", ...compactKeys]) if (key in full) out[key] = full[key];
    return out;
  }
  return full;
}

// The top-level fields a presenter considered when it built a record for a request's opt_fields: a field among them
// that the record lacks is absent by design (a task's approval_status outside approvals), so the nested-field
// expander (expand.ts) does not load the record again to look for it.
export const consideredFields = new WeakMap<object, ReadonlySet<string>>();
