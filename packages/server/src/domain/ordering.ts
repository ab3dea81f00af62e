import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";

// Order keys are fractional-indexing strings: a move writes one row, never renumbers a list.
// Keys compare with plain byte order, the same on SQLite and PostgreSQL (columns use the "C" order).
export function keyBetween(before: string | null | undefined, after: string | null | undefined): string {
  return generateKeyBetween(before ?? null, after ?? null);
}

export function keyAfter(last: string | null | undefined): string {
  return generateKeyBetween(last ?? null, null);
}

export function keysAfter(last: string | null | undefined, count: number): string[] {
  return generateNKeysBetween(last ?? null, null, count);
}
