import { describe, expect, it } from "vitest";
import { InFlight, TokenBuckets } from "./rate-limit.ts";

describe("TokenBuckets", () => {
  it("allows a burst up to the limit, then refills at limit per window", () => {
    const buckets = new TokenBuckets(3, 60_000);
    const start = 1_000_000;
    expect([0, 1, 2].map(() => buckets.take("a", start))).toEqual([0, 0, 0]);
    // One request refills every 20 s: the answer says so.
    expect(buckets.take("a", start)).toBe(20);
    expect(buckets.take("a", start + 15_000)).toBe(5);
    expect(buckets.take("a", start + 20_000)).toBe(0);
    expect(buckets.take("a", start + 20_000)).toBeGreaterThan(0);
    // Other keys have their own bucket.
    expect(buckets.take("b", start)).toBe(0);
  });

  it("never holds more than a full bucket, however long a key was idle", () => {
    const buckets = new TokenBuckets(2, 1000);
    buckets.take("a", 0);
    expect([buckets.take("a", 1e9), buckets.take("a", 1e9), buckets.take("a", 1e9)]).toEqual([0, 0, 1]);
  });

  it("keeps memory bounded: idle keys are swept, and past maxKeys the oldest are forgotten", () => {
    const buckets = new TokenBuckets(10, 1000, 1000);
    for (let index = 0; index < 5000; index++) buckets.take(`key${index}`, index);
    expect(buckets.size).toBeLessThanOrEqual(1000);
    buckets.sweep(1_000_000);
    expect(buckets.size).toBe(0);
  });
});

describe("InFlight", () => {
  it("counts requests running per key and forgets a key once its requests end", () => {
    const running = new InFlight(2);
    expect([running.enter("a"), running.enter("a"), running.enter("a"), running.enter("b")]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    running.leave("a");
    expect(running.enter("a")).toBe(true);
    running.leave("a");
    running.leave("a");
    running.leave("b");
    expect(running.size).toBe(0);
  });
});
