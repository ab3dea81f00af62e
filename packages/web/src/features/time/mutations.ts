import type { CreateTimeEntryBody, UpdateTaskBody, UpdateTimeEntryBody } from "@takt/contracts";
import { type QueryClient, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import type { Ref } from "../../api/types";
import { invalidateTask } from "../tasks/mutations";
import { type TimeEntry, type Timer, timeKeys } from "./queries";

// Everything logged time shows up in: the task's entries, totals and feed, the timer, the timesheets.
function invalidateTime(client: QueryClient, taskGid?: string) {
  client.invalidateQueries({ queryKey: timeKeys.timer });
  client.invalidateQueries({ queryKey: timeKeys.allTimesheets });
  if (taskGid) {
    client.invalidateQueries({ queryKey: timeKeys.entries(taskGid) });
    client.invalidateQueries({ queryKey: timeKeys.taskTime(taskGid) });
    invalidateTask(client, taskGid);
  }
}

// Starts the caller's timer on a task (stopping one running elsewhere, which the server logs).
export function useStartTimer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskGid: string) => api.post<Omit<Timer, "since">>(`/tasks/${taskGid}/timer/start`),
    onMutate: () => ({ previous: client.getQueryData<Timer | null>(timeKeys.timer) }),
    onSuccess: (result, taskGid, context) => {
      if (result)
        client.setQueryData<Timer>(timeKeys.timer, { ...result, since: Date.now() - result.elapsed_seconds * 1000 });
      invalidateTime(client, taskGid);
      if (context?.previous && context.previous.task.gid !== taskGid) invalidateTime(client, context.previous.task.gid);
    },
  });
}

// Stops the running timer: gone at once, back if refused; the logged entry shows where it belongs.
export function useStopTimer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<TimeEntry & { task?: Ref | null }>("/timer/stop"),
    onMutate: () => {
      const previous = client.getQueryData<Timer | null>(timeKeys.timer);
      client.setQueryData<Timer | null>(timeKeys.timer, null);
      return { previous };
    },
    onError: (_error, _variables, context) => client.setQueryData(timeKeys.timer, context?.previous),
    onSuccess: (entry, _variables, context) => invalidateTime(client, entry?.task?.gid ?? context?.previous?.task.gid),
  });
}

export type EntryInput = BodyOf<typeof CreateTimeEntryBody>;

// Time logged by hand on a task, and the caller's own entries changed or deleted.
export function useTimeEntryActions(taskGid: string) {
  const client = useQueryClient();
  const key = timeKeys.entries(taskGid);
  const refresh = () => invalidateTime(client, taskGid);
  const add = useMutation({
    mutationFn: (input: EntryInput) =>
      api.post<unknown, typeof CreateTimeEntryBody>(`/tasks/${taskGid}/time_tracking_entries`, input),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ entry, input }: { entry: TimeEntry; input: EntryInput }) =>
      api.put<unknown, typeof UpdateTimeEntryBody>(`/time_tracking_entries/${entry.gid}`, input),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (entry: TimeEntry) => api.delete(`/time_tracking_entries/${entry.gid}`),
    meta: { undone: true },
    onMutate: (entry) => {
      const previous = client.getQueryData<TimeEntry[]>(key);
      client.setQueryData<TimeEntry[]>(key, (list) => (list ?? []).filter((item) => item.gid !== entry.gid));
      return { previous };
    },
    onError: (_error, _entry, context) => client.setQueryData(key, context?.previous),
    onSuccess: refresh,
  });
  return { add, update, remove };
}

export function useSetEstimate(taskGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (minutes: number | null) =>
      api.put<unknown, typeof UpdateTaskBody>(`/tasks/${taskGid}`, { estimated_minutes: minutes }),
    onSuccess: (_data, minutes) =>
      client.setQueryData(timeKeys.taskTime(taskGid), (current: object | undefined) =>
        current ? { ...current, estimated_minutes: minutes } : current,
      ),
    onSettled: () => client.invalidateQueries({ queryKey: timeKeys.taskTime(taskGid) }),
  });
}
