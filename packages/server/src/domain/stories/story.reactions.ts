import type { Db } from "../../db/index.ts";
import { badRequest, notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import type { Actor } from "../context.ts";
import { readStatusUpdate } from "../status-updates/status-update.use-cases.ts";
import { readableStory } from "./story.resolve.ts";

type Window = { limit: number; offset: number };

// The one reaction Takt stores is the like (a thumbs-up on a comment); Asana's GET /reactions lists who reacted to
// a story or a status update with an emoji. Status updates take no likes in Takt, so their list is empty.
export const LIKE_EMOJI = "👍";

export async function listReactions(
  db: Db,
  actor: Actor,
  query: { target: string; emoji_base: string },
  window: Window,
): Promise<Record<string, unknown>[]> {
  const targetGid = parseGid(query.target);
  if (targetGid === null) throw badRequest(`target: Not a valid gid: ${query.target.slice(0, 40)}`);
  const story = await db.selectFrom("stories").select("gid").where("gid", "=", targetGid).executeTakeFirst();
  if (!story) {
    const update = await db.selectFrom("status_updates").select("gid").where("gid", "=", targetGid).executeTakeFirst();
    if (!update) throw notFound("target");
    await readStatusUpdate(db, actor, targetGid);
    return [];
  }
  await readableStory(db, actor, query.target);
  if (query.emoji_base !== LIKE_EMOJI) return [];
  const likes = await db
    .selectFrom("story_likes")
    .innerJoin("users", "users.gid", "story_likes.user_gid")
    .select(["story_likes.user_gid", "users.name", "story_likes.created_at"])
    .where("story_likes.story_gid", "=", targetGid)
    .orderBy("story_likes.created_at")
    .orderBy("users.gid")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
  return likes.map((like) => ({
    gid: `${targetGid}${like.user_gid}`.slice(0, 19),
    resource_type: "reaction",
    emoji_base: LIKE_EMOJI,
    variant: LIKE_EMOJI,
    user: { gid: String(like.user_gid), resource_type: "user", name: like.name },
    target: { gid: String(targetGid), resource_type: "story" },
    created_at: like.created_at,
  }));
}
