import type { TasksTable } from "../../db/schema.ts";
import { transact } from "../context.ts";

import type { SprintCtx } from "./sprint.commands.ts";

// For the demo loader only (never the API): marks a task completed at a past moment, writing the same row change
// and the same event {field: "completed"} as PUT /tasks does, dated `at`, so a demo sprint's burndown has a past.
export async function recordPastCompletion(ctx: SprintCtx, task: TasksTable, at: string) {
  if (task.completed === 1) return;
  await transact(
    ctx,
    async (tx) => {
      await tx.trx
        .updateTable("tasks")
        .set({ completed: 1, completed_at: at, completed_by_gid: ctx.actor.gid, modified_at: at })
        .where("gid", "=", task.gid)
        .execute();
      await tx.emit({
        workspace_gid: task.workspace_gid,
        resource_type: "task",
        resource_gid: task.gid,
        resource_subtype: task.resource_subtype,
        action: "changed",
        change: { field: "completed", action: "changed", new_value: true, old_value: false },
      });
    },
    { now: at },
  );
}
