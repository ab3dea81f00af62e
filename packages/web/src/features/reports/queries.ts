import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { Ref } from "../../api/types";

export interface PersonRow {
  user: Ref;
  tasks_completed: number;
  points_completed: number;
  overdue_open_tasks: number;
  average_cycle_time_hours: number | null;
  average_cycle_time_days: number | null;
  time_logged_minutes: number;
}

export interface WorkloadWeek {
  start_on: string;
  open_tasks: number;
  open_points: number;
  over_capacity: boolean;
}

export interface WorkloadPerson {
  user: Ref;
  weekly_capacity_points: number | null;
  weeks: WorkloadWeek[];
  unscheduled: { open_tasks: number; open_points: number };
}

export const reportKeys = {
  people: (workspace: string, filters: object) => ["people-report", workspace, filters] as const,
  allWorkloads: (workspace: string) => ["workload", workspace] as const,
  workload: (workspace: string, weeks: string) => ["workload", workspace, weeks] as const,
};

// Who finished what in a period, for a team or a project; asked only by who may read reports.
export function usePeopleReport(
  workspace: string,
  filters: { from: string; to: string; team?: string; project?: string },
  enabled: boolean,
) {
  return useQuery({
    queryKey: reportKeys.people(workspace, filters),
    enabled,
    queryFn: () => api.get<{ people: PersonRow[] }>(`/workspaces/${workspace}/people_report`, filters),
  });
}

export function useWorkload(workspace: string, weeks: string, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.workload(workspace, weeks),
    enabled,
    queryFn: () =>
      api.get<{ weeks: { start_on: string; end_on: string }[]; people: WorkloadPerson[] }>(
        `/workspaces/${workspace}/workload`,
        { weeks },
      ),
  });
}
