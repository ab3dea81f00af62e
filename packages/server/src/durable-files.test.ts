import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileDurably, writeFileDurably } from "./durable-files.ts";

describe("writeFileDurably", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-durable-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes the file whole, replaces an older one at once and leaves nothing beside it", () => {
    const dir = tempDir();
    const file = path.join(dir, "exports", "export-1.jsonl.gz");
    writeFileDurably(file, "first");
    expect(fs.readFileSync(file, "utf8")).toBe("first");
    writeFileDurably(file, Buffer.from("second, longer"));
    expect(fs.readFileSync(file, "utf8")).toBe("second, longer");
    expect(fs.readdirSync(path.dirname(file))).toEqual(["export-1.jsonl.gz"]);
  });

  it("leaves what was there and no partial file when the file cannot be put in place", () => {
    const dir = tempDir();
    const file = path.join(dir, "taken");
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, "inside"), "kept");
    expect(() => writeFileDurably(file, "new")).toThrow();
    expect(fs.readdirSync(dir)).toEqual(["taken"]);
    expect(fs.readFileSync(path.join(file, "inside"), "utf8")).toBe("kept");
  });
});

describe("createFileDurably", () => {
  it("creates a file once, whole and readable by its owner only, and keeps the first when asked again", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-durable-"));
    try {
      const file = path.join(dir, "data", "secret.key");
      expect(createFileDurably(file, "first key\n", 0o600)).toBe(true);
      expect(createFileDurably(file, "second key\n", 0o600)).toBe(false);
      expect(fs.readFileSync(file, "utf8")).toBe("first key\n");
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(path.dirname(file))).toEqual(["secret.key"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
