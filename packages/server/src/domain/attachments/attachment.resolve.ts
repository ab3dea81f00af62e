import type { Db } from "../../db/index.ts";
import type { AttachmentsTable, TasksTable } from "../../db/schema.ts";
import { ApiError, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { authorizeTask, type TaskAction } from "../tasks/task.policy.ts";
import { loadTask } from "../tasks/task.queries.ts";
import { type AttachmentAction, authorizeAttachment } from "./attachment.policy.ts";
import { attachmentByGid } from "./attachment.queries.ts";

// An attachment by the gid a request names, with its task, when the actor may do `action` with it.
export async function attachmentFor(
  db: Db,
  actor: Actor,
  attachmentRaw: string,
  action: AttachmentAction,
): Promise<{ attachment: AttachmentsTable; task: TasksTable }> {
  const gid = parseGid(attachmentRaw);
  if (gid === null) throw notFound("attachment");
  return authorizeAttachment(db, actor, await attachmentByGid(db, gid), action);
}

// The task attachments hang on, named by the request's `field` (parent, or task in a path): 404 names that field.
export async function attachmentParentFor(
  db: Db,
  actor: Actor,
  taskGid: number,
  action: TaskAction,
  field: string,
): Promise<TasksTable> {
  const task = await loadTask(db, taskGid);
  if (!task) throw notFound(field);
  await authorizeTask(db, actor, task, action).catch((error) => {
    throw error instanceof ApiError && error.status === 404 ? notFound(field) : error;
  });
  return task;
}
