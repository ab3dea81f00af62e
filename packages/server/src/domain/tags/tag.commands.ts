import type { TagsTable, TasksTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, type Tx, transact } from "../context.ts";
import { authorizeTagChange } from "./tag.policy.ts";

type TaskRow = Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype">;

export interface TagInput {
  name?: string;
  color?: string | null;
  notes?: string;
}

const tagEvent = (tag: TagsTable) => ({
  workspace_gid: tag.workspace_gid,
  resource_type: "tag",
  resource_gid: tag.gid,
});

export function createTag(ctx: Ctx, workspaceGid: number, input: TagInput & { name: string }): Promise<TagsTable> {
  return transact(ctx, async (tx) => {
    const tag: TagsTable = {
      gid: newGid(),
      workspace_gid: workspaceGid,
      name: input.name,
      color: (input.color ?? null) as TagsTable["color"],
      notes: input.notes ?? "",
      created_by_gid: tx.actor?.gid ?? null,
      created_at: tx.now,
    };
    await tx.trx.insertInto("tags").values(tag).execute();
    await tx.emit({ ...tagEvent(tag), action: "added", parent_type: "workspace", parent_gid: workspaceGid });
    return tag;
  });
}

export function updateTag(ctx: Ctx, tag: TagsTable, input: TagInput): Promise<TagsTable> {
  const next: TagsTable = {
    ...tag,
    name: input.name ?? tag.name,
    color: input.color === undefined ? tag.color : input.color,
    notes: input.notes ?? tag.notes,
  };
  return transact(ctx, async (tx) => {
    if (tx.actor && next.name !== tag.name) await authorizeTagChange(tx.trx, tx.actor, tag, "rename");
    await tx.trx.updateTable("tags").set(next).where("gid", "=", tag.gid).execute();
    for (const field of ["name", "color", "notes"] as const) {
      if (next[field] !== tag[field]) {
        await tx.emit({
          ...tagEvent(tag),
          action: "changed",
          change: { field, action: "changed", new_value: next[field] },
        });
      }
    }
    return next;
  });
}

export async function deleteTag(ctx: Ctx, tag: TagsTable): Promise<void> {
  await transact(ctx, async (tx) => {
    if (tx.actor) await authorizeTagChange(tx.trx, tx.actor, tag, "delete");
    await tx.emit({ ...tagEvent(tag), action: "deleted" });
    await tx.trx.deleteFrom("tags").where("gid", "=", tag.gid).execute();
  });
}

// Asana tells a tagging as the task being added to (or removed from) the tag.
export async function attachTags(tx: Tx, task: TaskRow, tagGids: number[]): Promise<void> {
  for (const tagGid of tagGids) {
    const inserted = await tx.trx
      .insertInto("task_tags")
      .values({ task_gid: task.gid, tag_gid: tagGid, created_at: tx.now })
      .onConflict((conflict) => conflict.columns(["task_gid", "tag_gid"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    await tx.emit({
      workspace_gid: task.workspace_gid,
      resource_type: "task",
      resource_gid: task.gid,
      resource_subtype: task.resource_subtype,
      action: "added",
      parent_type: "tag",
      parent_gid: tagGid,
    });
  }
}

export async function detachTags(tx: Tx, task: TaskRow, tagGids: number[]): Promise<void> {
  for (const tagGid of tagGids) {
    const removed = await tx.trx
      .deleteFrom("task_tags")
      .where("task_gid", "=", task.gid)
      .where("tag_gid", "=", tagGid)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) continue;
    await tx.emit({
      workspace_gid: task.workspace_gid,
      resource_type: "task",
      resource_gid: task.gid,
      resource_subtype: task.resource_subtype,
      action: "removed",
      parent_type: "tag",
      parent_gid: tagGid,
    });
  }
}

export function tagTask(ctx: Ctx, task: TaskRow, tagGid: number, attach: boolean): Promise<void> {
  return transact(ctx, async (tx) => {
    if (attach) await attachTags(tx, task, [tagGid]);
    else await detachTags(tx, task, [tagGid]);
    await tx.trx.updateTable("tasks").set({ modified_at: tx.now }).where("gid", "=", task.gid).execute();
  });
}
