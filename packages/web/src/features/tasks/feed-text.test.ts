import dayjs from "dayjs";
import { afterAll, describe, expect, it } from "vitest";
import type { Story } from "../../api/types";
import i18n from "../../i18n";
import { parseDuration } from "../time/duration";
import { systemText } from "./feed-text";

const story = (resource_subtype: string, text: string, fields: Partial<Story> = {}): Story => ({
  gid: "1",
  created_at: "2025-03-01T10:00:00.000Z",
  created_by: { gid: "2", name: "Ann" },
  type: "system",
  resource_subtype,
  text,
  ...fields,
});

const project = { gid: "3", resource_type: "project", name: "Website" };
const nextYear = dayjs().year() + 1;

const cases: [Story, string, string][] = [
  [
    story("added_to_project", "created this task in Website", { project }),
    "created this task in Website",
    "создал(а) задачу в проекте Website",
  ],
  [
    story("added_to_project", "added this task to Website", { project }),
    "added this task to Website",
    "добавил(а) задачу в проект Website",
  ],
  [
    story("removed_from_project", "removed this task from Website", { project }),
    "removed this task from Website",
    "убрал(а) задачу из проекта Website",
  ],
  [
    story("due_date_changed", "changed the due date to …", {
      new_dates: { start_on: null, due_on: `${nextYear}-03-05`, due_at: null },
    }),
    `changed the due date to Mar 5, ${nextYear}`,
    `изменил(а) срок на 5 мар. ${nextYear} г.`,
  ],
  [
    story("due_date_changed", "removed the due date", { new_dates: { start_on: null, due_on: null, due_at: null } }),
    "removed the due date",
    "убрал(а) срок",
  ],
  [story("notes_changed", "changed the description"), "changed the description", "изменил(а) описание"],
  [
    story("enum_custom_field_changed", "changed Priority to High", {
      custom_field: { gid: "4", name: "Priority" },
      new_display_value: "High",
    }),
    "changed Priority to High",
    "изменил(а) поле «Priority» на High",
  ],
  [
    story("number_custom_field_changed", "cleared Budget", {
      custom_field: { gid: "5", name: "Budget" },
      new_display_value: null,
    }),
    "cleared Budget",
    "очистил(а) поле «Budget»",
  ],
  [
    story("text_custom_field_changed", "changed the secret field Password", {
      custom_field: { gid: "6", name: "Password" },
    }),
    "changed the secret field Password",
    "изменил(а) секретное поле «Password»",
  ],
  [
    story("dependency_added", 'added the dependency "Design"', { dependency: { gid: "7", name: "Design" } }),
    "added the dependency “Design”",
    "добавил(а) зависимость от «Design»",
  ],
  [
    story("approval_status_changed", "requested changes: bigger logo", { new_approval_status: "changes_requested" }),
    "requested changes: bigger logo",
    "запросил(а) изменения: bigger logo",
  ],
  [story("time_logged", "logged 1h 30m", { duration_minutes: 90 }), "logged 1h 30m", "записал(а) 1 ч 30 мин"],
  [story("time_logged", "logged 45m"), "logged 45m", "записал(а) 45 мин"],
  [
    story("resource_subtype_changed", "marked this task as a milestone", { new_resource_subtype: "milestone" }),
    "marked this task as a milestone",
    "отметил(а) задачу как веху",
  ],
  [story("task_created", "created this task"), "created this task", "создал(а) задачу"],
  [
    story("rule_ran", 'Rule "Triage" moved this task to "Doing".', { created_by: null }),
    'Rule "Triage" moved this task to "Doing".',
    'Rule "Triage" moved this task to "Doing".',
  ],
  // A rule's story reads from its rule and steps; a project the reader cannot see, and its section, unnamed.
  [
    story("rule_ran", 'Rule "Triage" moved this task to Doing, added the tag Urgent, set Priority.', {
      created_by: null,
      rule: { gid: "7", resource_type: "rule", name: "Triage" },
      rule_steps: [
        {
          type: "moved_to_section",
          section: { gid: "8", resource_type: "section", name: "Doing" },
          project: { gid: "3", resource_type: "project" },
        },
        { type: "tag_added", tag: { gid: "9", resource_type: "tag", name: "Urgent" } },
        { type: "custom_field_set", custom_field: { gid: "10", resource_type: "custom_field", name: "Priority" } },
      ],
    }),
    "Rule “Triage” moved this task to Doing, added the tag Urgent, set Priority.",
    "Правило «Triage» перенесло задачу в «Doing», добавило метку «Urgent», заполнило поле «Priority».",
  ],
  [
    story("rule_ran", 'Rule "Hand over" added this task to a private project, added Ann as a follower.', {
      created_by: null,
      rule: { gid: "7", resource_type: "rule", name: "Hand over" },
      rule_steps: [
        { type: "added_to_project", project: { gid: "11", resource_type: "project" } },
        { type: "follower_added", user: { gid: "2", resource_type: "user", name: "Ann" } },
        { type: "stopped_at_depth", depth: 5 },
      ],
    }),
    "Rule “Hand over” added this task to a private project, added Ann as a follower, did not run: 5 rules in a row were triggered by each other.",
    "Правило «Hand over» добавило задачу в закрытый проект, добавило Ann в подписчики, не сработало: 5 правил подряд запускали друг друга.",
  ],
  [
    story("rule_ran", "A rule in a private project changed this task.", {
      created_by: null,
      rule: { gid: "7", resource_type: "rule" },
      rule_steps: [],
    }),
    "A rule in a private project changed this task.",
    "Правило закрытого проекта изменило задачу.",
  ],
  [story("something_new", "did something new"), "did something new", "did something new"],
  // A task or project the reader cannot see comes without its name: the story says it is private.
  [
    story("added_to_project", "added this task to a private project", {
      project: { gid: "4", resource_type: "project" },
    }),
    "added this task to a private project",
    "добавил(а) задачу в закрытый проект",
  ],
  [
    story("dependency_added", "added a private task as a dependency", {
      dependency: { gid: "5", resource_type: "task" },
    }),
    "added a private task as a dependency",
    "добавил(а) зависимость от закрытой задачи",
  ],
  [
    story("added_to_task", "created this task as a subtask of a private task", {
      task: { gid: "6", resource_type: "task" },
    }),
    "created this task as a subtask of a private task",
    "создал(а) задачу как подзадачу закрытой задачи",
  ],
];

describe("system story text", () => {
  const original = i18n.language;
  afterAll(() => i18n.changeLanguage(original));

  it("reads in English", async () => {
    await i18n.changeLanguage("en");
    for (const [input, english] of cases) expect(systemText(input)).toBe(english);
  });

  it("reads in Russian", async () => {
    await i18n.changeLanguage("ru");
    for (const [input, , russian] of cases) expect(systemText(input)).toBe(russian);
  });
});

describe("parseDuration", () => {
  it("reads what people type", () => {
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("1h 30m")).toBe(90);
    expect(parseDuration("1.5h")).toBe(90);
    expect(parseDuration("45m")).toBe(45);
    expect(parseDuration("2h")).toBe(120);
    expect(parseDuration("1:15")).toBe(75);
    expect(parseDuration("1ч 30мин")).toBe(90);
    expect(parseDuration("")).toBeNull();
    expect(parseDuration("0")).toBeNull();
    expect(parseDuration("soon")).toBeNull();
  });
});
