import { describe, expect, it } from "vitest";
import { jsonErrorAt, parseJsonFile } from "./import.plan.ts";

describe("where a file stops being JSON", () => {
  it("names the line and column of the first thing that cannot be there, or a cut-off end", () => {
    expect(jsonErrorAt('{"cards": [\n  {"id": "c1"},\n  {"id": "c2",}\n]}')).toBe('line 3, column 15, at "}\\n]}"');
    expect(jsonErrorAt('{"id": "b", "lists": [')).toBe("it ends too early (is it cut off?)");
    expect(jsonErrorAt('{"name": "Ромашка\u0001"}')).toBe('line 1, column 18, at "\\u0001\\"}"');
    expect(jsonErrorAt("[1, 2] 3")).toBe('line 1, column 8, at "3"');
    expect(jsonErrorAt("{'a': 1}")).toBe("line 1, column 2, at \"'a': 1}\"");
    expect(jsonErrorAt('{"a": tru}')).toBe('line 1, column 7, at "tru}"');
    expect(jsonErrorAt('[{"a": [1e5, -0.5, "\\u00e9\\n"]}, null, true]')).toBe("");
    // Deep nesting is walked without recursion.
    expect(jsonErrorAt(`${"[".repeat(200_000)}x`)).toBe('line 1, column 200001, at "x"');
  });

  it("refuses with the file's entry and where", () => {
    expect(() => parseJsonFile('\uFEFF{"ok": 1,}', "board.json")).toThrow(
      'file: board.json is not valid JSON: line 1, column 10, at "}"',
    );
    expect(parseJsonFile('\uFEFF{"ok": 1}')).toEqual({ ok: 1 });
  });
});
