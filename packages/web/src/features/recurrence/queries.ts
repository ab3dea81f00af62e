import type * as C from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

export type Presented = Pick<C.Task, "recurrence">;

// Under the task's key, so live task invalidations refresh it; the server words it in the person's language.
export const recurrenceKey = (gid: string, language: string) => ["task", gid, "recurrence", language] as const;

export function useRecurrence(taskGid: string, language: string) {
  return useQuery({
    queryKey: recurrenceKey(taskGid, language),
    queryFn: () => api.get<Presented>(`/tasks/${taskGid}`, { opt_fields: "recurrence" }),
  });
}
