import type { CreateTaskBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { TaskRow } from "../../api/types";
import { TASK_ROW_FIELDS } from "../tasks/fields";
import { myTaskKeys } from "./queries";

// A task of the caller's own (in no project), assigned to them: it shows among their tasks.
export function useCreateMyTask(workspace: string, me: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api.post<TaskRow, typeof CreateTaskBody>(
        "/tasks",
        { name, workspace, assignee: me },
        { opt_fields: TASK_ROW_FIELDS },
      ),
    meta: { undone: true },
    onSuccess: () => client.invalidateQueries({ queryKey: myTaskKeys.list(workspace) }),
  });
}
