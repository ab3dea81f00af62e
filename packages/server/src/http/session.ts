import type { FastifyReply } from "fastify";
import type { Db } from "../db/index.ts";
import { createSession, endSession } from "../domain/auth/auth.commands.ts";
import { presentUser } from "../domain/users/user.presenter.ts";
import { workspacesOfUser } from "../domain/users/user.queries.ts";
import { sessionCookieName, sessionTokenOf } from "./auth.ts";

// Signs the user in on this browser (login, setup, accepted invitation, password change or reset) and answers
// who they are. Always a new session id: the cookie the browser held before (planted or stale) is ended, never
// promoted, so a session id fixed before sign-in cannot become an authenticated one.
export async function startSession(db: Db, reply: FastifyReply, userGid: number) {
  const previous = sessionTokenOf(reply.request);
  if (previous) await endSession(db, previous);
  const session = await createSession(db, userGid);
  reply.setCookie(sessionCookieName(reply.request), session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: "auto",
    expires: session.expiresAt,
  });
  const user = await db.selectFrom("users").selectAll().where("gid", "=", userGid).executeTakeFirstOrThrow();
  return { data: presentUser(user, await workspacesOfUser(db, userGid)) };
}
