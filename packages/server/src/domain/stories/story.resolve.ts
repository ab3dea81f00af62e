import type { Db } from "../../db/index.ts";
import { notFound } from "../../errors.ts";
import type { Actor } from "../context.ts";
import { refGid } from "../tasks/task.resolve.ts";
import { authorizeStory } from "./story.policy.ts";
import type { StoryRow } from "./story.presenter.ts";
import { findStory } from "./story.queries.ts";

// A story by the gid a request names, rendered for its reader; whether the reader may see it is the policy's
// (story.policy.ts).
export async function storyFor(db: Db, storyRaw: string, readerGid: number): Promise<StoryRow> {
  const story = await findStory(db, refGid(storyRaw, "story"), readerGid);
  if (!story) throw notFound("story");
  return story;
}

// A story the actor may see (GET /stories/{gid} and its edits).
export async function readableStory(db: Db, actor: Actor, storyRaw: string): Promise<StoryRow> {
  const story = await storyFor(db, storyRaw, actor.gid);
  await authorizeStory(db, actor, story, "read");
  return story;
}
