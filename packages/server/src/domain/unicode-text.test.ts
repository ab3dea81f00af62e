import { describe, expect, it } from "vitest";
import { nameProblem, requireCleanName, textProblem } from "./unicode-text.ts";

describe("unicode text", () => {
  it("refuses lone surrogates anywhere, and keeps real pairs and ordinary text", () => {
    expect(textProblem("\ud800")).toMatch(/lone surrogate/);
    expect(textProblem("a\udc00b")).toMatch(/lone surrogate/);
    expect(textProblem("emoji 😀, кириллица, עברית")).toBeNull();
  });

  it("refuses bidirectional embeddings, overrides and isolates in names, naming the character", () => {
    expect(nameProblem("\u202Etxt.exe")).toBe(
      "contains a bidirectional control character (U+202E), which can disguise what the name says",
    );
    for (const control of ["\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      expect(nameProblem(`report${control}.pdf`)).toMatch(/bidirectional/);
    }
    // Marks used in right-to-left writing reorder nothing: they stay.
    expect(nameProblem("שלום\u200F (Shalom)")).toBeNull();
    expect(() => requireCleanName("\u2067x", "name")).toThrow(/^name: contains a bidirectional control/);
  });
});
