import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import { fieldsSeenOnTasks } from "../custom-fields/custom-field.presenter.ts";
import { type Sight, sightOf } from "../visible-references.ts";
import { likesOf } from "./story.likes.ts";
import type { StoryRow } from "./story.presenter.ts";
import { fieldsNamed, parseDetails, referencesOf } from "./story.render.ts";

function storiesWithNames(db: Db) {
  return db
    .selectFrom("stories")
    .innerJoin("tasks", "tasks.gid", "stories.task_gid")
    .leftJoin("users", "users.gid", "stories.created_by_gid")
    .selectAll("stories")
    .select([
      "users.name as creator_name",
      "tasks.name as task_name",
      "tasks.resource_subtype as task_resource_subtype",
      "tasks.workspace_gid as task_workspace_gid",
    ]);
}

type Found = Omit<StoryRow, "likers" | "sight">;

// Likers and what the reader sees of the tasks and projects the stories name: a few queries for a whole page.
async function forReader(db: Db, rows: Found[], readerGid: number): Promise<StoryRow[]> {
  if (rows.length === 0) return [];
  const [likes, seen, fields] = await Promise.all([
    likesOf(
      db,
      rows.map((row) => row.gid),
    ),
    sightOf(db, readerGid, referencesOf(rows.map((row) => parseDetails(row.details)))),
    fieldsSeenOnTasks(db, readerGid, fieldsNamed(rows)),
  ]);
  const sight: Sight = { ...seen, field: (taskGid, fieldGid) => fields.has(`${taskGid}:${fieldGid}`) };
  return rows.map((row) => ({ ...row, likers: likes.get(row.gid) ?? [], sight }));
}

export async function findStory(db: Db, gid: number, readerGid: number): Promise<StoryRow | undefined> {
  const story = await storiesWithNames(db).where("stories.gid", "=", gid).executeTakeFirst();
  return story ? (await forReader(db, [story], readerGid))[0] : undefined;
}

// Oldest first, as a task's activity feed reads. Compiled once (db/prepared.ts).
const storiesOnTask = prepared(
  ["taskGid", "limit", "offset"],
  (db, params: { taskGid: number; limit: number; offset: number }) =>
    storiesWithNames(db)
      .where("stories.task_gid", "=", params.taskGid)
      .orderBy("stories.created_at")
      .orderBy("stories.gid")
      .limit(params.limit)
      .offset(params.offset),
);

export async function storiesOfTask(
  db: Db,
  taskGid: number,
  window: { limit: number; offset: number },
  readerGid: number,
): Promise<StoryRow[]> {
  const rows = await storiesOnTask.all(db, { taskGid, limit: window.limit, offset: window.offset });
  return forReader(db, rows, readerGid);
}
