import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import i18n, { i18nReady, loadPageTexts } from "../i18n";
import { errorMessage, importProblemMessage } from "./notify";

// A Russian reader gets the server's refusals in Russian, worded from their codes; English stays for the rest.
describe("server refusals in the reader's language", () => {
  beforeAll(async () => {
    await i18nReady;
    await i18n.changeLanguage("ru");
  });

  const refusal = (detail: {
    message: string;
    field?: string;
    code?: string;
    params?: Record<string, string | number>;
  }) => new ApiError(400, detail.message, undefined, [detail]);

  it("words a too-long task name, a bad date and a form's required question", () => {
    const name = refusal({ message: "name: Too big", field: "name", code: "too_long", params: { max: 1024 } });
    expect(errorMessage(name)).toBe("Название: не длиннее 1024 символов");
    const date = refusal({ message: "due_on: must be a valid date", field: "due_on", code: "invalid_date" });
    expect(errorMessage(date)).toMatch(/^Срок: это не дата/);
    const order = refusal({
      message: "start_on: the start date …",
      field: "start_on",
      code: "start_after_due",
      params: { start: "2025-03-05", due: "2025-03-01" },
    });
    expect(errorMessage(order)).toBe("Дата начала: дата начала (2025-03-05) не может быть позже срока (2025-03-01)");
    const question = refusal({
      message: "values.budget: Missing input (Budget is required)",
      field: "values.budget",
      code: "form_required",
      params: { label: "Бюджет" },
    });
    expect(errorMessage(question)).toBe("«Бюджет» — обязательный вопрос");
  });

  it("words an import's refusal and a failed import's problem once the import page's texts are there", async () => {
    // Loaded while the app speaks English, as the import page does: Russian, chosen before, has them too.
    await i18n.changeLanguage("en");
    await loadPageTexts("imports");
    await i18n.changeLanguage("ru");
    const file = refusal({
      message: "file: is not a Trello board export",
      field: "file",
      code: "import.trello_not_board",
    });
    expect(errorMessage(file)).toBe("Файл — не экспорт доски Trello: нужен объект с id, lists и cards.");
    expect(
      importProblemMessage({
        code: "trello_card_without_id",
        params: { index: 3, name: "Логотип" },
        message: "cards[3]: a card without an id (Логотип)",
      }),
    ).toBe("cards[3]: карточка Trello без id (Логотип).");
    expect(i18n.t("imports.title")).toBe("Импорт проекта");
  });

  it("keeps the English text of a refusal without a code, and of an old import's line", () => {
    const plain = refusal({ message: "html_notes: cannot be set together with notes", field: "html_notes" });
    expect(errorMessage(plain)).toBe("Cannot be set together with notes");
    expect(importProblemMessage({ code: "text", params: { text: "an old line" }, message: "an old line" })).toBe(
      "an old line",
    );
  });
});
