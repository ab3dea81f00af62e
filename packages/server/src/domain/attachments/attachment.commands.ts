import type { AttachmentsTable, TasksTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, transact } from "../context.ts";
import { requireCleanName } from "../unicode-text.ts";
import type { FileStore, StagedFile } from "./attachment.storage.ts";
import { sniffMimeType } from "./mime-sniff.ts";

type ParentTask = Pick<TasksTable, "gid" | "workspace_gid">;

// A file's name is shown and offered back on download: the same rule as every other name (unicode-text.ts).
async function insertAttachment(ctx: Ctx, row: AttachmentsTable) {
  requireCleanName(row.name, "name");
  return transact(ctx, async (tx) => {
    await tx.trx.insertInto("attachments").values(row).execute();
    await tx.emit({
      workspace_gid: row.workspace_gid,
      resource_type: "attachment",
      resource_gid: row.gid,
      resource_subtype: row.resource_subtype,
      parent_type: "task",
      parent_gid: row.parent_gid,
      action: "added",
    });
    return row;
  });
}

// The row and its event commit first, then the staged file moves into place; a failed commit leaves nothing behind.
export async function addFileAttachment(
  ctx: Ctx & { actor: Actor },
  store: FileStore,
  task: ParentTask,
  file: { name: string; staged: StagedFile },
) {
  let row: AttachmentsTable;
  try {
    row = await insertAttachment(ctx, {
      gid: newGid(),
      workspace_gid: task.workspace_gid,
      parent_gid: task.gid,
      resource_subtype: "asana",
      name: file.name,
      sha256: file.staged.sha256,
      size: file.staged.size,
      content_type: sniffMimeType(file.staged.head),
      url: null,
      created_by_gid: ctx.actor.gid,
      created_at: new Date().toISOString(),
    });
  } catch (error) {
    await store.discard(file.staged);
    throw error;
  }
  await store.commit(file.staged);
  return row;
}

export async function addLinkAttachment(
  ctx: Ctx & { actor: Actor },
  task: ParentTask,
  link: { name: string; url: string },
) {
  return insertAttachment(ctx, {
    gid: newGid(),
    workspace_gid: task.workspace_gid,
    parent_gid: task.gid,
    resource_subtype: "external",
    name: link.name,
    sha256: null,
    size: null,
    content_type: null,
    url: link.url,
    created_by_gid: ctx.actor.gid,
    created_at: new Date().toISOString(),
  });
}

// The stored file goes once no other attachment shares its bytes.
export async function deleteAttachment(ctx: Ctx, store: FileStore, attachment: AttachmentsTable) {
  await transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("attachments").where("gid", "=", attachment.gid).execute();
    await tx.emit({
      workspace_gid: attachment.workspace_gid,
      resource_type: "attachment",
      resource_gid: attachment.gid,
      resource_subtype: attachment.resource_subtype,
      parent_type: "task",
      parent_gid: attachment.parent_gid,
      action: "deleted",
    });
  });
  if (!attachment.sha256) return;
  const shared = await ctx.db
    .selectFrom("attachments")
    .select("gid")
    .where("sha256", "=", attachment.sha256)
    .executeTakeFirst();
  if (!shared) await store.remove(attachment.sha256);
}
