import {
  AccessTokenBody,
  AccessTokenParams,
  Empty,
  LoginBody,
  PersonalAccessToken,
  SetupBody,
  SetupStatus,
  User,
} from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { setUpDemo } from "../../demo/demo-setup.ts";
import { presentAccessToken } from "../../domain/auth/access-token.presenter.ts";
import { setupNeeded } from "../../domain/auth/auth.queries.ts";
import {
  addAccessToken,
  listAccessTokens,
  logIn,
  logOut,
  removeAccessToken,
  setUpTakt,
} from "../../domain/auth/auth.use-cases.ts";
import type { Ctx } from "../../domain/context.ts";
import { badRequest } from "../../errors.ts";
import { sessionCookieName, sessionTokenOf } from "../auth.ts";
import { contract } from "../contract.ts";
import { originOf } from "../origin.ts";
import { created, ctxOf } from "../request.ts";
import { answerSignedIn, startSession } from "../session.ts";
import { gidParam, parseData } from "../validation.ts";

export async function authRoutes(app: FastifyInstance) {
  const { db, bus, config } = app.takt;

  // Nobody is signed in yet: what they do is recorded with where it came from.
  const visitorCtx = (request: FastifyRequest): Ctx => ({ db, bus, actor: null, origin: originOf(request) });
  const browserOf = (request: FastifyRequest) => ({ previousToken: sessionTokenOf(request) ?? null });

  app.get(
    "/setup",
    contract({ summary: "Whether Takt still needs setting up", response: SetupStatus, public: true }),
    async () => {
      const needsSetup = await setupNeeded(db);
      // Whoever sets Takt up learns whether invitations and password resets will be emailed; afterwards this
      // public answer says nothing about the server (admins see it in the admin area).
      return {
        data: needsSetup ? { needs_setup: true, email_configured: Boolean(config.smtpUrl) } : { needs_setup: false },
      };
    },
  );

  app.post(
    "/setup",
    contract({
      summary: "Set Takt up: the first workspace and its admin",
      body: SetupBody,
      response: User,
      public: true,
    }),
    async (request, reply) => {
      const input = parseData(SetupBody, request.body);
      if ("demo" in input) return startSession(db, reply, (await setUpDemo(app, input.language)).gid);
      const { userGid, session } = await setUpTakt(visitorCtx(request), input, browserOf(request));
      return answerSignedIn(db, reply, userGid, session);
    },
  );

  app.post(
    "/auth/login",
    contract({ summary: "Sign in", body: LoginBody, response: User, public: true }),
    async (request, reply) => {
      const input = parseData(LoginBody, request.body);
      const { userGid, session } = await logIn(visitorCtx(request), config, input, {
        ...browserOf(request),
        ip: request.ip,
      });
      return answerSignedIn(db, reply, userGid, session);
    },
  );

  app.post("/auth/logout", contract({ summary: "Sign out", response: Empty, public: true }), async (request, reply) => {
    await logOut(visitorCtx(request), sessionTokenOf(request) ?? null);
    reply.clearCookie(sessionCookieName(request), { path: "/", secure: request.protocol === "https" });
    return { data: {} };
  });

  app.get(
    "/personal_access_tokens",
    contract({ summary: "Get your personal access tokens", response: z.array(PersonalAccessToken) }),
    async (request) => {
      const rows = await listAccessTokens(ctxOf(request));
      return { data: rows.map(presentAccessToken) };
    },
  );

  app.post(
    "/personal_access_tokens",
    contract({
      summary: "Create a personal access token",
      body: AccessTokenBody,
      response: PersonalAccessToken,
      status: 201,
    }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(AccessTokenBody, request.body);
      const { row, token } = await addAccessToken(ctx, input.name);
      return created(reply, "/personal_access_tokens", { ...presentAccessToken(row), token });
    },
  );

  app.delete<{ Params: { token_gid: string } }>(
    "/personal_access_tokens/:token_gid",
    contract({ summary: "Revoke a personal access token", params: AccessTokenParams, response: Empty }),
    async (request) => {
      const ctx = ctxOf(request);
      await removeAccessToken(ctx, gidParam(request.params.token_gid, "personal_access_token"));
      return { data: {} };
    },
  );

  // Signing up outside the setup page happens through invitations; this keeps the door closed meanwhile.
  app.post(
    "/auth/signup",
    contract({ summary: "Sign up (closed: Takt is by invitation)", response: Empty, public: true }),
    async () => {
      throw badRequest("Sign-up is by invitation: ask a workspace admin to invite you.");
    },
  );
}
