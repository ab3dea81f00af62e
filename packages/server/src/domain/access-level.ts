import type { AccessLevel } from "../db/schema.ts";

const RANK: Record<AccessLevel, number> = { viewer: 1, commenter: 2, editor: 3, admin: 4 };

export function atLeast(level: AccessLevel | null, needed: AccessLevel): boolean {
  return level !== null && RANK[level] >= RANK[needed];
}

export function strongest(levels: Iterable<AccessLevel | null>): AccessLevel | null {
  let best: AccessLevel | null = null;
  for (const level of levels) if (level && (!best || RANK[level] > RANK[best])) best = level;
  return best;
}
