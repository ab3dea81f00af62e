import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The layering of the server (DESIGN.md, CONVENTIONS.md): a route parses, calls a use case and presents; SQL lives
// in domain/ (and db/), never in http/; nothing below http/ imports from it — only the entry points that build the
// server (main.ts, server.ts) stand above it.
const src = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

const relative = (file: string) => path.relative(src, file);

describe("server layers", () => {
  it("keep SQL out of http/", () => {
    const query = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\bsql</;
    const offenders = sources(path.join(src, "http")).filter((file) => query.test(fs.readFileSync(file, "utf8")));
    expect(offenders.map(relative)).toEqual([]);
  });

  it("let nothing below http/ import from it", () => {
    const offenders = sources(src)
      .filter(
        (file) => !["main.ts", "server.ts"].includes(relative(file)) && !relative(file).startsWith(`http${path.sep}`),
      )
      .filter((file) => {
        const imports = [...fs.readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)].map((match) => match[1] ?? "");
        return imports.some((spec) => relative(path.resolve(path.dirname(file), spec)).startsWith(`http${path.sep}`));
      });
    expect(offenders.map(relative)).toEqual([]);
  });
});
