import type { FastifyInstance, FastifyRequest } from "fastify";
import { actorFromAccessToken, actorFromSession } from "../domain/auth/auth.commands.ts";
import type { Credential } from "../domain/auth/credential.ts";
import { hashSecret } from "../domain/auth/passwords.ts";
import { ApiError, unauthorized } from "../errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    // What the actor signed in with (a session or an access token, by its hash): rate limits count per
    // credential, and a realtime socket lives only as long as its credential.
    credential: Credential | null;
    // A wrong or revoked token, refused only after the rate limiter has counted it against the address.
    authFailure: ApiError | null;
  }
}

export const SESSION_COOKIE = "takt_session";
// Over TLS the cookie is __Host-takt_session: the browser then insists on Secure, Path=/ and no Domain, so a
// sibling subdomain can neither plant nor shadow it. Each scheme reads only its own name.
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function sessionCookieName(request: FastifyRequest): string {
  return request.protocol === "https" ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies?.[sessionCookieName(request)];
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return "null";
  }
}

// The page that sent a browser request (Origin, else Referer) is ours, or the browser did not say. "null" (a
// sandboxed frame, a privacy redirect) counts as foreign.
export function fromOwnOrigin(request: FastifyRequest): boolean {
  const sender = originOf(request.headers.origin) ?? originOf(request.headers.referer);
  if (sender === null) return true;
  const own = [`${request.protocol}://${request.host}`.toLowerCase()];
  const { publicUrl } = request.server.takt.config;
  if (publicUrl) own.push(new URL(publicUrl).origin.toLowerCase());
  return own.includes(sender);
}

// Bearer tokens for scripts; a session cookie for the browser. A cookie-authenticated write must carry
// X-Requested-With, which a cross-site form cannot send, and must not come from another site's page (Origin,
// else Referer): that, with SameSite=Lax, is the CSRF defence. A WebSocket opened with the cookie is checked
// the same way (cross-site WebSocket hijacking). Token requests carry no ambient credential and skip both.
export async function resolveActor(request: FastifyRequest): Promise<void> {
  const { db } = request.server.takt;
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized("Authorization: expected 'Bearer <personal access token>'");
    const actor = await actorFromAccessToken(db, match[1]);
    if (!actor) throw unauthorized("Not Authorized: the access token is invalid or revoked");
    request.actor = actor;
    request.credential = { kind: "token", userGid: actor.gid, hash: hashSecret(match[1]) };
    return;
  }
  // Also without a cookie: a foreign page must not sign a browser in to an account of its choosing (login CSRF).
  const write = !SAFE_METHODS.has(request.method);
  const upgrade = request.headers.upgrade?.toLowerCase() === "websocket";
  if ((write || upgrade) && !fromOwnOrigin(request)) {
    throw new ApiError(403, "Origin: requests without an access token must come from this site's own pages");
  }
  const cookie = sessionTokenOf(request);
  if (!cookie) return;
  const actor = await actorFromSession(db, cookie);
  if (!actor) return;
  if (write && !request.headers["x-requested-with"]) {
    throw new ApiError(403, "X-Requested-With: this header is required for requests authenticated by cookie");
  }
  request.actor = actor;
  request.credential = { kind: "session", userGid: actor.gid, hash: hashSecret(cookie) };
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("credential", null);
  app.decorateRequest("authFailure", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    try {
      await resolveActor(request);
    } catch (error) {
      // A bad token is refused once the rate limiter (the next onRequest hook) has counted it against the
      // address, so guessing tokens is answered 429 like any other unauthenticated flood.
      if (error instanceof ApiError && error.status === 401) request.authFailure = error;
      else throw error;
    }
  });
  app.addHook("preParsing", async (request) => {
    if (request.authFailure) throw request.authFailure;
  });
}
