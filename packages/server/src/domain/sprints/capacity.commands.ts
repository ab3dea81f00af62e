import { notFound } from "../../errors.ts";
import { transact } from "../context.ts";

import type { SprintCtx } from "./sprint.commands.ts";

// A person's weekly capacity in story points in one workspace (null clears it); the workload report compares to it.
export async function setWeeklyCapacity(ctx: SprintCtx, workspaceGid: number, userGid: number, points: number | null) {
  return transact(ctx, async (tx) => {
    const result = await tx.trx
      .updateTable("workspace_memberships")
      .set({ weekly_capacity_points: points })
      .where("workspace_gid", "=", workspaceGid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound("user");
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "user",
      resource_gid: userGid,
      parent_type: "workspace",
      parent_gid: workspaceGid,
      action: "changed",
      change: { field: "weekly_capacity_points", action: "changed", new_value: points },
    });
  });
}
