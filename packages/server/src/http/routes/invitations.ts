import {
  AcceptInvitationBody,
  CreateInvitationBody,
  Empty,
  Invitation,
  InvitationCompact,
  InvitationPathParams,
  InvitationPreview,
  InvitationsQuery,
  InvitationTokenPathParams,
  User,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { InvitationsTable } from "../../db/schema.ts";
import type { InvitationMailer } from "../../domain/invitations/invitation.delivery.ts";
import {
  INVITATION_COMPACT,
  presentInvitation,
  presentInvitationPreview,
} from "../../domain/invitations/invitation.presenter.ts";
import { type InvitationContext, invitationContexts } from "../../domain/invitations/invitation.queries.ts";
import {
  acceptInvitationUseCase,
  inviteUseCase,
  listInvitations,
  previewInvitation,
  readInvitation,
  resendInvitationUseCase,
  revokeInvitationUseCase,
} from "../../domain/invitations/invitation.use-cases.ts";
import { shape } from "../../domain/opt-fields.ts";
import { contract } from "../contract.ts";
import { actorOf, baseUrl, created, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { startSession } from "../session.ts";
import { gidParam, parse, parseData } from "../validation.ts";

type InvitationParams = { Params: { invitation_gid: string } };
type TokenParams = { Params: { token: string } };

// What a delivered invitation answers: the invitation, and its link when no email carried it.
function presentDelivered(sent: {
  invitation: InvitationsTable;
  context: InvitationContext;
  inviteUrl: string | null;
}) {
  return {
    ...presentInvitation(sent.invitation, sent.context),
    ...(sent.inviteUrl ? { invite_url: sent.inviteUrl } : {}),
  };
}

export async function invitationsRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  const mailerFor = (request: FastifyRequest): InvitationMailer => ({
    config: app.takt.config,
    log: request.log,
    baseUrl: baseUrl(request),
  });
  const invitationGid = (request: FastifyRequest<InvitationParams>) =>
    gidParam(request.params.invitation_gid, "invitation");

  app.post(
    "/invitations",
    contract({
      summary: "Invite someone to a workspace, team or project",
      body: CreateInvitationBody,
      response: Invitation,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(CreateInvitationBody, request.body);
      const sent = await inviteUseCase(ctx, mailerFor(request), input);
      return created(reply, "/invitations", presentDelivered(sent));
    },
  );

  app.get(
    "/invitations",
    contract({
      summary: "Get the pending invitations you manage",
      query: InvitationsQuery,
      response: InvitationCompact,
      list: true,
    }),
    async (request) => {
      const actor = actorOf(request);
      const query = parse(InvitationsQuery, request.query);
      const page = pageOf(request);
      const filter = {
        workspaceGid: Number(query.workspace),
        projectGid: query.project === undefined ? undefined : Number(query.project),
      };
      const rows = await listInvitations(db, actor, filter, page.window);
      const contexts = await invitationContexts(db, rows);
      const optFields = optFieldsOf(request);
      const data = rows.map((row, index) =>
        shape(presentInvitation(row, contexts[index]), optFields, INVITATION_COMPACT),
      );
      return listed(request, page, data);
    },
  );

  app.get<InvitationParams>(
    "/invitations/:invitation_gid",
    contract({ summary: "Get an invitation", params: InvitationPathParams, response: Invitation }),
    async (request) => {
      const { invitation, context } = await readInvitation(db, actorOf(request), invitationGid(request));
      return { data: shape(presentInvitation(invitation, context), optFieldsOf(request)) };
    },
  );

  app.delete<InvitationParams>(
    "/invitations/:invitation_gid",
    contract({ summary: "Withdraw an invitation", params: InvitationPathParams, response: Empty }),
    async (request) => {
      await revokeInvitationUseCase(ctxOf(request), invitationGid(request));
      return { data: {} };
    },
  );

  app.post<InvitationParams>(
    "/invitations/:invitation_gid/resend",
    contract({
      summary: "Send an invitation again with a fresh link",
      params: InvitationPathParams,
      response: Invitation,
    }),
    async (request) => {
      const sent = await resendInvitationUseCase(ctxOf(request), mailerFor(request), invitationGid(request));
      return { data: presentDelivered(sent) };
    },
  );

  // Public: the invitee has no account yet. The token is the only credential, so nothing else is shown.
  app.get<TokenParams>(
    "/invitations/accept/:token",
    contract({
      summary: "Preview an invitation",
      params: InvitationTokenPathParams,
      response: InvitationPreview,
      public: true,
    }),
    async (request) => {
      const { invitation, context, hasAccount } = await previewInvitation(db, request.params.token);
      return { data: presentInvitationPreview(invitation, context, hasAccount) };
    },
  );

  app.post<TokenParams>(
    "/invitations/accept/:token",
    contract({
      summary: "Accept an invitation",
      params: InvitationTokenPathParams,
      body: AcceptInvitationBody,
      response: User,
      public: true,
    }),
    async (request, reply) => {
      const input = parseData(AcceptInvitationBody, request.body);
      const user = await acceptInvitationUseCase({ db, bus: app.takt.bus, actor: null }, request.params.token, input);
      return startSession(db, reply, user.gid);
    },
  );
}
