import type { StoriesTable } from "../../db/schema.ts";
import { userRef } from "../users/user.presenter.ts";
import type { Sight } from "../visible-references.ts";
import { renderStory } from "./story.render.ts";

export const STORY_COMPACT = ["created_at", "created_by", "resource_subtype", "text", "type"] as const;

export type StoryRow = StoriesTable & {
  creator_name: string | null;
  task_name: string;
  task_resource_subtype: string;
  task_workspace_gid: number;
  // Who liked it (story.likes.ts); absent means nobody.
  likers?: { gid: number; name: string }[];
  // What the reader sees of the tasks and projects the story names (story.queries.ts).
  sight: Sight;
};

// Asana's story record: the structured fields of a system story (assignee, new_section, new_dates, …) sit
// beside its English text, so a client may render it in its own language. Both are rendered for the reader:
// a task or project they cannot see is "a private task" / "a private project" and its reference has no name.
export function presentStory(story: StoryRow, actorGid: number) {
  const { text, html_text, details } = renderStory(story, story.sight);
  const isComment = story.type === "comment";
  return {
    gid: String(story.gid),
    resource_type: "story",
    created_at: story.created_at,
    created_by: story.created_by_gid ? userRef({ gid: story.created_by_gid, name: story.creator_name ?? "" }) : null,
    resource_subtype: story.resource_subtype,
    type: story.type,
    text,
    html_text,
    is_editable: isComment && story.created_by_gid === actorGid,
    is_edited: story.is_edited === 1,
    is_pinned: story.is_pinned === 1,
    sticker_name: story.sticker_name ?? null,
    liked: (story.likers ?? []).some((liker) => liker.gid === actorGid),
    likes: (story.likers ?? []).map((liker) => ({
      gid: String(liker.gid),
      resource_type: "like",
      user: userRef(liker),
    })),
    num_likes: story.likers?.length ?? 0,
    hearted: (story.likers ?? []).some((liker) => liker.gid === actorGid),
    num_hearts: story.likers?.length ?? 0,
    target: {
      gid: String(story.task_gid),
      resource_type: "task",
      name: story.task_name,
      resource_subtype: story.task_resource_subtype,
    },
    ...details,
  };
}
