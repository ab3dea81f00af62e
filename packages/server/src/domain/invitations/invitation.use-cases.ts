import type { AcceptInvitationBody, CreateInvitationBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { InvitationsTable, WorkspaceRole } from "../../db/schema.ts";
import { badRequest, invalid, unauthorized } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { addUserToWorkspace, createUser } from "../users/user.commands.ts";
import { requireFullMember, requireWorkspaceRole, workspaceRole } from "../workspaces/workspace.policy.ts";
import {
  alreadyUsed,
  claimInvitation,
  createInvitation,
  renewInvitationToken,
  requirePending,
  revokeInvitation,
} from "./invitation.commands.ts";
import { deliverInvitation, type InvitationMailer } from "./invitation.delivery.ts";
import { authorizeInvitationManage, authorizeInvite } from "./invitation.policy.ts";
import {
  invitationByGid,
  invitationByToken,
  invitationContext,
  invitationStatus,
  inviteeAccess,
  inviterLanguage,
  manageableInvitations,
  userByEmail,
  visibleProjectInWorkspace,
  visibleTeamInWorkspace,
} from "./invitation.queries.ts";

type ActorCtx = Ctx & { actor: Actor };

const notRecognized = (field: string, raw: string) => badRequest(`${field}: Not a recognized ID: ${raw}`);

// Inviting someone who already has everything the invitation would give is a mistake worth naming.
async function refuseIfAlreadyIn(
  db: Db,
  email: string,
  workspaceGid: number,
  role: InvitationsTable["role"],
  target: { teamGid: number | null; projectGid: number | null },
) {
  const access = await inviteeAccess(db, email, workspaceGid, target);
  if (!access) return;
  if (target.projectGid) {
    if (access.inProject)
      throw invalid("email", "already_in_project", `${email} is already a member of this project`, { email });
    return;
  }
  if (target.teamGid) {
    if (access.inTeam)
      throw invalid("email", "already_in_team", `${email} is already a member of this team`, { email });
    return;
  }
  if (access.role !== "guest" || role === "guest") {
    throw invalid("email", "already_in_workspace", `${email} is already a member of this workspace`, { email });
  }
}

// The invitation is committed before its email goes out: a refused invitation sends nothing.
export async function inviteUseCase(ctx: ActorCtx, mailer: InvitationMailer, input: CreateInvitationBody) {
  const { invitation, token } = await unitOfWork(ctx, async (uow) => {
    const workspaceGid = Number(input.workspace);
    await requireWorkspaceRole(uow.db, uow.actor, workspaceGid);
    if (input.team && input.project) throw badRequest("project: an invitation names a team or a project, not both");
    if (input.role === "guest" && !input.project) {
      throw badRequest("project: guests are invited into one project; name it");
    }
    if (input.access_level && !input.project) throw badRequest("access_level: only applies to a project invitation");
    if (input.role === "guest" && input.access_level === "admin") {
      throw badRequest("access_level: guests can be editors, commenters or viewers");
    }
    const project = input.project
      ? await visibleProjectInWorkspace(uow.db, uow.actor.gid, workspaceGid, Number(input.project))
      : null;
    if (input.project && !project) throw notRecognized("project", input.project);
    if (input.team && !(await visibleTeamInWorkspace(uow.db, uow.actor.gid, workspaceGid, Number(input.team)))) {
      throw notRecognized("team", input.team);
    }
    await authorizeInvite(uow.db, uow.actor, workspaceGid, input.role, project ?? null);
    const accessLevel = project ? (input.access_level ?? (input.role === "guest" ? "commenter" : "editor")) : null;
    const target = { teamGid: input.team ? Number(input.team) : null, projectGid: project?.gid ?? null };
    await refuseIfAlreadyIn(uow.db, input.email, workspaceGid, input.role, target);
    return createInvitation(uow, {
      workspace_gid: workspaceGid,
      email: input.email,
      role: input.role,
      team_gid: target.teamGid,
      project_gid: target.projectGid,
      access_level: accessLevel,
    });
  });
  return deliverInvitation(ctx, mailer, invitation, token);
}

export async function listInvitations(
  db: Db,
  actor: Actor,
  filter: { workspaceGid: number; projectGid?: number },
  window: { limit: number; offset: number },
) {
  await requireFullMember(db, actor, filter.workspaceGid);
  return manageableInvitations(db, actor.gid, filter, window);
}

export async function readInvitation(db: Db, actor: Actor, invitationGid: number) {
  const invitation = await authorizeInvitationManage(db, actor, await invitationByGid(db, invitationGid));
  return { invitation, context: await invitationContext(db, invitation) };
}

export function revokeInvitationUseCase(ctx: ActorCtx, invitationGid: number) {
  return unitOfWork(ctx, async (uow) => {
    const found = await invitationByGid(uow.db, invitationGid);
    await revokeInvitation(uow, await authorizeInvitationManage(uow.db, uow.actor, found));
  });
}

// A fresh link, valid for another full period, emailed after it is committed.
export async function resendInvitationUseCase(ctx: ActorCtx, mailer: InvitationMailer, invitationGid: number) {
  const renewed = await unitOfWork(ctx, async (uow) => {
    const found = await invitationByGid(uow.db, invitationGid);
    const invitation = await authorizeInvitationManage(uow.db, uow.actor, found);
    const status = invitationStatus(invitation);
    if (status === "accepted" || status === "revoked") {
      throw badRequest(`invitation: it was ${status}; send a new invitation instead`);
    }
    return renewInvitationToken(uow, invitation);
  });
  return deliverInvitation(ctx, mailer, renewed.invitation, renewed.token);
}

// Public: what the invitee sees before accepting (the token is their only credential).
export async function previewInvitation(db: Db, token: string) {
  const invitation = requirePending(await invitationByToken(db, token));
  const hasAccount = Boolean(await userByEmail(db, invitation.email));
  return { invitation, context: await invitationContext(db, invitation), hasAccount };
}

const ROLE_RANK: Record<WorkspaceRole, number> = { guest: 1, member: 2, admin: 3 };

// Creates the account (or checks the existing one's password), grants what the invitation names and uses it up,
// all in one unit run as the invitee. Never lowers anything the person already has. Answers the signed-in user.
export async function acceptInvitationUseCase(ctx: Ctx, token: string, input: AcceptInvitationBody): Promise<Actor> {
  const invitation = requirePending(await invitationByToken(ctx.db, token));
  // Password work is slow: it happens before the unit opens, as the unit holds the database meanwhile.
  const existing = await userByEmail(ctx.db, invitation.email);
  let user: Actor;
  let passwordHash: string | null = null;
  // A person an import placed (no password yet) claims that record: their imported tasks and comments are theirs.
  const claiming = existing !== undefined && existing.password_hash === null;
  if (existing && claiming) {
    if (input.password.length < 8) throw invalid("password", "too_short", "must be at least 8 characters", { min: 8 });
    user = {
      gid: existing.gid,
      name: input.name?.trim() || existing.name,
      email: existing.email,
      language: existing.language,
    };
    passwordHash = await hashPassword(input.password);
  } else if (existing) {
    if (!(await verifyPassword(input.password, existing.password_hash))) {
      throw unauthorized(`password: ${invitation.email} already has an account; enter its password to accept.`);
    }
    user = { gid: existing.gid, name: existing.name, email: existing.email, language: existing.language };
  } else {
    if (!input.name) throw invalid("name", "missing", "Missing input");
    if (input.password.length < 8) throw invalid("password", "too_short", "must be at least 8 characters", { min: 8 });
    const language = input.language ?? (await inviterLanguage(ctx.db, invitation)) ?? "en";
    user = { gid: newGid(), name: input.name.trim(), email: invitation.email, language };
    passwordHash = await hashPassword(input.password);
  }
  try {
    return await unitOfWork({ ...ctx, actor: user }, async (uow) => {
      if (!existing) {
        await createUser(uow, { ...user, password: null, passwordHash });
      } else if (claiming) {
        await uow.db
          .updateTable("users")
          .set({ password_hash: passwordHash, name: user.name })
          .where("gid", "=", user.gid)
          .where("password_hash", "is", null)
          .execute();
      }
      const current = await workspaceRole(uow.db, user, invitation.workspace_gid);
      if (!current || ROLE_RANK[current] < ROLE_RANK[invitation.role]) {
        await addUserToWorkspace(uow, invitation.workspace_gid, user.gid, invitation.role);
      }
      await claimInvitation(uow, invitation, user.gid);
      return user;
    });
  } catch (error) {
    // The same link submitted twice at once: the other request created the account and used the invitation.
    if (!existing && (await userByEmail(ctx.db, invitation.email))) throw alreadyUsed();
    throw error;
  }
}
