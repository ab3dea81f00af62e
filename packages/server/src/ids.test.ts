import { describe, expect, it } from "vitest";
import { newGid, parseGid } from "./ids.ts";

describe("newGid", () => {
  it("always increases within one process, even past 4,096 ids in one millisecond", () => {
    let previous = newGid();
    for (let i = 0; i < 50_000; i += 1) {
      const next = newGid();
      expect(next).toBeGreaterThan(previous);
      previous = next;
    }
  });

  it("stays an exact JavaScript integer that parses back", () => {
    const gid = newGid();
    expect(Number.isSafeInteger(gid)).toBe(true);
    expect(parseGid(String(gid))).toBe(gid);
  });
});
