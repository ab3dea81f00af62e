import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The web app imports types from @takt/contracts, and values only from @takt/contracts/constants: a value import
// from the package's root bundles the schema library, whose capability probe evaluates code and breaks the CSP.
const root = join(import.meta.dirname);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("web imports of @takt/contracts", () => {
  it("takes only types from the package's root", () => {
    const offenders = sources(root).filter((path) => {
      const text = readFileSync(path, "utf8");
      const imports = text.match(/import\s+(type\s+)?[^;]*?from\s+"@takt\/contracts"/g) ?? [];
      return imports.some((statement) => !/^import\s+type\b/.test(statement));
    });
    expect(offenders.map((path) => relative(root, path))).toEqual([]);
  });
});
