import type { Db } from "../../db/index.ts";
import type { TagsTable } from "../../db/schema.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { taskIsVisible } from "../tasks/task.policy.ts";
import { authorizeTag, visibleTagGids } from "./tag.policy.ts";

export function loadTag(db: Db, gid: number): Promise<TagsTable | undefined> {
  return db.selectFrom("tags").selectAll().where("gid", "=", gid).executeTakeFirst();
}

// Tags a request names (a task's tags on create or update): each visible to the actor and in the task's workspace.
export async function tagsFor(db: Db, actor: Actor, workspaceGid: number, raws: string[], field: string) {
  const tags: TagsTable[] = [];
  for (const [index, raw] of [...new Set(raws)].entries()) {
    const gid = parseGid(raw);
    const tag = gid === null ? undefined : await loadTag(db, gid);
    try {
      await authorizeTag(db, actor, tag, "read");
    } catch {
      throw notFound(`${field}.${index}`);
    }
    if (tag!.workspace_gid !== workspaceGid) {
      throw badRequest(`${field}.${index}: must be in the same workspace as the task (${workspaceGid})`);
    }
    tags.push(tag!);
  }
  return tags;
}

// A tag's tasks the actor may see, newest tagging first.
export function listTagTasks(db: Db, actorGid: number, tagGid: number, window: { limit: number; offset: number }) {
  return db
    .selectFrom("tasks")
    .innerJoin("task_tags", "task_tags.task_gid", "tasks.gid")
    .selectAll("tasks")
    .where("task_tags.tag_gid", "=", tagGid)
    .where(taskIsVisible(db, actorGid))
    .orderBy("task_tags.created_at", "desc")
    .orderBy("tasks.gid", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

type Window = { limit: number; offset: number };

// A page of a workspace's tags the actor sees, by name.
export function workspaceTags(db: Db, actorGid: number, workspaceGid: number, window: Window): Promise<TagsTable[]> {
  return db
    .selectFrom("tags")
    .selectAll()
    .where("workspace_gid", "=", workspaceGid)
    .where("gid", "in", visibleTagGids(db, actorGid))
    .orderBy("name")
    .orderBy("gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

// A page of a task's tags, in the order they were added.
export function tagsOfTask(db: Db, taskGid: number, window: Window): Promise<TagsTable[]> {
  return db
    .selectFrom("tags")
    .innerJoin("task_tags", "task_tags.tag_gid", "tags.gid")
    .selectAll("tags")
    .where("task_tags.task_gid", "=", taskGid)
    .orderBy("task_tags.created_at")
    .orderBy("tags.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}
