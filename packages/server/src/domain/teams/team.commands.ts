import type { TeamAccessLevel, TeamJoinRequestsTable, TeamsTable, TeamVisibility } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, type Tx, transact } from "../context.ts";

export interface TeamChanges {
  name?: string;
  description?: string;
  visibility?: TeamVisibility;
  edit_team_name_or_description_access_level?: TeamAccessLevel;
  edit_team_visibility_or_trash_team_access_level?: TeamAccessLevel;
  member_invite_management_access_level?: TeamAccessLevel;
  join_request_management_access_level?: TeamAccessLevel;
  team_member_removal_access_level?: TeamAccessLevel;
}

const definedOnly = (changes: TeamChanges): TeamChanges =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));

// The creator joins the team as its admin.
export async function createTeam(
  ctx: Ctx & { actor: { gid: number } },
  workspaceGid: number,
  input: TeamChanges & { name: string; description: string },
) {
  return transact(ctx, async (tx) => {
    const gid = newGid();
    await tx.trx
      .insertInto("teams")
      .values({ ...definedOnly(input), gid, workspace_gid: workspaceGid, created_at: tx.now } as TeamsTable)
      .execute();
    const team = await tx.trx.selectFrom("teams").selectAll().where("gid", "=", gid).executeTakeFirstOrThrow();
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
    await tx.trx.updateTable("teams").set(definedOnly(changes)).where("gid", "=", team.gid).execute();
    for (const field of fields) {
      await teamChanged(tx, team, { field, action: "changed", new_value: changes[field] });
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
    // Whoever is added no longer waits on their request to join.
    await decidePending(tx, team, userGid, "approved");
    const membership = {
      gid: newGid(),
      team_gid: team.gid,
      user_gid: userGid,
      is_admin: 0 as const,
      created_at: tx.now,
    };
    await tx.trx.insertInto("team_memberships").values(membership).execute();
    await teamChanged(tx, team, {
      field: "members",
      action: "added",
      added_value: { gid: String(userGid), resource_type: "user" },
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
    await teamChanged(tx, team, {
      field: "members",
      action: "removed",
      removed_value: { gid: String(userGid), resource_type: "user" },
    });
  });
}

// The event of a change to a team's members or requests to join.
function teamChanged(tx: Tx, team: TeamsTable, change: Record<string, unknown>) {
  return tx.emit({
    workspace_gid: team.workspace_gid,
    resource_type: "team",
    resource_gid: team.gid,
    action: "changed",
    change,
  });
}

async function decidePending(tx: Tx, team: TeamsTable, userGid: number, status: "approved" | "declined") {
  const pending = await tx.trx
    .selectFrom("team_join_requests")
    .selectAll()
    .where("team_gid", "=", team.gid)
    .where("user_gid", "=", userGid)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (!pending) return;
  await tx.trx
    .updateTable("team_join_requests")
    .set({ status, decided_at: tx.now, decided_by_gid: tx.actor?.gid ?? null })
    .where("gid", "=", pending.gid)
    .execute();
  await teamChanged(tx, team, {
    field: "join_requests",
    action: "changed",
    new_value: { gid: String(pending.gid), resource_type: "team_join_request", status },
  });
}

// A request to join: a person who asked before (and was declined) asks again on the same row.
export async function requestToJoinTeam(ctx: Ctx, team: TeamsTable, userGid: number, message: string) {
  return transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("team_join_requests")
      .selectAll()
      .where("team_gid", "=", team.gid)
      .where("user_gid", "=", userGid)
      .executeTakeFirst();
    if (existing?.status === "pending") return existing;
    const gid = existing?.gid ?? newGid();
    const row: TeamJoinRequestsTable = {
      gid,
      team_gid: team.gid,
      user_gid: userGid,
      message,
      status: "pending",
      created_at: tx.now,
      decided_at: null,
      decided_by_gid: null,
    };
    if (existing) await tx.trx.updateTable("team_join_requests").set(row).where("gid", "=", gid).execute();
    else await tx.trx.insertInto("team_join_requests").values(row).execute();
    await teamChanged(tx, team, {
      field: "join_requests",
      action: "added",
      added_value: { gid: String(gid), resource_type: "team_join_request" },
    });
    return row;
  });
}

// Approving adds the person to the team; declining leaves them out. Either way the request is answered once.
export async function decideJoinRequest(
  ctx: Ctx,
  team: TeamsTable,
  request: TeamJoinRequestsTable,
  status: "approved" | "declined",
) {
  return transact(ctx, async (tx) => {
    // Approving is adding the person, as an admin would (which answers the request), in the same unit of work.
    if (status === "approved") await addTeamUser({ ...ctx, db: tx.trx, unit: tx }, team, request.user_gid);
    await decidePending(tx, team, request.user_gid, status);
    return tx.trx.selectFrom("team_join_requests").selectAll().where("gid", "=", request.gid).executeTakeFirstOrThrow();
  });
}

// The requester takes their request back.
export async function withdrawJoinRequest(ctx: Ctx, team: TeamsTable, request: TeamJoinRequestsTable) {
  return transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("team_join_requests").where("gid", "=", request.gid).execute();
    await teamChanged(tx, team, {
      field: "join_requests",
      action: "removed",
      removed_value: { gid: String(request.gid), resource_type: "team_join_request" },
    });
  });
}
