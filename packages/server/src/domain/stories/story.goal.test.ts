import { describe, expect, it } from "vitest";
import { ALL_SEEN, type GoalSight, goalDetailsFor, goalStoryText } from "./story.goal.ts";

const board = { gid: "7", resource_type: "team", name: "Board" };
const olga = { gid: "8", resource_type: "user", name: "Olga" };
const NOBODY: GoalSight = { user: () => false, team: () => false };
const NOW = "2026-12-06T10:00:00.000Z";

describe("a goal's story told to its reader", () => {
  it("names a person and a team only to a reader who sees them", () => {
    expect(goalStoryText("owner_changed", { owner: olga }, ALL_SEEN, NOW)).toBe("changed the owner to Olga");
    expect(goalStoryText("owner_changed", { owner: olga }, NOBODY, NOW)).toBe("changed the owner");
    expect(goalStoryText("team_changed", { team: board }, NOBODY, NOW)).toBe("moved this goal to a private team");
    expect(goalDetailsFor({ owner: olga, team: board }, NOBODY)).toEqual({
      owner: { gid: "8", resource_type: "user" },
      team: { gid: "7", resource_type: "team" },
    });
    expect(goalDetailsFor({ team: board }, ALL_SEEN)).toEqual({ team: board });
  });

  it("says what a status, a due date, a value or a removal became", () => {
    expect(goalStoryText("goal_status_changed", { new_status: "red" }, ALL_SEEN, NOW)).toBe(
      "changed the status to off track",
    );
    expect(goalStoryText("goal_status_changed", { new_status: null }, ALL_SEEN, NOW)).toBe("cleared the status");
    expect(goalStoryText("due_date_changed", { new_dates: { due_on: "2026-12-20" } }, ALL_SEEN, NOW)).toBe(
      "changed the due date to Dec 20",
    );
    expect(goalStoryText("due_date_changed", { new_dates: { due_on: null } }, ALL_SEEN, NOW)).toBe(
      "removed the due date",
    );
    expect(goalStoryText("current_value_changed", { new_display_value: "40%" }, ALL_SEEN, NOW)).toBe(
      "updated the current value to 40%",
    );
    expect(goalStoryText("owner_changed", { owner: null }, ALL_SEEN, NOW)).toBe("removed the owner");
    expect(goalStoryText("team_changed", { team: null }, ALL_SEEN, NOW)).toBe("made this goal workspace-wide");
  });
});
