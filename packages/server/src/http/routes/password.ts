import { ChangePasswordBody, Empty, PasswordResetConfirmBody, PasswordResetRequestBody, User } from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { askForPasswordReset, changeOwnPassword, resetPassword } from "../../domain/auth/auth.use-cases.ts";
import type { Ctx } from "../../domain/context.ts";
import { RATE_LIMITED_MESSAGE, RateLimitedError } from "../../errors.ts";
import { sessionTokenOf } from "../auth.ts";
import { contract } from "../contract.ts";
import { originOf } from "../origin.ts";
import { TokenBuckets } from "../rate-limit.ts";
import { baseUrl, ctxOf } from "../request.ts";
import { answerSignedIn } from "../session.ts";
import { parseData } from "../validation.ts";

// Password reset by email and password change. Every path ends all the person's sessions and opens a fresh one
// on the browser that did it.
export async function passwordRoutes(app: FastifyInstance) {
  const { db, bus, config } = app.takt;
  // Per client address: the reset form sends email, so it must not become a way to flood inboxes.
  const resetRequests = new TokenBuckets(20, 15 * 60_000);

  const visitorCtx = (request: FastifyRequest): Ctx => ({ db, bus, actor: null, origin: originOf(request) });
  const browserOf = (request: FastifyRequest) => ({ previousToken: sessionTokenOf(request) ?? null });

  // The same answer whether or not the email has an account, and whether or not a link was sent.
  app.post(
    "/auth/password_reset",
    contract({
      summary: "Ask for a password reset link",
      body: PasswordResetRequestBody,
      response: Empty,
      public: true,
    }),
    async (request) => {
      const wait = resetRequests.take(request.ip);
      if (wait > 0) throw new RateLimitedError(RATE_LIMITED_MESSAGE, wait);
      const input = parseData(PasswordResetRequestBody, request.body);
      await askForPasswordReset(visitorCtx(request), config, request.log, {
        email: input.email,
        baseUrl: baseUrl(request),
      });
      return { data: {} };
    },
  );

  app.post(
    "/auth/password_reset/confirm",
    contract({
      summary: "Set a new password from a reset link",
      body: PasswordResetConfirmBody,
      response: User,
      public: true,
    }),
    async (request, reply) => {
      const input = parseData(PasswordResetConfirmBody, request.body);
      const { userGid, session } = await resetPassword(visitorCtx(request), input, browserOf(request));
      return answerSignedIn(db, reply, userGid, session);
    },
  );

  app.put(
    "/users/me/password",
    contract({ summary: "Change your password", body: ChangePasswordBody, response: User.or(Empty) }),
    async (request, reply) => {
      const ctx = ctxOf(request);
      const input = parseData(ChangePasswordBody, request.body);
      // A script with a token keeps its token; a browser gets a new session in place of the one just ended.
      const browser = request.headers.authorization ? null : browserOf(request);
      const { session } = await changeOwnPassword(ctx, input, browser);
      return session ? answerSignedIn(db, reply, ctx.actor.gid, session) : { data: {} };
    },
  );
}
