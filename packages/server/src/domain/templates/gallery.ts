import type { Actor, Ctx } from "../context.ts";
import { createProjectTemplate } from "./project-template.commands.ts";
import type { ProjectTemplateContent, TemplateTask } from "./project-template.content.ts";

// The templates every new workspace's gallery can offer (the demo loads them).
let key = 0;
function task(
  name: string,
  section: number | null,
  role: string | null,
  due: number | null,
  extra: Partial<TemplateTask> = {},
): TemplateTask {
  key += 1;
  return {
    key,
    name,
    notes: "",
    html_notes: "<body></body>",
    resource_subtype: "default_task",
    section,
    role,
    due_offset: due,
    start_offset: null,
    depends_on: [],
    subtasks: [],
    ...extra,
  };
}

export const ROLE_CURATOR = "101";
export const ROLE_DESIGNER = "102";

// The gallery speaks the workspace's language: Russian workspaces get Russian sections, tasks, roles and rules.
const say = (ru: boolean, en: string, russian: string) => (ru ? russian : en);

export function clientOnboarding(language = "en"): ProjectTemplateContent {
  const ru = language.startsWith("ru");
  key = 0;
  const goals = say(ru, "Agree on goals, contacts and the schedule.", "Договориться о целях, контактах и графике.");
  const kickoff = task(say(ru, "Kick-off call with the client", "Установочный созвон с клиентом"), 0, ROLE_CURATOR, 0, {
    notes: goals,
    html_notes: `<body>${goals}</body>`,
  });
  const brief = task(say(ru, "Collect the brief", "Собрать бриф"), 0, ROLE_CURATOR, 2, {
    depends_on: [kickoff.key],
    subtasks: [
      task(say(ru, "Brand assets and logins", "Материалы бренда и доступы"), null, ROLE_CURATOR, 1),
      task(say(ru, "Competitors and references", "Конкуренты и референсы"), null, null, 2),
    ],
  });
  const concept = task(say(ru, "Design concept", "Дизайн-концепция"), 1, ROLE_DESIGNER, 5, {
    depends_on: [brief.key],
  });
  const review = task(
    say(ru, "Client review of the concept", "Согласование концепции с клиентом"),
    2,
    ROLE_CURATOR,
    7,
    {
      depends_on: [concept.key],
    },
  );
  return {
    skip_weekends: true,
    start_date_gid: "1",
    roles: [
      { gid: ROLE_CURATOR, name: say(ru, "Curator", "Куратор"), default_user_gid: null },
      { gid: ROLE_DESIGNER, name: say(ru, "Designer", "Дизайнер"), default_user_gid: null },
    ],
    sections: [
      { name: say(ru, "Onboarding", "Онбординг") },
      { name: say(ru, "In work", "В работе") },
      { name: say(ru, "QA", "Проверка") },
      { name: say(ru, "Done", "Готово"), marks_complete: true },
    ],
    tasks: [kickoff, brief, concept, review],
    rules: [
      {
        name: say(ru, "Completed → Done", "Выполнена → «Готово»"),
        enabled: true,
        trigger: { type: "task_completed" },
        conditions: [],
        actions: [{ type: "move_to_section", section: "$section:3" }],
      },
    ],
  };
}

export function scrumTeam(language = "en"): ProjectTemplateContent {
  const ru = language.startsWith("ru");
  key = 0;
  return {
    skip_weekends: true,
    start_date_gid: "1",
    roles: [{ gid: "201", name: say(ru, "Scrum master", "Скрам-мастер"), default_user_gid: null }],
    sections: [
      { name: say(ru, "Backlog", "Бэклог") },
      { name: say(ru, "Sprint", "Спринт") },
      { name: say(ru, "In progress", "В работе") },
      { name: say(ru, "Review", "Ревью") },
      { name: say(ru, "Done", "Готово"), marks_complete: true },
    ],
    tasks: [
      task(say(ru, "Sprint planning", "Планирование спринта"), 1, "201", 0),
      task(say(ru, "Daily stand-up", "Ежедневный стендап"), 1, "201", 1),
      task(say(ru, "Sprint review", "Обзор спринта"), 1, "201", 9),
      task(say(ru, "Retrospective", "Ретроспектива"), 1, "201", 9),
    ],
    rules: [
      {
        name: say(ru, "Completed → Done", "Выполнена → «Готово»"),
        enabled: true,
        trigger: { type: "task_completed" },
        conditions: [],
        actions: [{ type: "move_to_section", section: "$section:4" }],
      },
    ],
  };
}

// Puts the gallery's templates into a workspace, owned by `actor` (the demo's CEO), public to the workspace.
export async function loadTemplateGallery(
  ctx: Ctx & { actor: Actor },
  workspaceGid: number,
  language: string,
): Promise<void> {
  const ru = language.startsWith("ru");
  const entries = [
    {
      name: ru ? "Онбординг клиента" : "Client onboarding",
      description: ru
        ? "Первые недели нового клиента: знакомство, бриф, концепция, согласование."
        : "A new client's first weeks: kick-off, brief, concept, review.",
      content: clientOnboarding(language),
    },
    {
      name: ru ? "Scrum-команда" : "Scrum team",
      description: ru ? "Доска спринта со встречами Scrum." : "A sprint board with the Scrum ceremonies.",
      content: scrumTeam(language),
    },
  ];
  for (const entry of entries) {
    await createProjectTemplate(ctx, {
      workspace_gid: workspaceGid,
      team_gid: null,
      owner_gid: ctx.actor.gid,
      name: entry.name,
      description: entry.description,
      color: null,
      public: 1,
      content: entry.content,
    });
  }
}
