import type { DemoApi } from "./demo-api.ts";
import type { DemoLanguage } from "./demo-content.ts";

// Each client board's rules (issue 7), created through the public API by the board's owner, its curator:
// completed → Done; moved to In work → the curator follows the task and gets a comment; a client's request
// form → assigned round-robin to the production team's specialists.
export async function loadDemoRules(
  owner: DemoApi,
  project: { gid: string; sections: string[] },
  people: { curator: { gid: string; name: string }; production: string[] },
  language: DemoLanguage,
): Promise<void> {
  const L = (en: string, ru: string) => (language === "ru" ? ru : en);
  const [, inWork, , done] = project.sections;
  await owner.post("/rules", {
    project: project.gid,
    name: L("When task is completed → move to Done", "Задача выполнена → в «Готово»"),
    trigger: { type: "task_completed" },
    actions: [{ type: "move_to_section", section: done }],
  });
  await owner.post("/rules", {
    project: project.gid,
    name: L("When moved to In work → notify curator", "Перенесена в «В работе» → уведомить куратора"),
    trigger: { type: "task_moved_to_section", section: inWork },
    actions: [
      { type: "add_follower", user: people.curator.gid },
      {
        type: "add_comment",
        text: L(
          `@${people.curator.name}, this task is now in work.`,
          `@${people.curator.name}, задача взята в работу.`,
        ),
      },
    ],
  });
  await owner.post("/rules", {
    project: project.gid,
    name: L(
      "When a client request form is submitted → assign round-robin to the production team",
      "Отправлена заявка клиента → назначить по очереди на команду производства",
    ),
    trigger: { type: "form_submitted" },
    actions: [{ type: "set_assignee", users: people.production }],
  });
}
