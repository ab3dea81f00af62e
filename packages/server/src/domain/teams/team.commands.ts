import type { TeamsTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, transact } from "../context.ts";

export interface TeamChanges {
  name?: string;
  description?: string;
}

// The creator joins the team as its admin.
export async function createTeam(
  ctx: Ctx & { actor: { gid: number } },
  workspaceGid: number,
  input: Required<TeamChanges>,
) {
  return transact(ctx, async (tx) => {
    const team: TeamsTable = {
      gid: newGid(),
      workspace_gid: workspaceGid,
      name: input.name,
      description: input.description,
      created_at: tx.now,
    };
    await tx.trx.insertInto("teams").values(team).execute();
    await tx.trx
      .insertInto("team_memberships")
      .values({ gid: newGid(), team_gid: team.gid, user_gid: ctx.actor.gid, is_admin: 1, created_at: tx.now })
      .execute();
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "team",
      resource_gid: team.gid,
      parent_type: "workspace",
      parent_gid: workspaceGid,
      action: "added",
    });
    return team;
  });
}

export async function updateTeam(ctx: Ctx, team: TeamsTable, changes: TeamChanges) {
  return transact(ctx, async (tx) => {
    const fields = (Object.keys(changes) as (keyof TeamChanges)[]).filter(
      (field) => changes[field] !== undefined && changes[field] !== team[field],
    );
    if (fields.length === 0) return team;
    await tx.trx.updateTable("teams").set(changes).where("gid", "=", team.gid).execute();
    for (const field of fields) {
      await tx.emit({
        workspace_gid: team.workspace_gid,
        resource_type: "team",
        resource_gid: team.gid,
        action: "changed",
        change: { field, action: "changed", new_value: changes[field] },
      });
    }
    return tx.trx.selectFrom("teams").selectAll().where("gid", "=", team.gid).executeTakeFirstOrThrow();
  });
}

// Adding someone already in the team changes nothing and answers their membership.
export async function addTeamUser(ctx: Ctx, team: TeamsTable, userGid: number) {
  return transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("team_memberships")
      .selectAll()
      .where("team_gid", "=", team.gid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (existing) return existing;
    const membership = {
      gid: newGid(),
      team_gid: team.gid,
      user_gid: userGid,
      is_admin: 0 as const,
      created_at: tx.now,
    };
    await tx.trx.insertInto("team_memberships").values(membership).execute();
    await tx.emit({
      workspace_gid: team.workspace_gid,
      resource_type: "team",
      resource_gid: team.gid,
      action: "changed",
      change: { field: "members", action: "added", added_value: { gid: String(userGid), resource_type: "user" } },
    });
    return membership;
  });
}

export async function removeTeamUser(ctx: Ctx, team: TeamsTable, userGid: number) {
  return transact(ctx, async (tx) => {
    const removed = await tx.trx
      .deleteFrom("team_memberships")
      .where("team_gid", "=", team.gid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return;
    await tx.emit({
      workspace_gid: team.workspace_gid,
      resource_type: "team",
      resource_gid: team.gid,
      action: "changed",
      change: { field: "members", action: "removed", removed_value: { gid: String(userGid), resource_type: "user" } },
    });
  });
}
