import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { markAllRead, markNotification } from "../../domain/notifications/notification.commands.ts";
import { presentNotification } from "../../domain/notifications/notification.presenter.ts";
import { findOwnNotification, inboxOf, unreadCount } from "../../domain/notifications/notification.queries.ts";
import { shape } from "../../domain/opt-fields.ts";
import { requireWorkspaceRole } from "../../domain/workspaces/workspace.policy.ts";
import { badRequest, notFound } from "../../errors.ts";
import { actorOf, listed, optFieldsOf, pageOf } from "../request.ts";
import { gidParam, parse, parseData } from "../validation.ts";

const ListQuery = z
  .object({
    workspace: z.string().optional(),
    archived: z.enum(["true", "false"], "must be true or false").optional(),
  })
  .loose();
const WorkspaceBody = z.strictObject({ workspace: z.string().min(1).max(40) });

type Params = { Params: { notification_gid: string } };

// The Inbox (Takt extension): each person's own notifications; nobody else's are ever found.
export async function inboxRoutes(app: FastifyInstance) {
  const { db } = app.takt;

  async function workspaceOf(actor: ReturnType<typeof actorOf>, raw: string | undefined) {
    if (!raw) throw badRequest("workspace: Missing input");
    const workspaceGid = gidParam(raw, "workspace");
    await requireWorkspaceRole(db, actor, workspaceGid);
    return workspaceGid;
  }

  app.get("/inbox", async (request) => {
    const actor = actorOf(request);
    const query = parse(ListQuery, request.query);
    const workspaceGid = await workspaceOf(actor, query.workspace);
    const page = pageOf(request);
    const rows = await inboxOf(db, actor.gid, workspaceGid)
      .where("n.archived_at", query.archived === "true" ? "is not" : "is", null)
      .orderBy("n.gid", "desc")
      .limit(page.window.limit)
      .offset(page.window.offset)
      .execute();
    const optFields = optFieldsOf(request);
    return listed(
      request,
      page,
      rows.map((row) => shape(presentNotification(row), optFields)),
    );
  });

  app.get("/inbox/unread_count", async (request) => {
    const actor = actorOf(request);
    const query = parse(ListQuery, request.query);
    const workspaceGid = await workspaceOf(actor, query.workspace);
    return { data: { unread_count: await unreadCount(db, actor.gid, workspaceGid) } };
  });

  app.post("/inbox/readAll", async (request) => {
    const actor = actorOf(request);
    const input = parseData(WorkspaceBody, request.body);
    const workspaceGid = await workspaceOf(actor, input.workspace);
    await markAllRead(db, actor.gid, workspaceGid);
    return { data: { unread_count: 0 } };
  });

  for (const change of ["read", "archive", "unarchive"] as const) {
    app.post<Params>(`/inbox/:notification_gid/${change}`, async (request) => {
      const actor = actorOf(request);
      const gid = gidParam(request.params.notification_gid, "notification");
      const own = await findOwnNotification(db, actor.gid, gid);
      if (!own) throw notFound("notification");
      await markNotification(db, gid, change);
      const row = await inboxOf(db, actor.gid, own.workspace_gid).where("n.gid", "=", gid).executeTakeFirst();
      if (!row) throw notFound("notification");
      return { data: shape(presentNotification(row), optFieldsOf(request)) };
    });
  }
}
