import { newGid } from "../../ids.ts";
import { type Ctx, transact } from "../context.ts";

// Lists are made when a user joins a workspace; this repairs a membership written without one (imports, old data).
export async function ensureUserTaskList(ctx: Ctx, userGid: number, workspaceGid: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("user_task_lists")
      .select("gid")
      .where("user_gid", "=", userGid)
      .where("workspace_gid", "=", workspaceGid)
      .executeTakeFirst();
    if (!existing) {
      await tx.trx
        .insertInto("user_task_lists")
        .values({ gid: newGid(), user_gid: userGid, workspace_gid: workspaceGid })
        .execute();
    }
  });
}
