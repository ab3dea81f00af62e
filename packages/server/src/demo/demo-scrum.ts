import type { Actor, Ctx } from "../domain/context.ts";
import { addTaskToSprint, completeSprint, setStoryPoints, startSprint } from "../domain/sprints/sprint.commands.ts";
import { recordPastCompletion } from "../domain/sprints/sprint.history.ts";
import { findSprint } from "../domain/sprints/sprint.queries.ts";
import { loadTask } from "../domain/tasks/task.queries.ts";
import type { DemoApi } from "./demo-api.ts";
import type { DemoLanguage } from "./demo-content.ts";

// The Scrum project of the demo: two finished sprints and a running one, so burndown and velocity have real
// shapes on first start. The project, sections and tasks are made through the API; the sprint history (points,
// planning, starts, completions, completing sprints) is written through the sprint commands with past times
// (their clock parameter), because burndown is replayed from event times. The API never takes a clock.

type Item = [en: string, ru: string, points: number, section: number, done?: number | null, addedOn?: number];

interface DemoSprint {
  name: [string, string];
  goal: [string, string];
  start: number; // days from today
  length: number;
  items: Item[];
}

const SPRINTS: DemoSprint[] = [
  {
    name: ["Sprint 1", "Спринт 1"],
    goal: ["Sign-up and onboarding", "Регистрация и онбординг"],
    start: -30,
    length: 14,
    items: [
      ["Sign-up form", "Форма регистрации", 3, 3, 2],
      ["Email confirmation", "Подтверждение email", 5, 3, 5],
      ["Onboarding tour", "Обучающий тур", 8, 3, 10],
      ["Password reset", "Сброс пароля", 3, 3, 7],
      ["Welcome email", "Приветственное письмо", 2, 3, 12],
      ["Profile settings page", "Страница настроек профиля", 5, 1, null],
      ["Fix avatar upload", "Исправить загрузку аватара", 2, 3, 9, 6],
    ],
  },
  {
    name: ["Sprint 2", "Спринт 2"],
    goal: ["Payments", "Платежи"],
    start: -16,
    length: 14,
    items: [
      ["Payment provider integration", "Интеграция платёжного провайдера", 8, 3, 6],
      ["Invoices list", "Список счетов", 5, 3, 9],
      ["Subscription plans page", "Страница тарифов", 3, 3, 4],
      ["Receipts by email", "Чеки на email", 3, 3, 12],
      ["Refunds", "Возвраты", 5, 2, null],
      ["Failed payment retry", "Повтор неудачного платежа", 3, 3, 11, 5],
    ],
  },
  {
    name: ["Sprint 3", "Спринт 3"],
    goal: ["Team workspace", "Командное пространство"],
    start: -3,
    length: 14,
    items: [
      ["Invite teammates", "Приглашение коллег", 5, 3, 1],
      ["Roles and permissions", "Роли и права", 8, 1, null],
      ["Activity feed", "Лента активности", 5, 1, null],
      ["Team billing", "Оплата за команду", 3, 0, null],
      ["Usage dashboard", "Панель использования", 5, 2, 2],
    ],
  },
];

const BACKLOG: Item[] = [
  ["Dark theme", "Тёмная тема", 3, 0],
  ["Export to CSV", "Экспорт в CSV", 2, 0],
  ["Mobile push notifications", "Push-уведомления", 8, 0],
  ["Two-factor authentication", "Двухфакторная аутентификация", 5, 0],
];

// A moment `offset` days from today (UTC) at `hour`, never later than a minute ago: history is in the past.
function dayFrom(offset: number, hour: number) {
  const day = new Date();
  day.setUTCHours(hour, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() + offset);
  const latest = Date.now() - 60_000;
  return new Date(Math.min(day.getTime(), latest)).toISOString();
}

function dateFrom(offset: number) {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

export async function loadScrumDemo(
  ctx: Ctx,
  owner: { api: DemoApi; actor: Actor },
  options: { workspaceGid: string; teamGid?: string; language: DemoLanguage; assignees: string[] },
) {
  const ru = options.language === "ru";
  const pick = (pair: [string, string] | Item) => (ru ? pair[1] : pair[0]);
  const sprintCtx = { ...ctx, actor: owner.actor };
  const project = await owner.api.post("/projects", {
    name: ru ? "Продуктовая команда" : "Product team",
    notes: ru
      ? "Скрам-команда продукта: бэклог, спринты, бёрндаун."
      : "The product's Scrum team: backlog, sprints, burndown.",
    default_view: "board",
    privacy_setting: "public_to_workspace",
    workspace: options.workspaceGid,
    ...(options.teamGid ? { team: options.teamGid } : {}),
  });
  await owner.api.post(`/projects/${project.gid}/scrum`, { scrum_enabled: true });
  const names = ru ? ["К выполнению", "В работе", "Ревью", "Готово"] : ["To do", "In progress", "Review", "Done"];
  const existing = await owner.api.get(`/projects/${project.gid}/sections`);
  const sections: string[] = [];
  for (const [index, name] of names.entries()) {
    const reuse = existing[index];
    sections.push(
      (reuse
        ? await owner.api.put(`/sections/${reuse.gid}`, { name })
        : await owner.api.post(`/projects/${project.gid}/sections`, { name })
      ).gid,
    );
  }
  let counter = 0;
  const makeTask = async (item: Item) => {
    const task = await owner.api.post("/tasks", {
      name: pick(item),
      assignee: options.assignees[counter++ % options.assignees.length],
      memberships: [{ project: project.gid, section: sections[item[3]] }],
    });
    return Number(task.gid);
  };
  const load = async (gid: number) => (await loadTask(ctx.db, gid))!;
  const sprintGids: number[] = [];
  for (const sprint of SPRINTS) {
    const created = await owner.api.post(`/projects/${project.gid}/sprints`, {
      name: pick(sprint.name),
      goal: pick(sprint.goal),
      start_on: dateFrom(sprint.start),
      end_on: dateFrom(sprint.start + sprint.length - 1),
      capacity_points: 30,
    });
    sprintGids.push(Number(created.gid));
  }
  let carried: number[] = [];
  for (const [index, sprint] of SPRINTS.entries()) {
    const row = async () => (await findSprint(ctx.db, sprintGids[index]))!;
    const plannedAt = dayFrom(sprint.start - 1, 14);
    const tasks: { gid: number; item: Item }[] = [];
    for (const item of sprint.items) {
      const gid = await makeTask(item);
      tasks.push({ gid, item });
      const when = item[5] === undefined ? plannedAt : dayFrom(sprint.start + item[5], 11);
      await setStoryPoints(sprintCtx, await load(gid), item[2], { now: item[5] === undefined ? plannedAt : when });
      if (item[5] === undefined) await addTaskToSprint(sprintCtx, await row(), await load(gid), { now: when });
    }
    await startSprint(sprintCtx, await row(), { now: dayFrom(sprint.start, 9) });
    for (const { gid, item } of tasks) {
      if (item[5] !== undefined) {
        await addTaskToSprint(sprintCtx, await row(), await load(gid), { now: dayFrom(sprint.start + item[5], 11) });
      }
    }
    // Carried-over work finishes early in the next sprint.
    for (const gid of carried) {
      await recordPastCompletion(sprintCtx, await load(gid), dayFrom(sprint.start + 3, 16));
    }
    for (const { gid, item } of tasks) {
      const done = item[4];
      if (done !== null && done !== undefined && sprint.start + done <= 0) {
        await recordPastCompletion(sprintCtx, await load(gid), dayFrom(sprint.start + done, 16));
      }
    }
    if (sprint.start + sprint.length <= 0) {
      const next = index + 1 < SPRINTS.length ? await findSprint(ctx.db, sprintGids[index + 1]) : null;
      carried = tasks.filter(({ item }) => item[4] === null).map(({ gid }) => gid);
      await completeSprint(sprintCtx, await row(), next ?? null, {
        now: dayFrom(sprint.start + sprint.length - 1, 17),
      });
    }
  }
  for (const item of BACKLOG) {
    const gid = await makeTask(item);
    await setStoryPoints(sprintCtx, await load(gid), item[2], { now: dayFrom(-5, 10) });
  }
  // The Done column means done from now on (the history above recorded its own completions).
  await owner.api.put(`/sections/${sections[sections.length - 1]}`, { marks_complete: true });
  return { projectGid: project.gid, sprintGids };
}
