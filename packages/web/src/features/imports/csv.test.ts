import { describe, expect, it } from "vitest";
import { toBase64 } from "./csv";

describe("toBase64", () => {
  it("encodes bytes", () => {
    expect(toBase64(new Uint8Array([0xcf, 0xf0, 0xe8]))).toBe("z/Do");
  });

  it("encodes more bytes than one String.fromCharCode call takes", () => {
    const bytes = new Uint8Array(100_000).fill(0x41);
    expect(atob(toBase64(bytes))).toHaveLength(100_000);
  });
});
