import type { Db } from "../../db/index.ts";
import type { TasksTable } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { authorizeTask, type TaskAction } from "../tasks/task.policy.ts";
import { authorizeStory } from "./story.policy.ts";
import type { StoryRow } from "./story.presenter.ts";
import { findStory } from "./story.queries.ts";

type StoryTask = Pick<TasksTable, "gid" | "root_gid" | "assignee_gid" | "created_by_gid" | "workspace_gid">;

const gidOf = (raw: string, what: string) => {
  const gid = parseGid(raw);
  if (gid === null) throw notFound(what);
  return gid;
};

// The task whose stories are read or written, with the access the action needs (404 unseen, 403 too little).
export async function storyTaskFor(db: Db, actor: Actor, taskRaw: string, action: TaskAction): Promise<StoryTask> {
  const task = await db
    .selectFrom("tasks")
    .select(["gid", "root_gid", "assignee_gid", "created_by_gid", "workspace_gid"])
    .where("gid", "=", gidOf(taskRaw, "task"))
    .executeTakeFirst();
  await authorizeTask(db, actor, task, action);
  if (!task) throw notFound("task");
  return task;
}

// A story by the gid a request names, rendered for its reader; whether the reader may see it is the policy's
// (story.policy.ts).
export async function storyFor(db: Db, storyRaw: string, readerGid: number): Promise<StoryRow> {
  const story = await findStory(db, gidOf(storyRaw, "story"), readerGid);
  if (!story) throw notFound("story");
  return story;
}

// A story the actor may see (GET /stories/{gid} and its edits).
export async function readableStory(db: Db, actor: Actor, storyRaw: string): Promise<StoryRow> {
  const story = await storyFor(db, storyRaw, actor.gid);
  await authorizeStory(db, actor, story, "read");
  return story;
}
