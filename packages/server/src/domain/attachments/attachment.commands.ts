import type { Db } from "../../db/index.ts";
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

// The record of an uploaded file. The staged bytes move into place only once this row has committed
// (attachment.upload.ts), so a refused or failed write leaves no file behind.
export async function addFileAttachment(
  ctx: Ctx & { actor: Actor },
  task: ParentTask,
  file: { name: string; staged: StagedFile },
) {
  return insertAttachment(ctx, {
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

// The record goes; its stored file is released after commit (releaseStoredFile).
export async function deleteAttachment(ctx: Ctx, attachment: AttachmentsTable) {
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
}

// The stored file goes once no other attachment shares its bytes.
export async function releaseStoredFile(db: Db, store: FileStore, sha256: string | null) {
  if (!sha256) return;
  const shared = await db.selectFrom("attachments").select("gid").where("sha256", "=", sha256).executeTakeFirst();
  if (!shared) await store.remove(sha256);
}
