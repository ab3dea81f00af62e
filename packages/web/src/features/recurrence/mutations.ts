import type { UpdateTaskBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import { type Presented, recurrenceKey } from "./queries";
import type { RecurrenceRule } from "./rrule";

// A new rule (null: the task stops repeating); the answer carries the server's words for it.
export function useSetRecurrence(taskGid: string, language: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: RecurrenceRule | null) =>
      api.put<Presented, typeof UpdateTaskBody>(
        `/tasks/${taskGid}`,
        { recurrence: rule },
        { opt_fields: "recurrence" },
      ),
    onSuccess: (updated) =>
      client.setQueryData(recurrenceKey(taskGid, language), { recurrence: updated?.recurrence ?? null }),
  });
}
