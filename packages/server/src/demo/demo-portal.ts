import type { DemoApi } from "./demo-api.ts";
import type { DemoLanguage } from "./demo-content.ts";

// The client portal's demo: each client board gets a "Re-order" form (for its guests) and a "Review" form
// (public link), and a first status update, all through the public API as the board's owner.
export async function loadPortalDemo(
  owner: DemoApi,
  project: { gid: string; sections: string[] },
  language: DemoLanguage,
): Promise<void> {
  const L = (en: string, ru: string) => (language === "ru" ? ru : en);
  await owner.post(`/projects/${project.gid}/forms`, {
    title: L("Re-order", "Повторный заказ"),
    description: L("Order more of what we made for you.", "Закажите ещё то, что мы для вас сделали."),
    fields: [
      {
        key: "item",
        label: L("What to re-order", "Что заказать повторно"),
        type: "text",
        required: true,
        maps_to: "name",
      },
      { key: "quantity", label: L("Quantity", "Количество"), type: "number", required: true },
      { key: "deadline", label: L("Needed by", "Нужно к"), type: "date" },
      { key: "details", label: L("Details", "Подробности"), type: "textarea" },
    ],
    target_section: project.sections[0],
    access: "project_guests",
    allow_attachments: true,
  });
  await owner.post(`/projects/${project.gid}/forms`, {
    title: L("Review", "Отзыв"),
    description: L("How did we do?", "Как мы справились?"),
    fields: [
      {
        key: "rating",
        label: L("Rating", "Оценка"),
        type: "select",
        required: true,
        options: ["5", "4", "3", "2", "1"],
      },
      { key: "review", label: L("Your review", "Ваш отзыв"), type: "textarea", required: true },
    ],
    target_section: project.sections[0],
    access: "public_link",
  });
  await owner.post("/status_updates", {
    parent: project.gid,
    status_type: "on_track",
    title: L("On track", "Всё по плану"),
    text: L(
      "Work is moving as planned; next check-in on Thursday.",
      "Работа идёт по плану, следующая сверка в четверг.",
    ),
  });
}
