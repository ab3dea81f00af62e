import type { Db } from "../../db/index.ts";
import { prepared } from "../../db/prepared.ts";
import type { StoriesTable } from "../../db/schema.ts";
import { type Actor, type Ctx, transact } from "../context.ts";

export interface Liker {
  gid: number;
  name: string;
}

const likersOf = prepared(
  ["storyGids"],
  (db, params: { storyGids: number[] }) =>
    db
      .selectFrom("story_likes")
      .innerJoin("users", "users.gid", "story_likes.user_gid")
      .select(["story_likes.story_gid", "users.gid", "users.name"])
      .where("story_likes.story_gid", "in", params.storyGids)
      .orderBy("story_likes.created_at")
      .orderBy("users.gid"),
  { lists: ["storyGids"] },
);

// Likers of each story, in two queries for a whole page of stories.
export async function likesOf(db: Db, storyGids: number[]): Promise<Map<number, Liker[]>> {
  const result = new Map<number, Liker[]>();
  if (storyGids.length === 0) return result;
  const rows = await likersOf.all(db, { storyGids });
  for (const row of rows) {
    const list = result.get(row.story_gid) ?? [];
    list.push({ gid: row.gid, name: row.name });
    result.set(row.story_gid, list);
  }
  return result;
}

// Liking twice is one like; unliking what one never liked is a no-op. Each real change is an event.
export async function setLiked(
  ctx: Ctx & { actor: Actor },
  story: Pick<StoriesTable, "gid" | "task_gid" | "resource_subtype">,
  workspaceGid: number,
  liked: boolean,
): Promise<void> {
  await transact(ctx, async (tx) => {
    const existing = await tx.trx
      .selectFrom("story_likes")
      .select("user_gid")
      .where("story_gid", "=", story.gid)
      .where("user_gid", "=", ctx.actor.gid)
      .executeTakeFirst();
    if (Boolean(existing) === liked) return;
    if (liked) {
      await tx.trx
        .insertInto("story_likes")
        .values({ story_gid: story.gid, user_gid: ctx.actor.gid, created_at: tx.now })
        .execute();
    } else {
      await tx.trx
        .deleteFrom("story_likes")
        .where("story_gid", "=", story.gid)
        .where("user_gid", "=", ctx.actor.gid)
        .execute();
    }
    const user = { gid: String(ctx.actor.gid), resource_type: "user" };
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "story",
      resource_gid: story.gid,
      resource_subtype: story.resource_subtype,
      parent_type: "task",
      parent_gid: story.task_gid,
      action: "changed",
      change: liked
        ? { field: "likes", action: "added", added_value: user }
        : { field: "likes", action: "removed", removed_value: user },
    });
  });
}

export async function editsOf(db: Db, storyGid: number) {
  return db
    .selectFrom("story_edits")
    .leftJoin("users", "users.gid", "story_edits.edited_by_gid")
    .selectAll("story_edits")
    .select("users.name as editor_name")
    .where("story_edits.story_gid", "=", storyGid)
    .orderBy("story_edits.gid", "desc")
    .execute();
}
