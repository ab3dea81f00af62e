import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import enBase from "./en.json";
import enImports from "./imports.en.json";
import ruImports from "./imports.ru.json";
import ruBase from "./ru.json";

type Tree = { [key: string]: string | Tree };

// A language's texts: the app's and those that load with their page (i18n/index.ts), which never name a key twice.
function withPages(base: Tree, ...pages: Tree[]): Tree {
  const out: Tree = { ...base };
  for (const page of pages) {
    for (const [key, value] of Object.entries(page)) {
      const there = out[key];
      if (typeof there === "object" && typeof value === "object") {
        for (const nested of Object.keys(value)) expect(there).not.toHaveProperty(nested);
        out[key] = { ...there, ...value };
      } else {
        expect(out).not.toHaveProperty(key);
        out[key] = value;
      }
    }
  }
  return out;
}
const en = withPages(enBase as Tree, enImports as Tree);
const ru = withPages(ruBase as Tree, ruImports as Tree);

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

// Every key the code names, t("a.b") or t(`a.${kind}`): a literal key must exist in both languages, a key built at
// run time must have its prefix there (an object of keys).
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function hasObject(tree: Tree, prefix: string): boolean {
  let node: string | Tree | undefined = tree;
  for (const part of prefix.split(".")) {
    if (!node || typeof node === "string") return false;
    node = node[part];
  }
  return !!node && typeof node === "object";
}

describe("keys used in the code", () => {
  const src = fileURLToPath(new URL("..", import.meta.url));
  const literal: { key: string; file: string }[] = [];
  const built: { prefix: string; file: string }[] = [];
  for (const file of sourceFiles(src)) {
    const text = fs.readFileSync(file, "utf8");
    const name = path.relative(src, file);
    for (const match of text.matchAll(/\bt\(\s*"([a-zA-Z][\w-]*(?:\.[\w-]+)+)"/g))
      literal.push({ key: match[1], file: name });
    for (const match of text.matchAll(/\bt\(\s*`([a-zA-Z][\w.-]*)\.\$\{/g))
      built.push({ prefix: match[1], file: name });
  }

  it("finds the keys (the scan itself works)", () => {
    expect(literal.length).toBeGreaterThan(500);
    expect(built.length).toBeGreaterThan(5);
  });

  for (const [language, tree] of [
    ["English", en],
    ["Russian", ru],
  ] as const) {
    it(`has every key the code uses in ${language}`, () => {
      const keys = keysOf(tree as Tree);
      expect(literal.filter(({ key }) => !keys.has(key)).map(({ key, file }) => `${file}: ${key}`)).toEqual([]);
      expect(
        built
          .filter(({ prefix }) => !hasObject(tree as Tree, prefix))
          .map(({ prefix, file }) => `${file}: ${prefix}.*`),
      ).toEqual([]);
    });
  }
});
