import { newGid } from "../../ids.ts";
import { type Ctx, transact } from "../context.ts";

export async function createWorkspace(ctx: Ctx, name: string) {
  return transact(ctx, async (tx) => {
    const workspace = {
      gid: newGid(),
      name: name.trim(),
      is_organization: 0 as const,
      email_domains: "[]",
      created_at: tx.now,
    };
    await tx.trx.insertInto("workspaces").values(workspace).execute();
    await tx.emit({
      workspace_gid: workspace.gid,
      resource_type: "workspace",
      resource_gid: workspace.gid,
      action: "added",
    });
    return workspace;
  });
}

export async function renameWorkspace(ctx: Ctx, workspaceGid: number, name: string) {
  return transact(ctx, async (tx) => {
    await tx.trx.updateTable("workspaces").set({ name }).where("gid", "=", workspaceGid).execute();
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "workspace",
      resource_gid: workspaceGid,
      action: "changed",
      change: { field: "name", action: "changed" },
    });
    return tx.trx.selectFrom("workspaces").selectAll().where("gid", "=", workspaceGid).executeTakeFirstOrThrow();
  });
}
