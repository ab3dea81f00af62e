import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import type { Answer } from "../../api/types";
import { taskPath } from "../search/queries";

export type TimeEntry = Answer<C.TimeTrackingEntry, "duration_minutes" | "entered_on" | "description" | "created_by">;

export type Timer = Pick<C.Timer, "task" | "started_at" | "elapsed_seconds"> & {
  // Local clock time the timer started, from elapsed_seconds (immune to a skewed client clock).
  since: number;
};

export type TaskTime = Pick<C.Task, "actual_time_minutes" | "estimated_minutes">;

export type Timesheet = C.Timesheet;

export const timeKeys = {
  timer: ["timer"] as const,
  entries: (task: string) => ["time-entries", task] as const,
  taskTime: (task: string) => ["task-time", task] as const,
  allTimesheets: ["timesheet"] as const,
  timesheet: (workspace: string, user: string, week: string) => ["timesheet", workspace, user, week] as const,
};

const ENTRY_FIELDS = "duration_minutes,entered_on,description,created_by.name";

export function useTimer() {
  return useQuery({
    queryKey: timeKeys.timer,
    queryFn: async (): Promise<Timer | null> => {
      const timer = await api.get<Omit<Timer, "since"> | null>("/timer");
      return timer ? { ...timer, since: Date.now() - timer.elapsed_seconds * 1000 } : null;
    },
    staleTime: 30_000,
    refetchOnWindowFocus: true,
  });
}

export function useEntries(taskGid: string) {
  return useQuery({
    queryKey: timeKeys.entries(taskGid),
    queryFn: () => api.all<TimeEntry>(`/tasks/${taskGid}/time_tracking_entries`, { opt_fields: ENTRY_FIELDS }),
  });
}

export function useTaskTime(taskGid: string) {
  return useQuery({
    queryKey: timeKeys.taskTime(taskGid),
    queryFn: () => api.get<TaskTime>(`/tasks/${taskGid}`, { opt_fields: "actual_time_minutes,estimated_minutes" }),
  });
}

export function useTimesheet(workspace: string | undefined, user: string, week: string) {
  return useQuery({
    queryKey: timeKeys.timesheet(workspace ?? "", user, week),
    enabled: !!workspace,
    queryFn: () => api.get<Timesheet>(`/workspaces/${workspace}/timesheet`, { user, week }),
  });
}

// Time changes show in the task's entries and totals, the timesheets, and (task events) a task's estimate.
registerLiveInvalidations("time", ["time_tracking_entry", "task"], (event) =>
  event.resource.resource_type === "task"
    ? [timeKeys.taskTime(event.resource.gid)]
    : [timeKeys.allTimesheets, ...(event.parent ? [timeKeys.entries(event.parent.gid)] : [])],
);

// Monday of the week holding the day, as YYYY-MM-DD (local calendar).
export function mondayOf(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  const value = new Date(Date.UTC(year, month - 1, date));
  value.setUTCDate(value.getUTCDate() - ((value.getUTCDay() + 6) % 7));
  return value.toISOString().slice(0, 10);
}

export function shiftDays(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

// Where a task opens: in its first project, else in My Tasks.
export async function taskRoute(taskGid: string): Promise<string> {
  const task = await api.get<Answer<C.Task, "memberships">>(`/tasks/${taskGid}`, {
    opt_fields: "memberships.project.name",
  });
  return taskPath(task);
}
