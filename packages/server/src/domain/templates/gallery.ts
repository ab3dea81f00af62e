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

// English or Russian text, chosen by the workspace creator's language.
type Say = (en: string, ru: string) => string;
const sayIn =
  (ru: boolean): Say =>
  (en, russian) =>
    ru ? russian : en;

function withNotes(text: string): Partial<TemplateTask> {
  return { notes: text, html_notes: `<body>${text}</body>` };
}

export function clientOnboarding(ru = false): ProjectTemplateContent {
  const say = sayIn(ru);
  key = 0;
  const kickoff = task(
    say("Kick-off call with the client", "Установочный созвон с клиентом"),
    0,
    ROLE_CURATOR,
    0,
    withNotes(say("Agree on goals, contacts and the schedule.", "Договориться о целях, контактах и сроках.")),
  );
  const brief = task(say("Collect the brief", "Собрать бриф"), 0, ROLE_CURATOR, 2, {
    depends_on: [kickoff.key],
    subtasks: [
      task(say("Brand assets and logins", "Брендбук и доступы"), null, ROLE_CURATOR, 1),
      task(say("Competitors and references", "Конкуренты и референсы"), null, null, 2),
    ],
  });
  const concept = task(say("Design concept", "Дизайн-концепция"), 1, ROLE_DESIGNER, 5, { depends_on: [brief.key] });
  const review = task(say("Client review of the concept", "Согласование концепции с клиентом"), 2, ROLE_CURATOR, 7, {
    depends_on: [concept.key],
    resource_subtype: "approval",
  });
  return {
    skip_weekends: true,
    start_date_gid: "1",
    default_view: "board",
    roles: [
      { gid: ROLE_CURATOR, name: say("Curator", "Куратор"), default_user_gid: null },
      { gid: ROLE_DESIGNER, name: say("Designer", "Дизайнер"), default_user_gid: null },
    ],
    sections: [
      { name: say("Onboarding", "Онбординг") },
      { name: say("In work", "В работе") },
      { name: "QA" },
      { name: say("Done", "Готово"), marks_complete: true },
    ],
    tasks: [kickoff, brief, concept, review],
    rules: [doneRule(say, 3)],
  };
}

function doneRule(say: Say, section: number): ProjectTemplateContent["rules"][0] {
  return {
    name: say("Completed → Done", "Выполнено → Готово"),
    enabled: true,
    trigger: { type: "task_completed" },
    conditions: [],
    actions: [{ type: "move_to_section", section: `$section:${section}` }],
  };
}

export function scrumTeam(ru = false): ProjectTemplateContent {
  const say = sayIn(ru);
  key = 0;
  return {
    skip_weekends: true,
    start_date_gid: "1",
    default_view: "board",
    roles: [{ gid: "201", name: say("Scrum master", "Скрам-мастер"), default_user_gid: null }],
    sections: [
      { name: say("Backlog", "Бэклог") },
      { name: say("Sprint", "Спринт") },
      { name: say("In progress", "В работе") },
      { name: say("Review", "На проверке") },
      { name: say("Done", "Готово"), marks_complete: true },
    ],
    tasks: [
      task(say("Sprint planning", "Планирование спринта"), 1, "201", 0),
      task(say("Daily stand-up", "Ежедневный стендап"), 1, "201", 1),
      task(say("Sprint review", "Обзор спринта"), 1, "201", 9, { resource_subtype: "milestone" }),
      task(say("Retrospective", "Ретроспектива"), 1, "201", 9),
    ],
    rules: [doneRule(say, 4)],
  };
}

export function contentPlan(ru = false): ProjectTemplateContent {
  const say = sayIn(ru);
  key = 0;
  const editor = "301";
  const ideas = task(say("Collect topics for the month", "Собрать темы на месяц"), 0, editor, 0);
  const plan = task(say("Approve the content plan", "Согласовать контент-план"), 0, editor, 2, {
    depends_on: [ideas.key],
    resource_subtype: "approval",
  });
  return {
    skip_weekends: true,
    start_date_gid: "1",
    default_view: "calendar",
    roles: [{ gid: editor, name: say("Editor", "Редактор"), default_user_gid: null }],
    sections: [
      { name: say("Ideas", "Идеи") },
      { name: say("Writing", "Пишется") },
      { name: say("Design", "Дизайн") },
      { name: say("Scheduled", "Запланировано") },
      { name: say("Published", "Опубликовано"), marks_complete: true },
    ],
    tasks: [
      ideas,
      plan,
      task(say("Post: product news", "Пост: новости продукта"), 1, editor, 5),
      task(say("Post: customer story", "Пост: история клиента"), 1, editor, 8),
      task(say("Monthly report", "Отчёт за месяц"), 4, editor, 20, { resource_subtype: "milestone" }),
    ],
    rules: [doneRule(say, 4)],
  };
}

export function botLaunch(ru = false): ProjectTemplateContent {
  const say = sayIn(ru);
  key = 0;
  const lead = "401";
  const developer = "402";
  const scenario = task(say("Write the dialogue scenario", "Написать сценарий диалога"), 0, lead, 2);
  const approve = task(say("Client approves the scenario", "Клиент согласует сценарий"), 0, lead, 4, {
    depends_on: [scenario.key],
    resource_subtype: "approval",
  });
  const build = task(say("Build the bot", "Собрать бота"), 1, developer, 9, { depends_on: [approve.key] });
  const test = task(say("Test with the client", "Тестирование с клиентом"), 2, lead, 12, { depends_on: [build.key] });
  return {
    skip_weekends: true,
    start_date_gid: "1",
    default_view: "board",
    roles: [
      { gid: lead, name: say("Bot lead", "Руководитель бота"), default_user_gid: null },
      { gid: developer, name: say("Developer", "Разработчик"), default_user_gid: null },
    ],
    sections: [
      { name: say("Scenario", "Сценарий") },
      { name: say("Development", "Разработка") },
      { name: say("Testing", "Тестирование") },
      { name: say("Launched", "Запущен"), marks_complete: true },
    ],
    tasks: [
      scenario,
      approve,
      build,
      test,
      task(say("Launch", "Запуск"), 3, lead, 14, { resource_subtype: "milestone", depends_on: [test.key] }),
    ],
    rules: [doneRule(say, 3)],
  };
}

// Puts the gallery's templates into a workspace, owned by `actor` (its creator), public to the workspace, in the
// creator's language. Every new workspace gets them, the demo's too.
export async function loadTemplateGallery(
  ctx: Ctx & { actor: Actor },
  workspaceGid: number,
  language: string,
): Promise<void> {
  const ru = language.startsWith("ru");
  const say = sayIn(ru);
  const entries = [
    {
      name: say("Client onboarding", "Онбординг клиента"),
      description: say(
        "A new client's first weeks: kick-off, brief, concept, review.",
        "Первые недели нового клиента: знакомство, бриф, концепция, согласование.",
      ),
      content: clientOnboarding(ru),
    },
    {
      name: say("Scrum team", "Scrum-команда"),
      description: say("A sprint board with the Scrum ceremonies.", "Доска спринта со встречами Scrum."),
      content: scrumTeam(ru),
    },
    {
      name: say("Content plan", "Контент-план"),
      description: say(
        "A month of posts: ideas, writing, design, scheduling, publishing.",
        "Месяц публикаций: идеи, тексты, дизайн, планирование, выход.",
      ),
      content: contentPlan(ru),
    },
    {
      name: say("Bot launch", "Запуск бота"),
      description: say(
        "A chatbot from scenario to launch, with the client's approval.",
        "Чат-бот от сценария до запуска, с согласованием клиента.",
      ),
      content: botLaunch(ru),
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
