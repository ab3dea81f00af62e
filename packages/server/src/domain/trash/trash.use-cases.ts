import type { Db } from "../../db/index.ts";
import { notFound } from "../../errors.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { requireWorkspaceRole } from "../workspaces/workspace.policy.ts";
import { restoreFromTrash, TRASH_DAYS } from "./trash.commands.ts";

type Window = { limit: number; offset: number };
const DAY = 86_400_000;
const cutoff = (now = Date.now()) => new Date(now - TRASH_DAYS * DAY).toISOString();

// GET /workspaces/{gid}/trash: what the caller deleted there in the last 30 days, newest first. Only the deleter
// sees an item: it names a task or project others may not see.
export async function listTrash(db: Db, actor: Actor, workspaceGid: number, window: Window) {
  await requireWorkspaceRole(db, actor, workspaceGid);
  const rows = await db
    .selectFrom("trash_items")
    .leftJoin("projects", "projects.gid", "trash_items.project_gid")
    .select([
      "trash_items.gid",
      "trash_items.resource_gid",
      "trash_items.resource_type",
      "trash_items.name",
      "trash_items.deleted_at",
      "projects.gid as project_gid",
      "projects.name as project_name",
    ])
    .where("trash_items.workspace_gid", "=", workspaceGid)
    .where("trash_items.deleted_by_gid", "=", actor.gid)
    .where("trash_items.deleted_at", ">", cutoff())
    .orderBy("trash_items.deleted_at", "desc")
    .orderBy("trash_items.gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return rows.map((row) => ({
    gid: String(row.gid),
    resource_type: "trash_item" as const,
    resource: {
      gid: String(row.resource_gid),
      resource_type: row.resource_type === "project" ? ("project" as const) : ("task" as const),
      name: row.name,
    },
    project:
      row.project_gid !== null && row.project_name !== null
        ? { gid: String(row.project_gid), resource_type: "project" as const, name: row.project_name }
        : null,
    deleted_at: row.deleted_at,
    expires_at: new Date(Date.parse(row.deleted_at) + TRASH_DAYS * DAY).toISOString(),
  }));
}

// POST /trash/{resource_gid}/restore: the deleter, still in the workspace, brings the task or project back; expired
// items are purged on the way.
export function restoreUseCase(ctx: Ctx & { actor: Actor }, resourceGid: number) {
  return unitOfWork(ctx, async (uow) => {
    await uow.unit.trx
      .deleteFrom("trash_items")
      .where("deleted_at", "<=", cutoff(Date.parse(uow.unit.now)))
      .execute();
    const item = await uow.db
      .selectFrom("trash_items")
      .selectAll()
      .where("resource_gid", "=", resourceGid)
      .where("deleted_by_gid", "=", uow.actor.gid)
      .executeTakeFirst();
    if (!item) throw notFound("trash_item");
    await requireWorkspaceRole(uow.db, uow.actor, item.workspace_gid).catch(() => {
      throw notFound("trash_item");
    });
    await restoreFromTrash(uow.unit, item);
    return { name: item.name, resourceType: item.resource_type };
  });
}
