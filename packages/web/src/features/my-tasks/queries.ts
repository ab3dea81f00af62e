import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import { registerLiveInvalidations } from "../../api/realtime";
import type { TaskRow } from "../../api/types";
import { patchRows, registerTaskRowCache, withoutRow } from "../tasks/cache";
import { TASK_ROW_FIELDS } from "../tasks/fields";

export const myTaskKeys = {
  all: ["my-tasks"] as const,
  list: (workspace: string) => ["my-tasks", workspace] as const,
};

export function useMyTasks(workspace: string | undefined) {
  return useQuery({
    queryKey: myTaskKeys.list(workspace ?? ""),
    enabled: !!workspace,
    queryFn: async () => {
      const list = await api.get<{ gid: string }>("/users/me/user_task_list", { workspace: workspace! });
      return api.all<TaskRow>(`/user_task_lists/${list.gid}/tasks`, {
        completed_since: "now",
        opt_fields: `${TASK_ROW_FIELDS},projects.name`,
      });
    },
  });
}

registerTaskRowCache("my-tasks", {
  patch: (client, gid, patch) =>
    client.setQueriesData<TaskRow[]>({ queryKey: myTaskKeys.all }, (rows) => patchRows(rows, gid, patch)),
  remove: (client, gid) =>
    client.setQueriesData<TaskRow[]>({ queryKey: myTaskKeys.all }, (rows) => withoutRow(rows, gid)),
});

registerLiveInvalidations("my-tasks", ["task"], () => [myTaskKeys.all]);
