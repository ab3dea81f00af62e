import { describe, expect, it } from "vitest";
import { keyAfter, keyBetween, keysAfter } from "./ordering.ts";

describe("order keys", () => {
  it("always sort between their neighbours, however often a list is split", () => {
    let low = keyAfter(null);
    const high = keyAfter(low);
    for (let step = 0; step < 200; step += 1) {
      const middle = keyBetween(low, high);
      expect(low < middle && middle < high).toBe(true);
      low = middle;
    }
  });

  it("hands out ascending keys for a batch", () => {
    const keys = keysAfter(null, 50);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(50);
  });
});
