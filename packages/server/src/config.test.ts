import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

const srcDir = path.dirname(fileURLToPath(import.meta.url));
const reference = fs.readFileSync(path.resolve(srcDir, "../../../docs/settings.md"), "utf8");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("the settings reference (docs/settings.md)", () => {
  it("lists every setting of the configuration", () => {
    const keys = Object.keys(loadConfig({ dataDir: "/tmp/takt-settings-check" }, {}));
    const missing = keys.filter((key) => !reference.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });

  it("lists every environment variable the server reads", () => {
    const read = new Set<string>();
    for (const file of sources(srcDir)) {
      const text = fs.readFileSync(file, "utf8");
      for (const match of text.matchAll(
        /envOf\("([A-Z0-9_]+)"\)|\benv\.([A-Z][A-Z0-9_]+)|process\.env\.([A-Z][A-Z0-9_]+)/g,
      )) {
        read.add(match[1] ?? match[2] ?? match[3]);
      }
    }
    const ignored = new Set(["NODE_ENV", "NODE_OPTIONS"]);
    const missing = [...read].filter((name) => !ignored.has(name) && !reference.includes(`\`${name}\``));
    expect(read.size).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
