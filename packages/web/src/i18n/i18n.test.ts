import { describe, expect, it } from "vitest";
import en from "./en.json";
import ru from "./ru.json";

type Tree = { [key: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

// Plural keys count as one key: English needs _one/_other, Russian _one/_few/_many/_other.
function keysOf(tree: Tree, prefix = ""): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.add(path.replace(PLURAL, ""));
    else for (const nested of keysOf(value, path)) out.add(nested);
  }
  return out;
}

function pluralForms(tree: Tree, prefix = ""): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") {
      const match = path.match(PLURAL);
      if (match) {
        const base = path.replace(PLURAL, "");
        out.set(base, (out.get(base) ?? new Set()).add(match[1]));
      }
    } else for (const [base, forms] of pluralForms(value, path)) out.set(base, forms);
  }
  return out;
}

function interpolations(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") {
      const vars = [...value.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
      out.set(path.replace(PLURAL, ""), [...new Set(vars)].join(","));
    } else for (const [nested, vars] of interpolations(value, path)) out.set(nested, vars);
  }
  return out;
}

describe("translations", () => {
  const enKeys = keysOf(en as Tree);
  const ruKeys = keysOf(ru as Tree);

  it("has every English key in Russian", () => {
    expect([...enKeys].filter((key) => !ruKeys.has(key))).toEqual([]);
  });

  it("has every Russian key in English", () => {
    expect([...ruKeys].filter((key) => !enKeys.has(key))).toEqual([]);
  });

  it("gives plurals every form the language needs", () => {
    for (const [base, forms] of pluralForms(en as Tree)) {
      expect([base, [...forms].sort()]).toEqual([base, ["one", "other"]]);
    }
    for (const [base, forms] of pluralForms(ru as Tree)) {
      expect([base, [...forms].sort()]).toEqual([base, ["few", "many", "one", "other"]]);
    }
  });

  it("uses the same placeholders in both languages", () => {
    const enVars = interpolations(en as Tree);
    const ruVars = interpolations(ru as Tree);
    for (const [key, vars] of enVars) {
      if (ruVars.has(key)) expect([key, ruVars.get(key)]).toEqual([key, vars]);
    }
  });

  it("has no empty strings", () => {
    const empty = (tree: Tree, prefix = ""): string[] =>
      Object.entries(tree).flatMap(([key, value]) =>
        typeof value === "string" ? (value.trim() ? [] : [`${prefix}${key}`]) : empty(value, `${prefix}${key}.`),
      );
    expect(empty(en as Tree)).toEqual([]);
    expect(empty(ru as Tree)).toEqual([]);
  });
});
