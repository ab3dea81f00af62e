import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { IMPORT_PROBLEMS, problem } from "./import.problems.ts";

// The import page's texts, which load with that page (web/src/i18n/index.ts).
type Translations = { importProblem: Record<string, string> };
const read = (language: string): Translations =>
  JSON.parse(fs.readFileSync(new URL(`../../../../web/src/i18n/imports.${language}.json`, import.meta.url), "utf8"));
const en = read("en");
const ru = read("ru");

const vars = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]))].sort();

// The web app words every code the server can send, in English and Russian; its wording may name a value the
// English message leaves to the field ("the file has no such column" → which column), never one it lacks.
describe("import problems", () => {
  it("has a wording in the web app for every code, using only the values the code carries", () => {
    for (const [code, english] of Object.entries(IMPORT_PROBLEMS)) {
      for (const language of [en, ru]) {
        const wording = language.importProblem[code];
        expect(wording, `${code} in the web app`).toBeTypeOf("string");
        for (const name of vars(wording)) {
          if (vars(english).includes(name)) continue;
          expect(["column"], `${code}: {{${name}}} is not a value of the code`).toContain(name);
        }
      }
    }
  });

  it("words a problem in English from its values", () => {
    expect(problem("trello_card_without_id", { index: 3, name: "Logo" }).message).toBe(
      "cards[3]: a card without an id (Logo)",
    );
  });
});
