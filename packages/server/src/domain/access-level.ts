import type { AccessLevel } from "../db/schema.ts";

const RANK: Record<AccessLevel, number> = { viewer: 1, commenter: 2, editor: 3, admin: 4 };

export function atLeast(level: AccessLevel | null, needed: AccessLevel): boolean {
  return level !== null && RANK[level] >= RANK[needed];
}

export function stronger(a: AccessLevel | null, b: AccessLevel | null): AccessLevel | null {
  return b && (!a || RANK[b] > RANK[a]) ? b : a;
}

export function strongest(levels: Iterable<AccessLevel | null>): AccessLevel | null {
  let best: AccessLevel | null = null;
  for (const level of levels) best = stronger(best, level);
  return best;
}
