import type { NotificationChange } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import { badRequest, notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { refGid } from "../tasks/task.resolve.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { markAllRead, markNotification } from "./notification.commands.ts";
import { findOwnNotification, inboxEntry, inboxPage, unreadCount } from "./notification.queries.ts";

type InboxCtx = Ctx & { actor: Actor };

// The Inbox is each person's own, per workspace they belong to (guests included).
async function inboxWorkspace(db: Db, actor: Actor, workspaceRef: string | undefined) {
  if (!workspaceRef) throw badRequest("workspace: Missing input");
  const workspaceGid = refGid(workspaceRef, "workspace");
  await requireWorkspaceRole(db, actor, workspaceGid);
  return workspaceGid;
}

export async function listInbox(
  ctx: InboxCtx,
  workspaceRef: string | undefined,
  archived: boolean,
  window: { limit: number; offset: number },
) {
  const workspaceGid = await inboxWorkspace(ctx.db, ctx.actor, workspaceRef);
  return inboxPage(ctx.db, ctx.actor.gid, workspaceGid, archived, window);
}

export async function inboxUnreadCount(ctx: InboxCtx, workspaceRef: string | undefined) {
  const workspaceGid = await inboxWorkspace(ctx.db, ctx.actor, workspaceRef);
  return unreadCount(ctx.db, ctx.actor.gid, workspaceGid);
}

export async function readWholeInbox(ctx: InboxCtx, workspaceRef: string) {
  await unitOfWork(ctx, async (uow) => {
    const workspaceGid = await inboxWorkspace(uow.db, ctx.actor, workspaceRef);
    await markAllRead(uow.db, ctx.actor.gid, workspaceGid);
  });
}

// Someone else's notification is never found.
export async function changeNotification(ctx: InboxCtx, notificationGid: number, change: NotificationChange) {
  return unitOfWork(ctx, async (uow) => {
    const own = await findOwnNotification(uow.db, ctx.actor.gid, notificationGid);
    if (!own) throw notFound("notification");
    await markNotification(uow.db, notificationGid, change);
    const entry = await inboxEntry(uow.db, ctx.actor.gid, own.workspace_gid, notificationGid);
    if (!entry) throw notFound("notification");
    return entry;
  });
}
