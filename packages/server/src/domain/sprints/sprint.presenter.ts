import type { SprintsTable } from "../../db/schema.ts";

export const SPRINT_COMPACT = ["name", "state", "start_on", "end_on"] as const;

export interface SprintTotals {
  num_tasks: number;
  num_completed_tasks: number;
  total_points: number;
  completed_points: number;
}

export interface Committed {
  points: number;
  tasks: number;
  task_gids: number[];
}

export const NO_TOTALS: SprintTotals = { num_tasks: 0, num_completed_tasks: 0, total_points: 0, completed_points: 0 };

export function sprintRef(sprint: Pick<SprintsTable, "gid" | "name">) {
  return { gid: String(sprint.gid), resource_type: "sprint", name: sprint.name };
}

export function committedOf(sprint: Pick<SprintsTable, "committed">): Committed | null {
  return sprint.committed ? (JSON.parse(sprint.committed) as Committed) : null;
}

export function presentSprint(sprint: SprintsTable, project: { gid: number; name: string }, totals: SprintTotals) {
  const committed = committedOf(sprint);
  return {
    gid: String(sprint.gid),
    resource_type: "sprint",
    name: sprint.name,
    goal: sprint.goal,
    state: sprint.state,
    start_on: sprint.start_on,
    end_on: sprint.end_on,
    capacity_points: sprint.capacity_points,
    started_at: sprint.started_at,
    completed_at: sprint.completed_at,
    committed_points: committed?.points ?? null,
    committed_tasks: committed?.tasks ?? null,
    ...totals,
    project: { gid: String(project.gid), resource_type: "project", name: project.name },
    created_at: sprint.created_at,
    modified_at: sprint.modified_at,
  };
}
