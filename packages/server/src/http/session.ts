import type { FastifyReply } from "fastify";
import type { Db } from "../db/index.ts";
import { openSession } from "../domain/auth/auth.commands.ts";
import { signedInUser } from "../domain/auth/auth.queries.ts";
import { sessionCookieName, sessionTokenOf } from "./auth.ts";

// Signs the user in on this browser (login, setup, accepted invitation, password change or reset) and answers
// who they are. Always a new session id: the cookie the browser held before (planted or stale) is ended, never
// promoted, so a session id fixed before sign-in cannot become an authenticated one.
export async function startSession(db: Db, reply: FastifyReply, userGid: number) {
  return answerSignedIn(db, reply, userGid, await openSession(db, userGid, sessionTokenOf(reply.request) ?? null));
}

// The cookie of a session a use case opened (see openSession), and who signed in.
export async function answerSignedIn(
  db: Db,
  reply: FastifyReply,
  userGid: number,
  session: { token: string; expiresAt: Date },
) {
  reply.setCookie(sessionCookieName(reply.request), session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: "auto",
    expires: session.expiresAt,
  });
  return { data: await signedInUser(db, userGid) };
}
