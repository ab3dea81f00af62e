import { describe, expect, it } from "vitest";
import { daysUntilWeekday, demoContent } from "./demo-content.ts";
import { dayFromToday } from "./load-demo.ts";

const CYRILLIC = /[А-Яа-яЁё]/;

describe("demo content", () => {
  it("has no Russian text in the English demo, and Russian names for every task in the Russian one", () => {
    const english = demoContent("en");
    expect(JSON.stringify(english)).not.toMatch(CYRILLIC);
    const russian = demoContent("ru");
    for (const project of russian.projects) {
      expect(project.name).toMatch(CYRILLIC);
      for (const task of project.tasks) expect(task.name, task.name).toMatch(CYRILLIC);
    }
  });

  it("describes the same structure in both languages, with every reference resolvable", () => {
    const [english, russian] = [demoContent("en"), demoContent("ru")];
    const outline = (content: typeof english) =>
      content.projects.map((project) => [project.key, project.sections.length, project.tasks.length]);
    expect(outline(russian)).toEqual(outline(english));
    for (const content of [english, russian]) {
      const people = new Set(content.people.map((person) => person.key));
      expect(new Set(content.people.map((person) => person.email)).size).toBe(content.people.length);
      const sectionsOf = new Map(content.projects.map((project) => [project.key, project.sections.length]));
      for (const team of content.teams) for (const member of team.members) expect(people.has(member)).toBe(true);
      for (const project of content.projects) {
        expect(people.has(project.owner)).toBe(true);
        for (const task of project.tasks) {
          expect(task.section).toBeLessThan(project.sections.length);
          for (const key of [task.assignee, task.movedBy, ...(task.comments ?? []).map((comment) => comment.by)]) {
            if (key) expect(people.has(key)).toBe(true);
          }
          for (const home of task.alsoIn ?? []) {
            expect(home.section).toBeLessThan(sectionsOf.get(home.project) ?? 0);
          }
        }
      }
      const multiHomed = content.projects.flatMap((project) => project.tasks).filter((task) => task.alsoIn?.length);
      expect(multiHomed.map((task) => (task.alsoIn?.length ?? 0) + 1)).toEqual([3]);
    }
  });

  it("dates regular meetings on the next weekday and due dates relative to today", () => {
    const wednesday = new Date(2025, 0, 15);
    expect(daysUntilWeekday(1, wednesday)).toBe(5);
    expect(daysUntilWeekday(5, wednesday)).toBe(2);
    expect(daysUntilWeekday(3, wednesday)).toBe(7);
    expect(dayFromToday(-16, wednesday)).toBe("2024-12-30");
    expect(dayFromToday(0, wednesday)).toBe("2025-01-15");
  });
});
