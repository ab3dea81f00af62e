import { describe, expect, it } from "vitest";
import { HandledIds } from "./consumer.ts";

// The ids a consumer handled recently, checked against a plain Set doing the same work.
describe("HandledIds", () => {
  it("answers like a set of ids while batches, late commits and forgetting interleave", () => {
    const ids = new HandledIds();
    const reference = new Set<number>();
    let next = 378_944_714_605_071; // a gid of today: past the small-integer range, as real event ids are
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      // A fresh batch in ascending order, sometimes with a late commit below what was handled.
      const batch = 1 + random(300);
      for (let index = 0; index < batch; index++) {
        next += 1 + random(5000);
        ids.add(next);
        reference.add(next);
      }
      if (random(3) === 0) {
        const late = next - 1 - random(2_000_000);
        ids.add(late);
        reference.add(late);
        // Handing an id over twice counts it once.
        ids.add(late);
      }
      // The window behind the cursor moves on.
      const floor = next - 40_000_000;
      ids.dropThrough(floor);
      for (const id of reference) if (id <= floor) reference.delete(id);

      expect(ids.size).toBe(reference.size);
      const low = next - random(60_000_000);
      const high = low + random(30_000_000);
      const expected = [...reference].filter((id) => id > low && id <= high).length;
      expect(ids.countIn(low, high)).toBe(expected);
      const probe = [...reference][random(reference.size)];
      expect(ids.has(probe)).toBe(true);
      expect(ids.has(probe + 0.5)).toBe(false);
      expect(ids.has(floor)).toBe(false);
    }
  });

  it("forgets everything at or below the floor and starts again empty", () => {
    const ids = new HandledIds();
    for (const id of [10, 20, 30]) ids.add(id);
    ids.dropThrough(20);
    expect(ids.size).toBe(1);
    expect(ids.has(20)).toBe(false);
    expect(ids.has(30)).toBe(true);
    ids.dropThrough(30);
    expect(ids.size).toBe(0);
    ids.add(5);
    expect(ids.countIn(0, 10)).toBe(1);
  });
});
