import type { UserTaskListsTable } from "../../db/schema.ts";
import { userRef } from "../users/user.presenter.ts";

export type UserTaskListRow = UserTaskListsTable & { owner_name: string; workspace_name: string };

export function presentUserTaskList(list: UserTaskListRow) {
  return {
    gid: String(list.gid),
    resource_type: "user_task_list",
    name: "My Tasks",
    owner: userRef({ gid: list.user_gid, name: list.owner_name }),
    workspace: { gid: String(list.workspace_gid), resource_type: "workspace", name: list.workspace_name },
  };
}
