import { describe, expect, it } from "vitest";
import { searchDocument, stem } from "../../db/search-text.ts";
import { nameVariants, searchWords, sqliteNameQuery, sqliteQuery } from "./search.text.ts";

describe("search words", () => {
  it("keeps letters and digits of any script, drops operators", () => {
    expect(searchWords('Логотип "NEAR" OR* v2')).toEqual(["логотип", "near", "or", "v2"]);
    expect(searchWords("  -- ")).toEqual([]);
  });

  it("stems Russian and English word forms to one term", () => {
    expect(new Set(["роботов", "робота", "робот", "роботы"].map(stem))).toEqual(new Set(["робот"]));
    expect(new Set(["pages", "page"].map(stem))).toEqual(new Set(["page"]));
    expect(stem("ёлки")).toBe(stem("елки"));
  });

  it("indexes the text as written and then the stems that differ from their words", () => {
    expect(searchDocument("Тест роботов")).toBe("Тест роботов\nробот");
    expect(searchDocument("robot")).toBe("robot");
    expect(searchDocument(null)).toBe("");
  });

  it("matches whole words by stem and the last word by its stem or as a prefix as written", () => {
    expect(sqliteQuery(["роботов", "landi"])).toBe('"робот" AND "landi"*');
    expect(sqliteQuery(["роботов"])).toBe('("роботов"* OR "робот")');
    expect(sqliteNameQuery(["робот", "pages"])).toBe('name : ("робот"* AND ("pages"* OR "page"))');
  });

  it("escapes LIKE wildcards", () => {
    expect(nameVariants("50%")).toContain("%50\\%%");
  });
});
