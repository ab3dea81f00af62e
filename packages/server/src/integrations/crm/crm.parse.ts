// amoCRM posts webhooks form-encoded with bracket keys (leads[status][0][id]=…); they are read into nested
// objects, then every lead in the payload (amoCRM or Takt's generic JSON) into one shape.

export type Tree = { [key: string]: Tree | string };

export interface Lead {
  id: string;
  name: string;
  status_id: string;
  pipeline_id: string;
  price: string | null;
  contact: { name: string | null; email: string | null };
  account: string | null;
}

// Keys that would reach Object.prototype are dropped, so a payload cannot pollute it.
const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 8;

export function parseBracketForm(body: string): Tree {
  const root: Tree = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const path = match ? [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1])] : [key];
    if (path.length > MAX_DEPTH || path.some((part) => UNSAFE.has(part))) continue;
    let node: Tree = root;
    for (const [index, rawPart] of path.entries()) {
      // "a[]" appends: the next free index.
      const part = rawPart === "" ? String(Object.keys(node).length) : rawPart;
      if (index === path.length - 1) {
        node[part] = value;
        break;
      }
      const next = node[part];
      if (typeof next === "object") node = next;
      else {
        const child: Tree = {};
        node[part] = child;
        node = child;
      }
    }
  }
  return root;
}

const isTree = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null =>
  typeof value === "string" ? value.trim() || null : typeof value === "number" ? String(value) : null;

const itemsOf = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : isTree(value) ? Object.values(value) : [];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The first email address anywhere in an amoCRM contact (custom field values included).
function findEmail(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return null;
  const found = text(value);
  if (found && EMAIL.test(found)) return found.toLowerCase();
  for (const item of itemsOf(value)) {
    const email = findEmail(item, depth + 1);
    if (email) return email;
  }
  return null;
}

function contactOf(lead: Record<string, unknown>, payload: Record<string, unknown>) {
  const direct = isTree(lead.contact) ? lead.contact : null;
  if (direct) return { name: text(direct.name), email: findEmail(direct.email) ?? findEmail(direct) };
  const contacts = isTree(payload.contacts) ? payload.contacts : {};
  const first = [...itemsOf(contacts.add), ...itemsOf(contacts.update)].find(isTree);
  return { name: first ? text(first.name) : null, email: first ? findEmail(first) : null };
}

function leadOf(raw: unknown, payload: Record<string, unknown>, account: string | null): Lead | null {
  if (!isTree(raw)) return null;
  const id = text(raw.id);
  if (!id) return null;
  return {
    id,
    name: text(raw.name) ?? "",
    status_id: text(raw.status_id) ?? "",
    pipeline_id: text(raw.pipeline_id) ?? "",
    price: text(raw.price),
    contact: contactOf(raw, payload),
    account,
  };
}

// Leads that entered a status: amoCRM's leads[status] and leads[add] (created straight into a status), or the
// generic {lead} / {leads:[…]} JSON.
export function leadsOf(payload: unknown): Lead[] {
  if (!isTree(payload)) return [];
  const account = isTree(payload.account) ? text(payload.account.subdomain) : null;
  const leads = payload.leads;
  const raws = isTree(leads)
    ? [...itemsOf(leads.status), ...itemsOf(leads.add)]
    : Array.isArray(leads)
      ? leads
      : payload.lead !== undefined
        ? [payload.lead]
        : [];
  return raws.map((raw) => leadOf(raw, payload, account)).filter((lead): lead is Lead => lead !== null);
}

// "{lead.name} ({contact.name})" → the lead's values; unknown placeholders are left empty.
export function projectName(pattern: string, lead: Lead): string {
  const values: Record<string, string> = {
    "lead.id": lead.id,
    "lead.name": lead.name,
    "lead.price": lead.price ?? "",
    "contact.name": lead.contact.name ?? "",
    "contact.email": lead.contact.email ?? "",
    "account.subdomain": lead.account ?? "",
  };
  const name = pattern.replace(/\{([a-z_.]+)\}/g, (_, key: string) => values[key] ?? "").trim();
  return (name || `Lead ${lead.id}`).slice(0, 255);
}

export function leadSummary(lead: Lead): string {
  return [
    `CRM lead #${lead.id}: ${lead.name || "(no name)"}`,
    lead.price ? `Price: ${lead.price}` : null,
    lead.contact.name || lead.contact.email
      ? `Contact: ${[lead.contact.name, lead.contact.email].filter(Boolean).join(", ")}`
      : null,
    `Pipeline ${lead.pipeline_id}, status ${lead.status_id}`,
    lead.account ? `Account: ${lead.account}` : null,
  ]
    .filter(Boolean)
    .join("\n");
}
