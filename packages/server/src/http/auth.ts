import type { FastifyInstance, FastifyRequest } from "fastify";
import { actorFromAccessToken, actorFromSession } from "../domain/auth/auth.commands.ts";
import { ApiError, unauthorized } from "./errors.ts";

export const SESSION_COOKIE = "takt_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Bearer tokens for scripts; a session cookie for the browser. A cookie-authenticated write must carry
// X-Requested-With, which a cross-site form cannot send: that, with SameSite=Lax, is the CSRF defence.
export async function resolveActor(request: FastifyRequest): Promise<void> {
  const { db } = request.server.takt;
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized("Authorization: expected 'Bearer <personal access token>'");
    const actor = await actorFromAccessToken(db, match[1]);
    if (!actor) throw unauthorized("Not Authorized: the access token is invalid or revoked");
    request.actor = actor;
    return;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!cookie) return;
  const actor = await actorFromSession(db, cookie);
  if (!actor) return;
  if (!SAFE_METHODS.has(request.method) && !request.headers["x-requested-with"]) {
    throw new ApiError(403, "X-Requested-With: this header is required for requests authenticated by cookie");
  }
  request.actor = actor;
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (request) => {
    if (request.url.startsWith("/api/")) await resolveActor(request);
  });
}
