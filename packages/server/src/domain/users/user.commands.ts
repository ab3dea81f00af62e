import type { WorkspaceRole } from "../../db/schema.ts";
import { invalid } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { auditInTx } from "../audit/audit.record.ts";
import { hashPassword } from "../auth/passwords.ts";
import { type Ctx, transact } from "../context.ts";

export interface NewUser {
  email: string;
  name: string;
  password: string | null;
  language?: string;
  // Chosen ahead when the unit of work runs as the person being created (accepting an invitation).
  gid?: number;
  // Hashed ahead, outside a unit of work: hashing is slow and the unit holds the database meanwhile.
  passwordHash?: string | null;
}

export async function createUser(ctx: Ctx, input: NewUser) {
  const email = input.email.trim().toLowerCase();
  const existing = await ctx.db.selectFrom("users").select("gid").where("email", "=", email).executeTakeFirst();
  if (existing) throw invalid("email", "email_taken", `a user with the email ${email} already exists`, { email });
  const passwordHash = input.passwordHash ?? (input.password ? await hashPassword(input.password) : null);
  return transact(ctx, async (tx) => {
    const user = {
      gid: input.gid ?? newGid(),
      email,
      name: input.name.trim(),
      password_hash: passwordHash,
      language: input.language ?? "en",
      created_at: tx.now,
    };
    await tx.trx.insertInto("users").values(user).execute();
    return user;
  });
}

export async function addUserToWorkspace(ctx: Ctx, workspaceGid: number, userGid: number, role: WorkspaceRole) {
  return transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("workspace_memberships")
      .select(["gid", "role"])
      .where("workspace_gid", "=", workspaceGid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (existing) {
      if (existing.role !== role) {
        await tx.trx.updateTable("workspace_memberships").set({ role }).where("gid", "=", existing.gid).execute();
        const user = await tx.trx
          .selectFrom("users")
          .select(["name", "email"])
          .where("gid", "=", userGid)
          .executeTakeFirst();
        await auditInTx(tx, {
          workspaceGid,
          eventType: "user_workspace_role_changed",
          category: "permissions",
          resource: { type: "user", gid: userGid, name: user?.name, email: user?.email },
          details: { old_value: existing.role, new_value: role },
        });
      }
      return existing.gid;
    }
    const gid = newGid();
    await tx.trx
      .insertInto("workspace_memberships")
      .values({ gid, workspace_gid: workspaceGid, user_gid: userGid, role, created_at: tx.now })
      .execute();
    // Someone who left and comes back finds their own My Tasks again.
    await tx.trx
      .insertInto("user_task_lists")
      .values({ gid: newGid(), user_gid: userGid, workspace_gid: workspaceGid })
      .onConflict((conflict) => conflict.columns(["user_gid", "workspace_gid"]).doNothing())
      .execute();
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "user",
      resource_gid: userGid,
      parent_type: "workspace",
      parent_gid: workspaceGid,
      action: "added",
    });
    return gid;
  });
}

export async function removeUserFromWorkspace(ctx: Ctx, workspaceGid: number, userGid: number) {
  return transact(ctx, async (tx) => {
    await tx.trx
      .deleteFrom("workspace_memberships")
      .where("workspace_gid", "=", workspaceGid)
      .where("user_gid", "=", userGid)
      .execute();
    const projects = tx.trx.selectFrom("projects").select("gid").where("workspace_gid", "=", workspaceGid);
    await tx.trx
      .deleteFrom("project_memberships")
      .where("user_gid", "=", userGid)
      .where("project_gid", "in", projects)
      .execute();
    const teams = tx.trx.selectFrom("teams").select("gid").where("workspace_gid", "=", workspaceGid);
    await tx.trx
      .deleteFrom("team_memberships")
      .where("user_gid", "=", userGid)
      .where("team_gid", "in", teams)
      .execute();
    // A portfolio membership can carry access to projects (inherited access): it goes with the workspace.
    const portfolios = tx.trx.selectFrom("portfolios").select("gid").where("workspace_gid", "=", workspaceGid);
    await tx.trx
      .deleteFrom("portfolio_memberships")
      .where("user_gid", "=", userGid)
      .where("portfolio_gid", "in", portfolios)
      .execute();
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "user",
      resource_gid: userGid,
      parent_type: "workspace",
      parent_gid: workspaceGid,
      action: "removed",
    });
  });
}

export async function updateUser(ctx: Ctx, userGid: number, changes: { name?: string; language?: string }) {
  return transact(ctx, async (tx) => {
    if (Object.keys(changes).length > 0) {
      await tx.trx.updateTable("users").set(changes).where("gid", "=", userGid).execute();
    }
    return tx.trx.selectFrom("users").selectAll().where("gid", "=", userGid).executeTakeFirstOrThrow();
  });
}
