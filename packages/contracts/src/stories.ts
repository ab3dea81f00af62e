import { z } from "zod";
import { Gid } from "./common.ts";

// A comment's plain text is held to this many characters (rich text to the same, once sanitised).
export const MAX_COMMENT_LENGTH = 65_000;

// The stickers Asana's comments may carry (its sticker_name enum).
export const StickerName = z.enum([
  "green_checkmark",
  "people_dancing",
  "dancing_unicorn",
  "heart",
  "party_popper",
  "people_waving_flags",
  "splashing_narwhal",
  "trophy",
  "yeti_riding_unicorn",
  "celebrating_people",
  "determined_climbers",
  "phoenix_spreading_love",
]);

// Rich text carries markup around its words: its plain text is held to the limit once sanitised.
const CommentFields = {
  text: z.string().max(MAX_COMMENT_LENGTH).optional(),
  html_text: z
    .string()
    .max(MAX_COMMENT_LENGTH * 4)
    .optional(),
  is_pinned: z.boolean().optional(),
  // A sticker posted with the comment (or alone); null takes it off.
  sticker_name: StickerName.nullable().optional(),
};

export const CreateCommentBody = z.strictObject(CommentFields);
export type CreateCommentInput = z.infer<typeof CreateCommentBody>;

// Asana likes a story through PUT with `liked`.
export const UpdateStoryBody = z.strictObject({ ...CommentFields, liked: z.boolean().optional() });
export type UpdateStoryInput = z.infer<typeof UpdateStoryBody>;

export const StoryParams = z.object({ story_gid: Gid });
