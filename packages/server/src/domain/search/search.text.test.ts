import { describe, expect, it } from "vitest";
import { engineQuery, nameVariants, searchWords } from "./search.text.ts";

describe("search words", () => {
  it("keeps letters and digits of any script, drops operators", () => {
    expect(searchWords('Логотип "NEAR" OR* v2')).toEqual(["логотип", "near", "or", "v2"]);
    expect(searchWords("  -- ")).toEqual([]);
  });

  it("makes the last word a prefix on both engines", () => {
    expect(engineQuery("sqlite", ["landing", "pa"])).toBe('"landing" "pa"*');
    expect(engineQuery("postgres", ["landing", "pa"])).toBe("landing & pa:*");
  });

  it("escapes LIKE wildcards", () => {
    expect(nameVariants("50%")).toContain("%50\\%%");
  });
});
