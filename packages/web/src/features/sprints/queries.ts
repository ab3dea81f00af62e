import { type QueryClient, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import type { Ref, TaskRow } from "../../api/types";
import { patchRows, registerTaskRowCache, withoutRow } from "../tasks/cache";
import { TASK_ROW_FIELDS } from "../tasks/fields";

// Scrum data: sprints of a project, the backlog, and the numbers behind the charts. One place for the API's shapes.

export type SprintState = "planned" | "active" | "completed";

export interface Sprint {
  gid: string;
  name: string;
  goal: string;
  start_on: string | null;
  end_on: string | null;
  capacity_points: number | null;
  state: SprintState;
  num_tasks?: number;
  num_completed_tasks?: number;
  total_points?: number;
  completed_points?: number;
  started_at?: string | null;
  completed_at?: string | null;
  project?: Ref;
}

export interface ScrumTask extends TaskRow {
  story_points?: number | null;
  sprint?: Ref | null;
}

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
export interface TaskScrum {
  story_points: number | null;
  sprint: Ref | null;
}

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

const num = (value: unknown): number | null =>
  value === null || value === undefined || value === "" || Number.isNaN(Number(value)) ? null : Number(value);

// Accepts the few spellings a day row may come in, so the chart code stays simple.
export function normalizeBurndown(raw: any): Burndown {
  const rows: any[] = Array.isArray(raw) ? raw : (raw?.days ?? raw?.points ?? []);
  return {
    days: rows.map((row) => ({
      date: String(row.date ?? row.day ?? ""),
      ideal_points: num(row.ideal_points ?? row.ideal?.points ?? row.points?.ideal),
      remaining_points: num(
        row.remaining_points ?? row.actual_points ?? row.remaining?.points ?? row.points?.remaining,
      ),
      ideal_tasks: num(row.ideal_tasks ?? row.ideal?.tasks ?? row.tasks?.ideal),
      remaining_tasks: num(row.remaining_tasks ?? row.actual_tasks ?? row.remaining?.tasks ?? row.tasks?.remaining),
    })),
  };
}

export function normalizeVelocity(raw: any): VelocityRow[] {
  const rows: any[] = Array.isArray(raw) ? raw : (raw?.sprints ?? []);
  return rows.map((row) => ({
    gid: String(row.gid ?? row.sprint?.gid ?? row.name),
    name: String(row.name ?? row.sprint?.name ?? ""),
    committed_points: num(row.committed_points ?? row.committed?.points ?? row.committed) ?? 0,
    completed_points: num(row.completed_points ?? row.completed?.points ?? row.completed) ?? 0,
  }));
}

export function normalizeFlow(raw: any): CumulativeFlow {
  const refs: any[] = raw?.sections ?? [];
  const nameOf = new Map<string, string>();
  for (const ref of refs) {
    if (typeof ref === "string") nameOf.set(ref, ref);
    else nameOf.set(String(ref.gid ?? ref.name), String(ref.name));
  }
  const sections = [...nameOf.values()];
  const rows: any[] = raw?.days ?? [];
  const days = rows.map((row) => {
    const day: FlowDay = { date: String(row.date ?? "") };
    for (const name of sections) day[name] = 0;
    const counts = row.counts ?? {};
    for (const [key, value] of Object.entries(counts)) {
      const name = nameOf.get(key) ?? key;
      day[name] = num(value) ?? 0;
      if (!sections.includes(name)) sections.push(name);
    }
    return day;
  });
  return { sections, days };
}

// Report lines come as {task, story_points}; the UI lists them like tasks.
export function normalizeReport(raw: any): SprintReport {
  const list = (value: any): ScrumTask[] =>
    (Array.isArray(value) ? value : (value?.tasks ?? [])).map((line: any) =>
      line?.task
        ? ({
            ...line.task,
            completed: false,
            assignee: line.assignee ?? null,
            due_on: null,
            story_points: num(line.story_points),
          } as ScrumTask)
        : (line as ScrumTask),
    );
  return {
    completed: list(raw?.completed),
    not_completed: list(raw?.not_completed ?? raw?.incomplete),
    added: list(raw?.added_after_start ?? raw?.added),
    removed: list(raw?.removed),
    committed_points: num(raw?.committed_points ?? raw?.committed?.points) ?? undefined,
    completed_points: num(raw?.completed_points) ?? undefined,
  };
}

export function useBurndown(sprintGid: string | undefined) {
  return useQuery({
    queryKey: sprintKeys.burndown(sprintGid ?? ""),
    enabled: !!sprintGid,
    queryFn: async () => normalizeBurndown(await api.get<unknown>(`/sprints/${sprintGid}/burndown`)),
  });
}

export function useVelocity(projectGid: string, enabled = true) {
  return useQuery({
    queryKey: sprintKeys.velocity(projectGid),
    enabled,
    queryFn: async () => normalizeVelocity(await api.get<unknown>(`/projects/${projectGid}/velocity`)),
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
      return normalizeFlow(
        await api.get<unknown>(`/projects/${projectGid}/cumulative_flow`, { from: day(from), to: day(to) }),
      );
    },
  });
}

export function useSprintReport(sprintGid: string | undefined) {
  return useQuery({
    queryKey: sprintKeys.report(sprintGid ?? ""),
    enabled: !!sprintGid,
    queryFn: async () => normalizeReport(await api.get<unknown>(`/sprints/${sprintGid}/report`)),
  });
}
