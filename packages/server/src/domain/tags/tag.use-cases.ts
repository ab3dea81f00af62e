import type { CreateTagBody, UpdateTagBody } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { TagsTable } from "../../db/schema.ts";
import { type Actor, type Ctx, unitOfWork } from "../context.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { requireFullMember } from "../workspaces/workspace.policy.ts";
import { createTag, deleteTag, tagTask, updateTag } from "./tag.commands.ts";
import { authorizeTag } from "./tag.policy.ts";
import { listTagTasks, loadTag, tagsFor, tagsOfTask, workspaceTags } from "./tag.queries.ts";

type ActorCtx = Ctx & { actor: Actor };
type Window = { limit: number; offset: number };

async function visibleTag(db: Db, actor: Actor, tagGid: number, action: "read" | "edit"): Promise<TagsTable> {
  const tag = await loadTag(db, tagGid);
  await authorizeTag(db, actor, tag, action);
  return tag!;
}

export function readTag(db: Db, actor: Actor, tagGid: number) {
  return visibleTag(db, actor, tagGid, "read");
}

// Guests see tags only on the tasks shared with them, never the workspace's list.
export async function listWorkspaceTags(db: Db, actor: Actor, workspaceGid: number, window: Window) {
  await requireFullMember(db, actor, workspaceGid);
  return workspaceTags(db, actor.gid, workspaceGid, window);
}

export async function listTaggedTasks(db: Db, actor: Actor, tagGid: number, window: Window) {
  const tag = await visibleTag(db, actor, tagGid, "read");
  return listTagTasks(db, actor.gid, tag.gid, window);
}

export async function listTaskTags(db: Db, actor: Actor, taskRef: string, window: Window) {
  const task = await taskFor(db, actor, taskRef, "read");
  return tagsOfTask(db, task.gid, window);
}

// Full members add tags to their workspace.
export function createTagUseCase(ctx: ActorCtx, workspaceGid: number, input: CreateTagBody): Promise<TagsTable> {
  return unitOfWork(ctx, async (uow) => {
    await requireFullMember(uow.db, uow.actor, workspaceGid);
    return createTag(uow, workspaceGid, input);
  });
}

export function updateTagUseCase(ctx: ActorCtx, tagGid: number, input: UpdateTagBody): Promise<TagsTable> {
  return unitOfWork(ctx, async (uow) => {
    const tag = await visibleTag(uow.db, uow.actor, tagGid, "edit");
    return updateTag(uow, tag, input);
  });
}

export function deleteTagUseCase(ctx: ActorCtx, tagGid: number) {
  return unitOfWork(ctx, async (uow) => {
    const tag = await visibleTag(uow.db, uow.actor, tagGid, "edit");
    await deleteTag(uow, tag);
  });
}

// addTag / removeTag: the task needs edit access; the tag must be one the actor sees in the task's workspace.
export function tagTaskUseCase(ctx: ActorCtx, taskRef: string, tagRef: string, attach: boolean) {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRef, "edit");
    const [tag] = await tagsFor(uow.db, uow.actor, task.workspace_gid, [tagRef], "tag");
    await tagTask(uow, task, tag.gid, attach);
  });
}
