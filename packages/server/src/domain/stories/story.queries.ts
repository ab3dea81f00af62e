import type { Db } from "../../db/index.ts";
import { likesOf } from "./story.likes.ts";
import type { StoryRow } from "./story.presenter.ts";

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

export async function findStory(db: Db, gid: number): Promise<StoryRow | undefined> {
  const story = await storiesWithNames(db).where("stories.gid", "=", gid).executeTakeFirst();
  return story ? { ...story, likers: (await likesOf(db, [story.gid])).get(story.gid) ?? [] } : undefined;
}

// Oldest first, as a task's activity feed reads.
export async function storiesOfTask(
  db: Db,
  taskGid: number,
  window: { limit: number; offset: number },
): Promise<StoryRow[]> {
  const rows = await storiesWithNames(db)
    .where("stories.task_gid", "=", taskGid)
    .orderBy("stories.created_at")
    .orderBy("stories.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  const likes = await likesOf(
    db,
    rows.map((row) => row.gid),
  );
  return rows.map((row) => ({ ...row, likers: likes.get(row.gid) ?? [] }));
}
