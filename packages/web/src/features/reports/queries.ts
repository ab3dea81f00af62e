import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export type PersonRow = C.PeopleReport["people"][number];
export type WorkloadPerson = C.Workload["people"][number];
export type WorkloadWeek = WorkloadPerson["weeks"][number];

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
    queryFn: () => api.get<C.PeopleReport>(`/workspaces/${workspace}/people_report`, filters),
  });
}

export function useWorkload(workspace: string, weeks: string, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.workload(workspace, weeks),
    enabled,
    queryFn: () => api.get<C.Workload>(`/workspaces/${workspace}/workload`, { weeks }),
  });
}
