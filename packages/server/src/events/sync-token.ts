import { gidMillisAgo, LATE_COMMIT_WINDOW_MS } from "./consumer.ts";

// Asana's sync tokens are valid for a day.
export const SYNC_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
// Keep the list of already-returned recent ids bounded, whatever the burst.
const MAX_RECENT = 1000;

// What a sync token remembers: every event of the resource with id <= cursor has been handed out (or
// predates the token), and so have the listed recent ids above it. Recent ids are kept because events
// can commit slightly out of id order (see LATE_COMMIT_WINDOW_MS): the cursor trails the newest id.
export interface SyncPosition {
  resource: number;
  cursor: number;
  recent: number[];
  issuedAt: number;
}

export function encodeSyncToken(position: SyncPosition): string {
  const payload = {
    v: 1,
    r: String(position.resource),
    c: String(position.cursor),
    s: position.recent.map(String),
    t: position.issuedAt,
  };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

// null for a token that is malformed, expired, or for another resource: the caller answers 412 with a new one.
export function decodeSyncToken(token: string, resource: number, now = Date.now()): SyncPosition | null {
  try {
    const payload = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (payload?.v !== 1 || Number(payload.r) !== resource || !Number.isFinite(payload.t)) return null;
    if (now - payload.t > SYNC_TOKEN_TTL_MS || payload.t > now + 60_000) return null;
    const cursor = Number(payload.c);
    const recent = Array.isArray(payload.s) ? payload.s.map(Number) : [];
    if (!Number.isSafeInteger(cursor) || !recent.every(Number.isSafeInteger)) return null;
    return { resource, cursor, recent, issuedAt: payload.t };
  } catch {
    return null;
  }
}

// The next position after reading `returned` (every id the query produced, visible or not).
export function advance(position: SyncPosition, returned: number[], hasMore: boolean, now = Date.now()): SyncPosition {
  const settled = gidMillisAgo(LATE_COMMIT_WINDOW_MS);
  const consumedUpTo = hasMore ? Math.max(position.cursor, ...returned) : Number.POSITIVE_INFINITY;
  const cursor = Math.max(position.cursor, Math.min(consumedUpTo, settled));
  let recent = [...new Set([...position.recent, ...returned])].filter((id) => id > cursor).sort((a, b) => a - b);
  let floor = cursor;
  if (recent.length > MAX_RECENT) {
    floor = recent[recent.length - MAX_RECENT - 1];
    recent = recent.slice(-MAX_RECENT);
  }
  return { resource: position.resource, cursor: floor, recent, issuedAt: now };
}
