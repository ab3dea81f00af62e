import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, parseKey, seal } from "./secret-box.ts";

describe("secret box", () => {
  const key = crypto.randomBytes(32);

  it("round-trips a value with a fresh IV each time", () => {
    const first = seal(key, "p@ssw0rd — пароль");
    const second = seal(key, "p@ssw0rd — пароль");
    expect(first).not.toEqual(second);
    expect(first).not.toContain("p@ssw0rd");
    expect(open(key, first)).toBe("p@ssw0rd — пароль");
  });

  it("refuses a tampered value or another key", () => {
    const sealed = Buffer.from(seal(key, "secret"), "base64");
    sealed[sealed.length - 1] ^= 1;
    expect(() => open(key, sealed.toString("base64"))).toThrow();
    expect(() => open(crypto.randomBytes(32), seal(key, "secret"))).toThrow();
  });

  it("reads keys as hex or base64 of 32 bytes", () => {
    expect(parseKey(key.toString("hex"))).toEqual(key);
    expect(parseKey(key.toString("base64"))).toEqual(key);
    expect(() => parseKey("short")).toThrow();
  });
});
