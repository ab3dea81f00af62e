import { Language } from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { InvitationsTable } from "../../db/schema.ts";
import type { Actor } from "../../domain/context.ts";
import {
  acceptInvitation,
  createInvitation,
  recordDelivery,
  renewInvitationToken,
  requirePending,
  revokeInvitation,
} from "../../domain/invitations/invitation.commands.ts";
import {
  authorizeInvitationManage,
  authorizeInvite,
  invitationIsManageable,
} from "../../domain/invitations/invitation.policy.ts";
import {
  INVITATION_COMPACT,
  presentInvitation,
  presentInvitationPreview,
} from "../../domain/invitations/invitation.presenter.ts";
import {
  invitationByGid,
  invitationByToken,
  invitationContext,
  invitationContexts,
  invitationStatus,
} from "../../domain/invitations/invitation.queries.ts";
import { shape } from "../../domain/opt-fields.ts";
import { visibleProjectGids } from "../../domain/projects/project.policy.ts";
import { requireFullMember, requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { invitationEmail } from "../../email/invitation-email.ts";
import { sendMail } from "../../email/mailer.ts";
import { badRequest } from "../../errors.ts";
import { baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { startSession } from "../session.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const Gid = z.string().regex(/^\d{1,19}$/, "must be a gid (a string of digits)");

const CreateInvitation = z.strictObject({
  workspace: Gid,
  email: z.string().trim().toLowerCase().email("must be an email address").max(320),
  role: z.enum(["member", "guest"], "must be member or guest"),
  team: Gid.nullish(),
  project: Gid.nullish(),
  access_level: z
    .enum(["admin", "editor", "commenter", "viewer"], "must be admin, editor, commenter or viewer")
    .nullish(),
});

const ListQuery = z.object({ workspace: Gid, project: Gid.optional() });

const Accept = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().min(1).max(200),
  language: Language.optional(),
});

const notRecognized = (field: string, raw: string) => badRequest(`${field}: Not a recognized ID: ${raw}`);

export async function invitationsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  // Emails the link; when no mail goes out, the link is handed back to the inviter to pass on themselves.
  async function deliver(request: FastifyRequest, actor: Actor, invitation: InvitationsTable, token: string) {
    const context = await invitationContext(db, invitation);
    const link = `${baseUrl(request)}/invite/${token}`;
    const message = invitationEmail({
      to: invitation.email,
      language: actor.language,
      inviterName: actor.name,
      workspaceName: context.workspace.name,
      targetName: context.project?.name ?? context.team?.name ?? null,
      link,
      expiresAt: invitation.expires_at,
    });
    const delivery = await sendMail(app.takt.config, request.log, message);
    const recorded = await recordDelivery({ db, bus: app.takt.bus, actor }, invitation, delivery);
    return { ...presentInvitation(recorded, context), ...(delivery === "sent" ? {} : { invite_url: link }) };
  }

  app.post("/invitations", async (request, reply) => {
    const ctx = ctxOf(request);
    const input = parseData(CreateInvitation, request.body);
    const workspaceGid = Number(input.workspace);
    await requireWorkspaceRole(db, ctx.actor, workspaceGid);
    if (input.team && input.project) throw badRequest("project: an invitation names a team or a project, not both");
    if (input.role === "guest" && !input.project) {
      throw badRequest("project: guests are invited into one project; name it");
    }
    if (input.access_level && !input.project) throw badRequest("access_level: only applies to a project invitation");
    if (input.role === "guest" && input.access_level === "admin") {
      throw badRequest("access_level: guests can be editors, commenters or viewers");
    }
    const project = input.project
      ? await db
          .selectFrom("projects")
          .selectAll()
          .where("gid", "=", Number(input.project))
          .where("workspace_gid", "=", workspaceGid)
          .where("gid", "in", visibleProjectGids(db, ctx.actor.gid))
          .executeTakeFirst()
      : null;
    if (input.project && !project) throw notRecognized("project", input.project);
    if (input.team) {
      const role = await requireWorkspaceRole(db, ctx.actor, workspaceGid);
      const team = await db
        .selectFrom("teams")
        .select("gid")
        .where("gid", "=", Number(input.team))
        .where("workspace_gid", "=", workspaceGid)
        .executeTakeFirst();
      if (!team || role === "guest") throw notRecognized("team", input.team);
    }
    await authorizeInvite(db, ctx.actor, workspaceGid, input.role, project ?? null);
    const accessLevel = project ? (input.access_level ?? (input.role === "guest" ? "commenter" : "editor")) : null;
    await refuseIfAlreadyIn(input.email, workspaceGid, input.role, input.team ?? null, project?.gid ?? null);
    const { invitation, token } = await createInvitation(ctx, {
      workspace_gid: workspaceGid,
      email: input.email,
      role: input.role,
      team_gid: input.team ? Number(input.team) : null,
      project_gid: project?.gid ?? null,
      access_level: accessLevel,
    });
    return created(reply, "/invitations", await deliver(request, ctx.actor, invitation, token));
  });

  // Inviting someone who already has everything the invitation would give is a mistake worth naming.
  async function refuseIfAlreadyIn(
    email: string,
    workspaceGid: number,
    role: InvitationsTable["role"],
    team: string | null,
    projectGid: number | null,
  ) {
    const user = await db.selectFrom("users").select("gid").where("email", "=", email).executeTakeFirst();
    if (!user) return;
    const membership = await db
      .selectFrom("workspace_memberships")
      .select("role")
      .where("workspace_gid", "=", workspaceGid)
      .where("user_gid", "=", user.gid)
      .executeTakeFirst();
    if (!membership) return;
    if (projectGid) {
      const inProject = await db
        .selectFrom("project_memberships")
        .select("gid")
        .where("project_gid", "=", projectGid)
        .where("user_gid", "=", user.gid)
        .executeTakeFirst();
      if (inProject) throw badRequest(`email: ${email} is already a member of this project`);
      return;
    }
    if (team) {
      const inTeam = await db
        .selectFrom("team_memberships")
        .select("gid")
        .where("team_gid", "=", Number(team))
        .where("user_gid", "=", user.gid)
        .executeTakeFirst();
      if (inTeam) throw badRequest(`email: ${email} is already a member of this team`);
      return;
    }
    if (membership.role !== "guest" || role === "guest") {
      throw badRequest(`email: ${email} is already a member of this workspace`);
    }
  }

  app.get("/invitations", async (request) => {
    const ctx = ctxOf(request);
    const query = parse(ListQuery, request.query);
    await requireFullMember(db, ctx.actor, Number(query.workspace));
    const page = pageOf(request);
    let select = db
      .selectFrom("invitations")
      .selectAll()
      .where("workspace_gid", "=", Number(query.workspace))
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", new Date().toISOString())
      .where(invitationIsManageable(db, ctx.actor.gid));
    if (query.project) select = select.where("project_gid", "=", Number(query.project));
    const rows = await select.orderBy("gid", "desc").limit(page.window.limit).offset(page.window.offset).execute();
    const contexts = await invitationContexts(db, rows);
    const optFields = optFieldsOf(request);
    const data = rows.map((row, index) =>
      shape(presentInvitation(row, contexts[index]), optFields, INVITATION_COMPACT),
    );
    return listed(request, page, data);
  });

  app.get<{ Params: { invitation_gid: string } }>("/invitations/:invitation_gid", async (request) => {
    const ctx = ctxOf(request);
    const found = await invitationByGid(db, gidParam(request.params.invitation_gid, "invitation"));
    const invitation = await authorizeInvitationManage(db, ctx.actor, found);
    return {
      data: shape(presentInvitation(invitation, await invitationContext(db, invitation)), optFieldsOf(request)),
    };
  });

  app.delete<{ Params: { invitation_gid: string } }>("/invitations/:invitation_gid", async (request) => {
    const ctx = ctxOf(request);
    const found = await invitationByGid(db, gidParam(request.params.invitation_gid, "invitation"));
    await revokeInvitation(ctx, await authorizeInvitationManage(db, ctx.actor, found));
    return { data: {} };
  });

  app.post<{ Params: { invitation_gid: string } }>("/invitations/:invitation_gid/resend", async (request) => {
    const ctx = ctxOf(request);
    const found = await invitationByGid(db, gidParam(request.params.invitation_gid, "invitation"));
    const invitation = await authorizeInvitationManage(db, ctx.actor, found);
    const status = invitationStatus(invitation);
    if (status === "accepted" || status === "revoked") {
      throw badRequest(`invitation: it was ${status}; send a new invitation instead`);
    }
    const renewed = await renewInvitationToken(ctx, invitation);
    return { data: await deliver(request, ctx.actor, renewed.invitation, renewed.token) };
  });

  // Public: the invitee has no account yet. The token is the only credential, so nothing else is shown.
  app.get<{ Params: { token: string } }>("/invitations/accept/:token", async (request) => {
    const invitation = requirePending(await invitationByToken(db, request.params.token));
    const hasAccount = await db
      .selectFrom("users")
      .select("gid")
      .where("email", "=", invitation.email)
      .executeTakeFirst();
    return { data: presentInvitationPreview(invitation, await invitationContext(db, invitation), Boolean(hasAccount)) };
  });

  app.post<{ Params: { token: string } }>("/invitations/accept/:token", async (request, reply) => {
    const input = parseData(Accept, request.body);
    const invitation = requirePending(await invitationByToken(db, request.params.token));
    const user = await acceptInvitation({ db, bus: app.takt.bus, actor: null }, invitation, input);
    return startSession(db, reply, user.gid);
  });
}
