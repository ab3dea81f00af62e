import type { Db } from "../../db/index.ts";
import { committedOf, sprintRef } from "../sprints/sprint.presenter.ts";
import type { SprintReport } from "./sprint-report.ts";

// Committed (frozen at start) vs completed (frozen in the sprint report) points of the last completed sprints.
export async function computeVelocity(db: Db, projectGid: number, count: number) {
  const sprints = await db
    .selectFrom("sprints")
    .selectAll()
    .where("project_gid", "=", projectGid)
    .where("state", "=", "completed")
    .orderBy("completed_at", "desc")
    .orderBy("gid", "desc")
    .limit(count)
    .execute();
  const rows = sprints.reverse().map((sprint) => {
    const committed = committedOf(sprint);
    const report = sprint.report ? (JSON.parse(sprint.report) as SprintReport) : null;
    return {
      sprint: sprintRef(sprint),
      start_on: sprint.start_on,
      end_on: sprint.end_on,
      completed_at: sprint.completed_at,
      committed_points: committed?.points ?? 0,
      committed_tasks: committed?.tasks ?? 0,
      completed_points: report?.completed_points ?? 0,
      completed_tasks: report?.completed.length ?? 0,
    };
  });
  const average = rows.length
    ? Math.round((rows.reduce((sum, row) => sum + row.completed_points, 0) / rows.length) * 100) / 100
    : 0;
  return { sprints: rows, average_completed_points: average };
}
