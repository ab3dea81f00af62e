import type { FastifyReply } from "fastify";
import type { Db } from "../db/index.ts";
import { createSession } from "../domain/auth/auth.commands.ts";
import { presentUser } from "../domain/users/user.presenter.ts";
import { workspacesOfUser } from "../domain/users/user.queries.ts";
import { SESSION_COOKIE } from "./auth.ts";

// Signs the user in on this browser (login, setup, accepted invitation) and answers who they are.
export async function startSession(db: Db, reply: FastifyReply, userGid: number) {
  const session = await createSession(db, userGid);
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: "auto",
    expires: session.expiresAt,
  });
  const user = await db.selectFrom("users").selectAll().where("gid", "=", userGid).executeTakeFirstOrThrow();
  return { data: presentUser(user, await workspacesOfUser(db, userGid)) };
}
