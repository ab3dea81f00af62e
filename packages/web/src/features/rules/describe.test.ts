import { afterAll, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { describePause, describeRun, type Names } from "./describe";
import type { RuleRun } from "./queries";

const names: Names = {
  sections: new Map([["8", "Review"]]),
  users: new Map(),
  projects: new Map(),
  tags: new Map(),
  templates: new Map(),
  fields: new Map(),
};

const run = (fields: Partial<RuleRun>): RuleRun => ({
  gid: "1",
  status: "succeeded",
  message: "as the server wrote it",
  depth: 0,
  task: null,
  created_at: "2026-12-01T10:00:00.000Z",
  ...fields,
});

const runs: [RuleRun, string, string][] = [
  [
    run({
      steps: [
        { type: "marked_complete" },
        { type: "assigned", user: { gid: "2", resource_type: "user", name: "Ann" } },
        { type: "due_on_set", due_on: "2026-12-24" },
        { type: "field_set", field: "notes" },
      ],
    }),
    "Marked this task complete, assigned this task to Ann, set the due date to Dec 24, 2026, set Description",
    "Отметило задачу выполненной, назначило задачу на Ann, поставило срок 24 дек. 2026 г., заполнило поле «Описание»",
  ],
  [
    run({ status: "skipped", condition: { type: "in_section", section: "8" } }),
    "Condition not met: In Review",
    "Условие не выполнено: В разделе «Review»",
  ],
  [
    run({ status: "failed", message: "the tag 12 was deleted", problem: { type: "tag_deleted", gid: "12" } }),
    "A tag it uses was deleted",
    "Метка, которую оно использует, удалена",
  ],
  // A problem without a name, and a run logged before runs kept their steps, read as the server wrote them.
  [run({ status: "failed", message: "not allowed", problem: { type: "other" } }), "not allowed", "not allowed"],
  [run({}), "as the server wrote it", "as the server wrote it"],
];

describe("the run log and a paused rule", () => {
  const original = i18n.language;
  afterAll(() => i18n.changeLanguage(original));

  for (const language of ["en", "ru"] as const) {
    it(`read in ${language === "en" ? "English" : "Russian"}`, async () => {
      await i18n.changeLanguage(language);
      const t = i18n.t.bind(i18n);
      for (const [input, english, russian] of runs)
        expect(describeRun(input, names, t, language)).toBe(language === "en" ? english : russian);
      const paused = {
        paused_reason: "the section 8 was deleted",
        paused_problem: { type: "section_deleted" as const },
      };
      expect(describePause(paused, t)).toBe(
        language === "en"
          ? "Paused: a section it moves tasks to was deleted"
          : "Приостановлено: раздел, в который оно переносит задачи, удалён",
      );
      expect(describePause({ paused_reason: "forbidden", paused_problem: { type: "other" } }, t)).toMatch(/forbidden$/);
    });
  }
});
