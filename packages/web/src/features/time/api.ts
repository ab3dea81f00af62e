import { type QueryClient, useQuery } from "@tanstack/react-query";
import { ApiError, api } from "../../api/client";
import { keys } from "../../api/queries";
import type { Ref } from "../../api/types";
import { taskPath } from "../search/api";

export interface TimeEntry {
  gid: string;
  duration_minutes: number;
  entered_on: string;
  description: string;
  created_by: Ref;
}

export interface Timer {
  task: Ref;
  started_at: string;
  elapsed_seconds: number;
  // Local clock time the timer started, from elapsed_seconds (immune to a skewed client clock).
  since: number;
}

export interface TaskTime {
  actual_time_minutes: number | null;
  estimated_minutes: number | null;
}

export interface Timesheet {
  user: Ref;
  days: string[];
  tasks: { task: Ref | null; minutes_by_day: Record<string, number>; total_minutes: number }[];
  totals_by_day: Record<string, number>;
  total_minutes: number;
}

export const timeKeys = {
  timer: ["timer"] as const,
  entries: (task: string) => ["time-entries", task] as const,
  taskTime: (task: string) => ["task-time", task] as const,
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

// Whether the viewer may read others' timesheets (workspace admins): asks for one colleague's sheet.
export function useSeesOthers(workspace: string | undefined, colleague: string | undefined) {
  return useQuery({
    queryKey: ["timesheet-others", workspace ?? "", colleague ?? ""],
    enabled: !!workspace && !!colleague,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      try {
        await api.get(`/workspaces/${workspace}/timesheet`, { user: colleague });
        return true;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return false;
        throw error;
      }
    },
  });
}

// Everything logged time shows up in: the task's entries, totals and feed, the timer, the timesheets.
export function invalidateTime(client: QueryClient, taskGid?: string) {
  client.invalidateQueries({ queryKey: timeKeys.timer });
  client.invalidateQueries({ queryKey: ["timesheet"] });
  if (taskGid) {
    client.invalidateQueries({ queryKey: timeKeys.entries(taskGid) });
    client.invalidateQueries({ queryKey: timeKeys.taskTime(taskGid) });
    client.invalidateQueries({ queryKey: keys.stories(taskGid) });
  }
}

export async function startTimer(client: QueryClient, taskGid: string) {
  const previous = client.getQueryData<Timer | null>(timeKeys.timer);
  const result = await api.post<Omit<Timer, "since">>(`/tasks/${taskGid}/timer/start`);
  if (result) {
    const timer: Timer = { ...result, since: Date.now() - result.elapsed_seconds * 1000 };
    client.setQueryData(timeKeys.timer, timer);
  }
  invalidateTime(client, taskGid);
  if (previous && previous.task.gid !== taskGid) invalidateTime(client, previous.task.gid);
}

export async function stopTimer(client: QueryClient) {
  const previous = client.getQueryData<Timer | null>(timeKeys.timer);
  client.setQueryData<Timer | null>(timeKeys.timer, null);
  try {
    const entry = await api.post<TimeEntry & { task?: Ref | null }>("/timer/stop");
    invalidateTime(client, entry?.task?.gid ?? previous?.task.gid);
    return entry;
  } catch (error) {
    client.setQueryData(timeKeys.timer, previous);
    throw error;
  }
}

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
  const task = await api.get<{ gid: string; memberships?: { project: Ref }[] }>(`/tasks/${taskGid}`, {
    opt_fields: "memberships.project.name",
  });
  return taskPath(task);
}
