import { Language } from "@takt/contracts";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { EMAIL_CHOICES, emailChoiceOf, setEmailChoice } from "../../domain/notifications/notification.settings.ts";
import { shape } from "../../domain/opt-fields.ts";
import { updateUser } from "../../domain/users/user.commands.ts";
import { presentUser, USER_COMPACT } from "../../domain/users/user.presenter.ts";
import { visibleUserGids, workspacesOfUser } from "../../domain/users/user.queries.ts";
import { requireFullMember, requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { actorOf, ctxOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const UpdateMe = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  language: Language.optional(),
  // Notifications area: how this person's notifications reach them by email.
  email_notifications: z.enum(EMAIL_CHOICES).optional(),
});

export async function userRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function loadVisibleUser(actorGid: number, raw: string) {
    if (raw === "me") return db.selectFrom("users").selectAll().where("gid", "=", actorGid).executeTakeFirstOrThrow();
    const byEmail = raw.includes("@");
    const user = await db
      .selectFrom("users")
      .selectAll()
      .where(byEmail ? "email" : "gid", "=", byEmail ? raw.toLowerCase() : gidParam(raw, "user"))
      .where("gid", "in", visibleUserGids(db, actorGid))
      .executeTakeFirst();
    if (!user) throw notFound("user");
    return user;
  }

  app.get<{ Params: { user_gid: string } }>("/users/:user_gid", async (request) => {
    const actor = actorOf(request);
    const user = await loadVisibleUser(actor.gid, request.params.user_gid);
    const workspaces = await workspacesOfUser(db, user.gid);
    const mine = new Set((await workspacesOfUser(db, actor.gid)).map((workspace) => workspace.gid));
    const shared = workspaces.filter((workspace) => mine.has(workspace.gid));
    const own = user.gid === actor.gid ? { email_notifications: await emailChoiceOf(db, user.gid) } : {};
    return { data: shape({ ...presentUser(user, shared), ...own }, optFieldsOf(request)) };
  });

  app.put<{ Params: { user_gid: string } }>("/users/:user_gid", async (request) => {
    const ctx = ctxOf(request);
    const user = await loadVisibleUser(ctx.actor.gid, request.params.user_gid);
    if (user.gid !== ctx.actor.gid) throw badRequest("user_gid: you can only change your own profile");
    const { email_notifications: emailChoice, ...changes } = parseData(UpdateMe, request.body);
    const updated = await updateUser(ctx, user.gid, changes);
    if (emailChoice) await setEmailChoice(db, user.gid, emailChoice);
    const own = { email_notifications: await emailChoiceOf(db, user.gid) };
    const presented = { ...presentUser(updated, await workspacesOfUser(db, user.gid)), ...own };
    return { data: shape(presented, optFieldsOf(request)) };
  });

  const ListUsersQuery = z.object({ workspace: z.string().optional(), team: z.string().optional() }).loose();

  async function listWorkspaceUsers(request: FastifyRequest, workspaceGid: number) {
    const actor = actorOf(request);
    await requireFullMember(db, actor, workspaceGid);
    const page = pageOf(request);
    const rows = await db
      .selectFrom("users")
      .innerJoin("workspace_memberships", "workspace_memberships.user_gid", "users.gid")
      .select(["users.gid", "users.name", "users.email", "users.language"])
      .where("workspace_memberships.workspace_gid", "=", workspaceGid)
      .orderBy("users.name")
      .orderBy("users.gid")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((user) => shape(presentUser(user), optFields, USER_COMPACT)),
    );
  }

  app.get("/users", async (request) => {
    const query = parse(ListUsersQuery, request.query);
    if (!query.workspace) throw badRequest("workspace: Missing input. Pass the workspace to list its users.");
    return listWorkspaceUsers(request, gidParam(query.workspace, "workspace"));
  });

  app.get<{ Params: { workspace_gid: string } }>("/workspaces/:workspace_gid/users", async (request) => {
    const workspaceGid = gidParam(request.params.workspace_gid, "workspace");
    await requireWorkspaceRole(db, actorOf(request), workspaceGid);
    return listWorkspaceUsers(request, workspaceGid);
  });
}
