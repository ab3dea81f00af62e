import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every story is written by the derivation, from the events of the transaction that tells it: a command emits
// an event (with what the story needs in its change), never a story row of its own.
const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WRITES = /(insertInto|updateTable|deleteFrom)\(\s*"(stories|story_edits)"/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "migrations" ? [] : sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("the story writer", () => {
  it("is story.derive.ts alone", () => {
    const writers = sources(SOURCE)
      .filter((file) => WRITES.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(SOURCE, file));
    expect(writers).toEqual([path.join("domain", "stories", "story.derive.ts")]);
  });
});
