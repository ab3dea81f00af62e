import { describe, expect, it } from "vitest";
import type { TaskRow } from "../../api/types";
import { arrange, matches, sortTasks } from "./arrange";
import { DEFAULT_SETTINGS } from "./settings";

const priority = {
  gid: "f1",
  name: "Priority",
  resource_subtype: "enum" as const,
  enum_options: [
    { gid: "high", resource_type: "enum_option" as const, name: "High", enabled: true, color: "red" as const },
    { gid: "low", resource_type: "enum_option" as const, name: "Low", enabled: true, color: "green" as const },
  ],
};

function task(gid: string, extra: Partial<TaskRow> & { option?: string } = {}): TaskRow {
  const { option, ...rest } = extra;
  return {
    gid,
    name: `Task ${gid}`,
    completed: false,
    assignee: null,
    due_on: null,
    ...rest,
    custom_fields: [{ ...priority, enum_value: priority.enum_options.find((item) => item.gid === option) ?? null }],
  } as TaskRow;
}

const labels = {
  noAssignee: "No assignee",
  noValue: "No value",
  overdue: "Overdue",
  today: "Today",
  thisWeek: "This week",
  later: "Later",
  noDue: "No due date",
};
const board = {
  sections: [{ gid: "s1", name: "To do" }],
  tasks: {
    s1: [
      task("1", { option: "low", due_on: "2030-01-05" }),
      task("2", { option: "high", due_on: "2030-01-02", completed: true }),
      task("3", { due_on: "2020-01-01" }),
    ],
  },
};

describe("filter, sort, group", () => {
  it("filters by an enum field, completion and due", () => {
    const byField = { ...DEFAULT_SETTINGS, fields: { f1: ["high"] } };
    expect(board.tasks.s1.filter((item) => matches(item, byField)).map((item) => item.gid)).toEqual(["2"]);
    const open = { ...DEFAULT_SETTINGS, completion: "incomplete" as const };
    expect(board.tasks.s1.filter((item) => matches(item, open)).map((item) => item.gid)).toEqual(["1", "3"]);
    const overdue = { ...DEFAULT_SETTINGS, due: "overdue" as const };
    expect(board.tasks.s1.filter((item) => matches(item, overdue, "2025-01-01")).map((item) => item.gid)).toEqual([
      "3",
    ]);
  });

  it("sorts by due date and by field, empty values last", () => {
    const byDue = sortTasks(board.tasks.s1, { ...DEFAULT_SETTINGS, sort: "due_on" });
    expect(byDue.map((item) => item.gid)).toEqual(["3", "2", "1"]);
    const byField = sortTasks(board.tasks.s1, { ...DEFAULT_SETTINGS, sort: "field:f1", ascending: false });
    expect(byField.map((item) => item.gid)).toEqual(["1", "2", "3"]);
  });

  it("groups by an enum field with a No value bucket", () => {
    const result = arrange(board, DEFAULT_SETTINGS, "field:f1", [priority], labels);
    expect(result.regrouped).toBe(true);
    expect(result.board.sections.map((section) => section.name)).toEqual(["High", "Low", "No value"]);
    expect(result.board.tasks["o:none"].map((item) => item.gid)).toEqual(["3"]);
  });
});
