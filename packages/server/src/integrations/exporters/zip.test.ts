import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crc32, readZip, ZipWriter } from "./zip.ts";

describe("zip writer", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789")).toString(16)).toBe("cbf43926");
  });

  it("writes an archive that reads back, names in UTF-8 included", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takt-zip-"));
    const file = path.join(dir, "export.zip");
    const zip = new ZipWriter(file);
    zip.add("workspace.json", Buffer.from(JSON.stringify({ name: "Агентство" })));
    zip.add("attachments/1/логотип.png", Buffer.alloc(5000, 7));
    zip.add("empty.txt", Buffer.alloc(0));
    zip.close();
    const entries = readZip(fs.readFileSync(file));
    expect([...entries.keys()]).toEqual(["workspace.json", "attachments/1/логотип.png", "empty.txt"]);
    expect(JSON.parse(entries.get("workspace.json")!.toString()).name).toBe("Агентство");
    expect(entries.get("attachments/1/логотип.png")!.equals(Buffer.alloc(5000, 7))).toBe(true);
    // An independent reader agrees, where one is on the machine.
    let python = true;
    try {
      execFileSync("python3", ["--version"]);
    } catch {
      python = false;
    }
    if (python) {
      const verdict = execFileSync("python3", [
        "-c",
        "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(len(z.namelist()))",
        file,
      ]).toString();
      expect(verdict.trim().split("\n")).toEqual(["None", "3"]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
