import { describe, expect, it } from "vitest";
import { daysBetween, enteredBetween, type ScopeEvent, scopesAt, type TaskNow } from "./sprint-history.ts";

const event = (
  id: number,
  task: number,
  at: string,
  field: ScopeEvent["field"],
  new_value: ScopeEvent["new_value"],
  old_value: ScopeEvent["old_value"] = null,
): ScopeEvent => ({ id, task_gid: task, at, field, new_value, old_value });

describe("sprint history replay", () => {
  const events = [
    event(1, 10, "2024-05-01T09:00:00.000Z", "story_points", 3),
    event(2, 10, "2024-05-01T09:01:00.000Z", "sprint", 7),
    event(3, 11, "2024-05-01T09:02:00.000Z", "sprint", 7),
    // Backdated: a lower id but later in time than event 5.
    event(4, 10, "2024-05-03T10:00:00.000Z", "completed", true, false),
    event(5, 11, "2024-05-02T10:00:00.000Z", "sprint", null, 7),
  ];
  const current = new Map<number, TaskNow>([
    [10, { gid: 10, sprint_gid: 7, story_points: 3, completed: true }],
    // Task 11's points were set before... never: it has none; it is now out of the sprint.
    [11, { gid: 11, sprint_gid: null, story_points: 5, completed: false }],
  ]);

  it("takes a snapshot of the scope at each cutoff, in time order", () => {
    const [before, first, second, third] = scopesAt(events, current, 7, [
      "2024-04-30T23:59:59.999Z",
      "2024-05-01T23:59:59.999Z",
      "2024-05-02T23:59:59.999Z",
      "2024-05-03T23:59:59.999Z",
    ]);
    expect(before.size).toBe(0);
    expect([...first.values()]).toEqual([
      { gid: 10, points: 3, completed: false },
      { gid: 11, points: 5, completed: false },
    ]);
    expect([...second.keys()]).toEqual([10]);
    expect(third.get(10)).toEqual({ gid: 10, points: 3, completed: true });
  });

  it("lists tasks that entered after a moment", () => {
    expect(enteredBetween(events, 7, "2024-05-01T09:01:30.000Z", "2024-05-09T00:00:00.000Z")).toEqual([11]);
  });

  it("counts calendar days inclusively", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
  });
});
