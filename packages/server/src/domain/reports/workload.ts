import type { Db } from "../../db/index.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { userRef } from "../users/user.presenter.ts";
import { addDays } from "./sprint-history.ts";

const round = (value: number) => Math.round(value * 100) / 100;

// Open work per person per week against their weekly capacity. A task falls in the week of its due date (an
// overdue one in the first week); without one, in the week its active sprint ends; otherwise it is unscheduled.
export async function computeWorkload(db: Db, actorGid: number, workspaceGid: number, from: string, weeks: number) {
  const starts = Array.from({ length: weeks }, (_, index) => addDays(from, index * 7));
  const until = addDays(from, weeks * 7 - 1);
  const members = await db
    .selectFrom("workspace_memberships as wm")
    .innerJoin("users", "users.gid", "wm.user_gid")
    .select(["users.gid", "users.name", "wm.weekly_capacity_points", "wm.role"])
    .where("wm.workspace_gid", "=", workspaceGid)
    .where("wm.role", "in", ["admin", "member"])
    .orderBy("users.name")
    .orderBy("users.gid")
    .execute();
  const tasks = await db
    .selectFrom("tasks")
    .leftJoin("sprints", (join) =>
      join.onRef("sprints.gid", "=", "tasks.sprint_gid").on("sprints.state", "=", "active"),
    )
    .select(["tasks.assignee_gid", "tasks.due_on", "tasks.story_points", "sprints.end_on as sprint_end_on"])
    .where("tasks.workspace_gid", "=", workspaceGid)
    .where("tasks.completed", "=", 0)
    .where("tasks.assignee_gid", "is not", null)
    .where(taskIsVisible(db, actorGid))
    .execute();
  const empty = () => starts.map(() => ({ open_tasks: 0, open_points: 0 }));
  const load = new Map<
    number,
    { weeks: { open_tasks: number; open_points: number }[]; unscheduled: { open_tasks: number; open_points: number } }
  >();
  for (const task of tasks) {
    const gid = task.assignee_gid as number;
    const entry = load.get(gid) ?? { weeks: empty(), unscheduled: { open_tasks: 0, open_points: 0 } };
    load.set(gid, entry);
    const day = task.due_on ?? task.sprint_end_on ?? null;
    const points = Number(task.story_points ?? 0);
    let bucket = entry.unscheduled;
    if (day !== null && day <= until) {
      const index = day < from ? 0 : Math.floor((Date.parse(day) - Date.parse(from)) / (7 * 86_400_000));
      bucket = entry.weeks[index];
    } else if (day !== null) {
      continue; // Due after the window: not this window's load.
    }
    bucket.open_tasks += 1;
    bucket.open_points += points;
  }
  return {
    from,
    weeks: starts.map((start) => ({ start_on: start, end_on: addDays(start, 6) })),
    people: members.map((member) => {
      const entry = load.get(member.gid) ?? { weeks: empty(), unscheduled: { open_tasks: 0, open_points: 0 } };
      const capacity = member.weekly_capacity_points == null ? null : Number(member.weekly_capacity_points);
      return {
        user: userRef(member),
        weekly_capacity_points: capacity,
        weeks: entry.weeks.map((week, index) => ({
          start_on: starts[index],
          open_tasks: week.open_tasks,
          open_points: round(week.open_points),
          over_capacity: capacity !== null && week.open_points > capacity,
        })),
        unscheduled: { open_tasks: entry.unscheduled.open_tasks, open_points: round(entry.unscheduled.open_points) },
      };
    }),
  };
}
