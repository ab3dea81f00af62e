import type { AccessLevel, InvitationDelivery, InvitationsTable } from "../../db/schema.ts";
import { ApiError, badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { atLeast } from "../access-level.ts";
import { hashSecret, newSecret } from "../auth/passwords.ts";
import { type Actor, type Ctx, type Tx, transact } from "../context.ts";
import { invitationStatus } from "./invitation.queries.ts";

export const INVITATION_DAYS = 7;
const TOKEN_PREFIX = "takt_inv_";

export interface NewInvitation {
  workspace_gid: number;
  email: string;
  role: InvitationsTable["role"];
  team_gid: number | null;
  project_gid: number | null;
  access_level: AccessLevel | null;
}

const expiryFrom = (now: string) => new Date(Date.parse(now) + INVITATION_DAYS * 86_400_000).toISOString();

function parentOf(invitation: Pick<InvitationsTable, "workspace_gid" | "team_gid" | "project_gid">) {
  if (invitation.project_gid) return { parent_type: "project", parent_gid: invitation.project_gid };
  if (invitation.team_gid) return { parent_type: "team", parent_gid: invitation.team_gid };
  return { parent_type: "workspace", parent_gid: invitation.workspace_gid };
}

// A new invitation to the same place for the same email replaces the pending one: only the latest link works.
export async function createInvitation(ctx: Ctx & { actor: Actor }, input: NewInvitation) {
  const token = newSecret(TOKEN_PREFIX);
  const invitation = await transact(ctx, async (tx) => {
    let superseded = tx.trx
      .updateTable("invitations")
      .set({ revoked_at: tx.now })
      .where("workspace_gid", "=", input.workspace_gid)
      .where("email", "=", input.email)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null);
    superseded = input.team_gid
      ? superseded.where("team_gid", "=", input.team_gid)
      : superseded.where("team_gid", "is", null);
    superseded = input.project_gid
      ? superseded.where("project_gid", "=", input.project_gid)
      : superseded.where("project_gid", "is", null);
    await superseded.execute();
    const row: InvitationsTable = {
      gid: newGid(),
      ...input,
      token_hash: hashSecret(token),
      inviter_gid: ctx.actor.gid,
      delivery: "logged",
      created_at: tx.now,
      expires_at: expiryFrom(tx.now),
      accepted_at: null,
      accepted_by_gid: null,
      revoked_at: null,
    };
    await tx.trx.insertInto("invitations").values(row).execute();
    await tx.emit({
      workspace_gid: row.workspace_gid,
      resource_type: "invitation",
      resource_gid: row.gid,
      ...parentOf(row),
      action: "added",
    });
    return row;
  });
  return { invitation, token };
}

// Resending issues a fresh link (the old one stops working) valid for another full period.
export async function renewInvitationToken(ctx: Ctx, invitation: InvitationsTable) {
  const token = newSecret(TOKEN_PREFIX);
  const renewed = await transact(ctx, async (tx) => {
    const changes = { token_hash: hashSecret(token), expires_at: expiryFrom(tx.now) };
    await tx.trx.updateTable("invitations").set(changes).where("gid", "=", invitation.gid).execute();
    await tx.emit({
      workspace_gid: invitation.workspace_gid,
      resource_type: "invitation",
      resource_gid: invitation.gid,
      action: "changed",
      change: { field: "expires_at", action: "changed", new_value: changes.expires_at },
    });
    return { ...invitation, ...changes };
  });
  return { invitation: renewed, token };
}

export async function recordDelivery(ctx: Ctx, invitation: InvitationsTable, delivery: InvitationDelivery) {
  await ctx.db.updateTable("invitations").set({ delivery }).where("gid", "=", invitation.gid).execute();
  return { ...invitation, delivery };
}

export async function revokeInvitation(ctx: Ctx, invitation: InvitationsTable) {
  if (invitation.accepted_at) throw badRequest("invitation: it was already accepted; remove the person instead.");
  if (invitation.revoked_at) return;
  await transact(ctx, async (tx) => {
    await tx.trx.updateTable("invitations").set({ revoked_at: tx.now }).where("gid", "=", invitation.gid).execute();
    await tx.emit({
      workspace_gid: invitation.workspace_gid,
      resource_type: "invitation",
      resource_gid: invitation.gid,
      ...parentOf(invitation),
      action: "deleted",
    });
  });
}

const UNUSABLE: Record<Exclude<ReturnType<typeof invitationStatus>, "pending">, string> = {
  accepted: "invitation: This invitation link has already been used. Sign in instead, or ask for a new invitation.",
  revoked: "invitation: This invitation was withdrawn. Ask the person who invited you for a new one.",
  expired: "invitation: This invitation link has expired. Ask the person who invited you for a new one.",
};

export function requirePending(invitation: InvitationsTable | undefined): InvitationsTable {
  if (!invitation)
    throw new ApiError(404, "invitation: This invitation link is not valid. Check that it was copied whole.");
  const status = invitationStatus(invitation);
  if (status !== "pending") throw new ApiError(404, UNUSABLE[status]);
  return invitation;
}

// The same link used twice: the other use won.
export const alreadyUsed = () => new ApiError(404, UNUSABLE.accepted);

// Uses the invitation up and grants the team or project it names. Only a still-pending invitation is claimed,
// so two acceptances of one link cannot both succeed.
export async function claimInvitation(ctx: Ctx, invitation: InvitationsTable, userGid: number): Promise<void> {
  await transact(ctx, async (tx) => {
    const claimed = await tx.trx
      .updateTable("invitations")
      .set({ accepted_at: tx.now, accepted_by_gid: userGid })
      .where("gid", "=", invitation.gid)
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", tx.now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw alreadyUsed();
    if (invitation.team_gid) await joinTeam(tx, invitation.workspace_gid, invitation.team_gid, userGid);
    if (invitation.project_gid && invitation.role === "member") {
      // A member invited into a team's project works in that team: they join it (guests never join teams).
      const project = await tx.trx
        .selectFrom("projects")
        .select("team_gid")
        .where("gid", "=", invitation.project_gid)
        .executeTakeFirst();
      if (project?.team_gid) await joinTeam(tx, invitation.workspace_gid, project.team_gid, userGid);
    }
    if (invitation.project_gid) {
      await joinProject(
        tx,
        invitation.workspace_gid,
        invitation.project_gid,
        userGid,
        invitation.access_level ?? "editor",
      );
    }
  });
}

async function joinTeam(tx: Tx, workspaceGid: number, teamGid: number, userGid: number) {
  const existing = await tx.trx
    .selectFrom("team_memberships")
    .select("gid")
    .where("team_gid", "=", teamGid)
    .where("user_gid", "=", userGid)
    .executeTakeFirst();
  if (existing) return;
  await tx.trx
    .insertInto("team_memberships")
    .values({ gid: newGid(), team_gid: teamGid, user_gid: userGid, is_admin: 0, created_at: tx.now })
    .execute();
  await tx.emit({
    workspace_gid: workspaceGid,
    resource_type: "team",
    resource_gid: teamGid,
    action: "changed",
    change: { field: "members", action: "added", added_value: { gid: String(userGid), resource_type: "user" } },
  });
}

async function joinProject(tx: Tx, workspaceGid: number, projectGid: number, userGid: number, level: AccessLevel) {
  const user = { gid: String(userGid), resource_type: "user" };
  const existing = await tx.trx
    .selectFrom("project_memberships")
    .select(["gid", "access_level"])
    .where("project_gid", "=", projectGid)
    .where("user_gid", "=", userGid)
    .executeTakeFirst();
  if (existing && atLeast(existing.access_level, level)) return;
  if (existing) {
    await tx.trx
      .updateTable("project_memberships")
      .set({ access_level: level })
      .where("gid", "=", existing.gid)
      .execute();
  } else {
    await tx.trx
      .insertInto("project_memberships")
      .values({ gid: newGid(), project_gid: projectGid, user_gid: userGid, access_level: level, created_at: tx.now })
      .execute();
  }
  await tx.emit({
    workspace_gid: workspaceGid,
    resource_type: "project",
    resource_gid: projectGid,
    action: "changed",
    change: existing
      ? { field: "members", action: "changed", new_value: { ...user, access_level: level } }
      : { field: "members", action: "added", added_value: user },
  });
  await tx.trx.updateTable("projects").set({ modified_at: tx.now }).where("gid", "=", projectGid).execute();
}
