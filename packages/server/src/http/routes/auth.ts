import { Language } from "@takt/contracts";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { DemoLoadError, loadDemo } from "../../demo/load-demo.ts";
import { createAccessToken, revokeAccessToken, signIn, signOut } from "../../domain/auth/auth.commands.ts";
import { assertSignInAllowed, recordFailedSignIn, recordSuccessfulSignIn } from "../../domain/auth/login-throttle.ts";
import type { Actor } from "../../domain/context.ts";
import { addUserToWorkspace, createUser } from "../../domain/users/user.commands.ts";
import { createWorkspace } from "../../domain/workspaces/workspace.commands.ts";
import { ApiError, badRequest, notFound, unauthorized } from "../../errors.ts";
import { sessionCookieName, sessionTokenOf } from "../auth.ts";
import { originOf } from "../origin.ts";
import { actorOf, created } from "../request.ts";
import { startSession as startUserSession } from "../session.ts";
import { gidParam, parseData } from "../validation.ts";

const Email = z.string().trim().toLowerCase().email().max(320);
const Password = z.string().min(8, "must be at least 8 characters").max(200);

const Login = z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });
const Setup = z.union([
  z.strictObject({ demo: z.literal(true), language: Language.default("en") }),
  z.strictObject({
    workspace_name: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(200),
    email: Email,
    password: Password,
    language: Language.default("en"),
  }),
]);
const NewToken = z.strictObject({ name: z.string().trim().min(1).max(100) });

export async function authRoutes(app: FastifyInstance) {
  const { db, bus } = app.takt;

  const startSession = (reply: FastifyReply, actor: Pick<Actor, "gid">) => startUserSession(db, reply, actor.gid);

  let demoLoading = false;
  const needsSetup = async () => !(await db.selectFrom("users").select("gid").limit(1).executeTakeFirst());

  app.get("/setup", async () => ({ data: { needs_setup: await needsSetup() } }));

  app.post("/setup", async (request, reply) => {
    const input = parseData(Setup, request.body);
    if (!(await needsSetup())) throw new ApiError(403, "Takt is already set up: sign in instead.");
    if ("demo" in input) {
      // One load at a time; a failure names the failed call, and the setup page stays closed after it.
      if (demoLoading) throw new ApiError(403, "The demo workspace is already being loaded.");
      demoLoading = true;
      try {
        const demo = await loadDemo(app, input.language);
        return startSession(reply, demo.admin);
      } catch (error) {
        if (error instanceof DemoLoadError) throw new ApiError(500, error.message);
        throw error;
      } finally {
        demoLoading = false;
      }
    }
    const ctx = { db, bus, actor: null };
    const workspace = await createWorkspace(ctx, input.workspace_name);
    const user = await createUser(ctx, input);
    await addUserToWorkspace(ctx, workspace.gid, user.gid, "admin");
    return startSession(reply, user);
  });

  app.post("/auth/login", async (request, reply) => {
    const input = parseData(Login, request.body);
    await assertSignInAllowed(db, app.takt.config, input.email, request.ip);
    const actor = await signIn(db, input.email, input.password, originOf(request));
    if (!actor) {
      throw (
        (await recordFailedSignIn(db, app.takt.config, input.email, request.ip)) ??
        unauthorized("email: the email or password is incorrect")
      );
    }
    await recordSuccessfulSignIn(db, input.email);
    return startSession(reply, actor);
  });

  app.post("/auth/logout", async (request, reply) => {
    const token = sessionTokenOf(request);
    if (token) await signOut(app.takt, token, originOf(request));
    reply.clearCookie(sessionCookieName(request), { path: "/", secure: request.protocol === "https" });
    return { data: {} };
  });

  app.get("/personal_access_tokens", async (request) => {
    const actor = actorOf(request);
    const rows = await db
      .selectFrom("personal_access_tokens")
      .selectAll()
      .where("user_gid", "=", actor.gid)
      .where("revoked_at", "is", null)
      .orderBy("gid", "desc")
      .execute();
    return {
      data: rows.map((row) => ({
        gid: String(row.gid),
        resource_type: "personal_access_token",
        name: row.name,
        hint: `…${row.hint}`,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
      })),
    };
  });

  app.post("/personal_access_tokens", async (request, reply) => {
    const actor = actorOf(request);
    const input = parseData(NewToken, request.body);
    const { row, token } = await createAccessToken(db, actor.gid, input.name, { actor, origin: originOf(request) });
    return created(reply, "/personal_access_tokens", {
      gid: String(row.gid),
      resource_type: "personal_access_token",
      name: row.name,
      hint: `…${row.hint}`,
      created_at: row.created_at,
      last_used_at: null,
      token,
    });
  });

  app.delete<{ Params: { token_gid: string } }>("/personal_access_tokens/:token_gid", async (request) => {
    const actor = actorOf(request);
    const tokenGid = gidParam(request.params.token_gid, "personal_access_token");
    const revoked = await revokeAccessToken(app.takt, actor.gid, tokenGid, { actor, origin: originOf(request) });
    if (!revoked) throw notFound("personal_access_token");
    return { data: {} };
  });

  // Signing up outside the setup page happens through invitations; this keeps the door closed meanwhile.
  app.post("/auth/signup", async () => {
    throw badRequest("Sign-up is by invitation: ask a workspace admin to invite you.");
  });
}
