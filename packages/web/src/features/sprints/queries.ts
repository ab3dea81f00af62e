import type * as C from "@takt/contracts";
import { type QueryClient, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import type { Answer, Ref, TaskRow } from "../../api/types";
import { patchRows, registerTaskRowCache, withoutRow } from "../tasks/cache";
import { TASK_ROW_FIELDS } from "../tasks/fields";

// Scrum data: sprints of a project, the backlog, and the numbers behind the charts. One place for the API's shapes.

export type SprintState = C.SprintState;

export type Sprint = Answer<
  C.Sprint,
  "name" | "goal" | "start_on" | "end_on" | "capacity_points" | "state",
  "started_at" | "completed_at" | "project" | "num_tasks" | "num_completed_tasks" | "total_points" | "completed_points"
>;

export type ScrumTask = TaskRow & Partial<Pick<C.Task, "story_points">> & { sprint?: Ref | null };

export const SCRUM_TASK_FIELDS = `${TASK_ROW_FIELDS},story_points,sprint.name,parent`;
const SPRINT_FIELDS =
  "name,goal,start_on,end_on,capacity_points,state,started_at,completed_at,project.name,num_tasks,total_points,completed_points";

export const FIBONACCI = [1, 2, 3, 5, 8, 13, 21];

export const sprintKeys = {
  allSprints: ["sprints"] as const,
  sprints: (project: string) => ["sprints", project] as const,
  allBacklogs: ["backlog"] as const,
  backlog: (project: string) => ["backlog", project] as const,
  allSprintTasks: ["sprint-tasks"] as const,
  sprintTasks: (sprint: string) => ["sprint-tasks", sprint] as const,
  taskScrum: (task: string) => ["task-scrum", task] as const,
  allBurndowns: ["burndown"] as const,
  burndown: (sprint: string) => ["burndown", sprint] as const,
  allVelocity: ["velocity"] as const,
  velocity: (project: string) => ["velocity", project] as const,
  cumulativeFlow: (project: string) => ["cumulative-flow", project] as const,
  report: (sprint: string) => ["sprint-report", sprint] as const,
};

export function useSprints(projectGid: string, enabled = true) {
  return useQuery({
    queryKey: sprintKeys.sprints(projectGid),
    enabled,
    queryFn: () => api.all<Sprint>(`/projects/${projectGid}/sprints`, { opt_fields: SPRINT_FIELDS }),
  });
}

const topLevel = (rows: ScrumTask[]) => rows.filter((task) => !task.parent);

// The backlog: the project's open top-level tasks in no sprint, in rank order (the server returns them ranked).
export function useBacklog(projectGid: string, enabled = true) {
  return useQuery({
    queryKey: sprintKeys.backlog(projectGid),
    enabled,
    queryFn: async () =>
      topLevel(await api.all<ScrumTask>(`/projects/${projectGid}/backlog`, { opt_fields: SCRUM_TASK_FIELDS })),
  });
}

export function useSprintTasks(sprintGid: string | undefined) {
  return useQuery({
    queryKey: sprintKeys.sprintTasks(sprintGid ?? ""),
    enabled: !!sprintGid,
    queryFn: async () =>
      topLevel(await api.all<ScrumTask>(`/sprints/${sprintGid}/tasks`, { opt_fields: SCRUM_TASK_FIELDS })),
  });
}

export function invalidateScrum(client: QueryClient, projectGid?: string) {
  client.invalidateQueries({ queryKey: projectGid ? sprintKeys.sprints(projectGid) : sprintKeys.allSprints });
  client.invalidateQueries({ queryKey: projectGid ? sprintKeys.backlog(projectGid) : sprintKeys.allBacklogs });
  client.invalidateQueries({ queryKey: sprintKeys.allSprintTasks });
  client.invalidateQueries({ queryKey: sprintKeys.allBurndowns });
  client.invalidateQueries({ queryKey: sprintKeys.allVelocity });
}

// The task's story points and sprint, for the pane (shown when its project runs Scrum).
export type TaskScrum = Pick<C.Task, "story_points"> & { sprint: Ref | null };

export function useTaskScrum(taskGid: string, enabled: boolean) {
  return useQuery({
    queryKey: sprintKeys.taskScrum(taskGid),
    enabled,
    queryFn: () => api.get<TaskScrum>(`/tasks/${taskGid}`, { opt_fields: "story_points,sprint.name" }),
  });
}

registerTaskRowCache("sprints", {
  patch(client, gid, patch) {
    for (const queryKey of [sprintKeys.allBacklogs, sprintKeys.allSprintTasks]) {
      client.setQueriesData<ScrumTask[]>({ queryKey }, (rows) => patchRows(rows, gid, patch));
    }
  },
  remove(client, gid) {
    for (const queryKey of [sprintKeys.allBacklogs, sprintKeys.allSprintTasks]) {
      client.setQueriesData<ScrumTask[]>({ queryKey }, (rows) => withoutRow(rows, gid));
    }
  },
});

// The backlog and sprint lists follow task changes; sprints and their charts follow sprint changes.
registerLiveInvalidations("sprints", ["task", "sprint"], (event) =>
  event.resource.resource_type === "task"
    ? [sprintKeys.allBacklogs, sprintKeys.allSprintTasks, sprintKeys.taskScrum(event.resource.gid)]
    : [
        sprintKeys.allSprints,
        sprintKeys.allSprintTasks,
        sprintKeys.allBacklogs,
        sprintKeys.allBurndowns,
        sprintKeys.allVelocity,
      ],
);

export const sumPoints = (tasks: readonly ScrumTask[]) =>
  tasks.reduce((sum, task) => sum + (task.story_points ?? 0), 0);

export const formatPoints = (points: number) => (Number.isInteger(points) ? String(points) : points.toFixed(1));

// What a points text needs: the number to show and the count that picks the plural form (1 pt, 2 pts; 1 поинт,
// 3 поинта, 5 поинтов).
export const pointsOf = (points: number | null | undefined) => ({
  count: points ?? 0,
  points: formatPoints(points ?? 0),
});

// ---- Charts and reports -------------------------------------------------------------------------------------

export interface BurndownDay {
  date: string;
  ideal_points: number | null;
  remaining_points: number | null;
  ideal_tasks: number | null;
  remaining_tasks: number | null;
}

export interface Burndown {
  days: BurndownDay[];
}

export interface VelocityRow {
  gid: string;
  name: string;
  committed_points: number;
  completed_points: number;
}

export interface FlowDay {
  date: string;
  [section: string]: number | string;
}

export interface CumulativeFlow {
  sections: string[];
  days: FlowDay[];
}

export interface SprintReport {
  completed: ScrumTask[];
  not_completed: ScrumTask[];
  added: ScrumTask[];
  removed: ScrumTask[];
  committed_points?: number;
  completed_points?: number;
}

// The charts' own shapes, from the contracts' answers.
export function burndownOf(answer: C.Burndown): Burndown {
  return {
    days: answer.days.map((day) => ({
      date: day.date,
      ideal_points: day.ideal_points,
      remaining_points: day.remaining_points,
      ideal_tasks: day.ideal_tasks,
      remaining_tasks: day.remaining_tasks,
    })),
  };
}

export function velocityOf(answer: C.Velocity): VelocityRow[] {
  return answer.sprints.map((row) => ({
    gid: row.sprint.gid,
    name: row.sprint.name,
    committed_points: row.committed_points,
    completed_points: row.completed_points,
  }));
}

// One row a day, a column a section (by name), for a stacked chart.
export function flowOf(answer: C.CumulativeFlow): CumulativeFlow {
  const nameOf = new Map(answer.sections.map((section) => [section.gid, section.name]));
  const sections = [...nameOf.values()];
  const days = answer.days.map((row) => {
    const day: FlowDay = { date: row.date };
    for (const name of sections) day[name] = 0;
    for (const [gid, count] of Object.entries(row.counts)) day[nameOf.get(gid) ?? gid] = count;
    return day;
  });
  return { sections, days };
}

// Report lines come as {task, story_points}; the report lists them like tasks.
export function reportOf(answer: C.SprintReport): SprintReport {
  const list = (lines: C.SprintReport["completed"]): ScrumTask[] =>
    lines.map((line) => ({
      ...line.task,
      completed: false,
      assignee: null,
      due_on: null,
      story_points: line.story_points,
    }));
  return {
    completed: list(answer.completed),
    not_completed: list(answer.not_completed),
    added: list(answer.added_after_start),
    removed: list(answer.removed),
    committed_points: answer.committed_points,
    completed_points: answer.completed_points,
  };
}

export function useBurndown(sprintGid: string | undefined) {
  return useQuery({
    queryKey: sprintKeys.burndown(sprintGid ?? ""),
    enabled: !!sprintGid,
    queryFn: async () => burndownOf(await api.get<C.Burndown>(`/sprints/${sprintGid}/burndown`)),
  });
}

export function useVelocity(projectGid: string, enabled = true) {
  return useQuery({
    queryKey: sprintKeys.velocity(projectGid),
    enabled,
    queryFn: async () => velocityOf(await api.get<C.Velocity>(`/projects/${projectGid}/velocity`)),
  });
}

export function useCumulativeFlow(projectGid: string, days = 30, enabled = true) {
  return useQuery({
    queryKey: [...sprintKeys.cumulativeFlow(projectGid), days],
    enabled,
    queryFn: async () => {
      const to = new Date();
      const from = new Date(to.getTime() - (days - 1) * 86_400_000);
      const day = (date: Date) => date.toISOString().slice(0, 10);
      return flowOf(
        await api.get<C.CumulativeFlow>(`/projects/${projectGid}/cumulative_flow`, { from: day(from), to: day(to) }),
      );
    },
  });
}

export function useSprintReport(sprintGid: string | undefined) {
  return useQuery({
    queryKey: sprintKeys.report(sprintGid ?? ""),
    enabled: !!sprintGid,
    queryFn: async () => reportOf(await api.get<C.SprintReport>(`/sprints/${sprintGid}/report`)),
  });
}
