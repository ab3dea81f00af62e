import type { WeeklyCapacityBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { reportKeys } from "./queries";

// The caller's own weekly capacity (story points), which the workload compares against.
export function useSetCapacity(workspace: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (points: number | null) =>
      api.put<unknown, typeof WeeklyCapacityBody>(`/workspaces/${workspace}/capacity`, {
        weekly_capacity_points: points,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: reportKeys.allWorkloads(workspace) }),
  });
}
