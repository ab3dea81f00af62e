import { badRequest } from "../errors.ts";

// Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In a name they reorder
// what is shown ("\u202Etxt.exe" displays as "exe.txt") and so can disguise a file or a task. The marks LRM, RLM
// and ALM stay allowed: right-to-left writing uses them and they reorder nothing.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// In unicode mode a surrogate pair is one astral character: only an unpaired half is a "surrogate" code point.
const LONE_SURROGATE = /\p{Cs}/u;

// Why a piece of text cannot be stored, or null. JSON may carry a lone surrogate ("\ud800"): it is not a
// character, databases store it differently (PostgreSQL as U+FFFD), and it breaks whatever displays it.
export function textProblem(value: string): string | null {
  return !LONE_SURROGATE.test(value) ? null : "contains a lone surrogate (U+D800–U+DFFF): send valid Unicode";
}

// Names (tasks, projects, files, tags, fields…) and titles are shown where one line must say what a thing is.
export function nameProblem(value: string): string | null {
  const problem = textProblem(value);
  if (problem) return problem;
  const bidi = BIDI_CONTROL.exec(value)?.[0];
  if (!bidi) return null;
  const code = bidi.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0");
  return `contains a bidirectional control character (U+${code}), which can disguise what the name says`;
}

// 400 naming the field when the name cannot be stored.
export function requireCleanName(value: string, field: string): string {
  const problem = nameProblem(value);
  if (problem) throw badRequest(`${field}: ${problem}`);
  return value;
}
