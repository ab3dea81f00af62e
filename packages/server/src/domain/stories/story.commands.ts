import type { StoriesTable, TasksTable } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { newGid } from "../../ids.ts";
import { type Ctx, flag, transact } from "../context.ts";
import { plainToRichText, richTextToPlain, sanitizeRichText } from "../rich-text.ts";
import { addFollowers, checkMentions, mentionedUserGids } from "./story.mentions.ts";

export const MAX_COMMENT_LENGTH = 65_000;

export interface CommentInput {
  text?: string;
  html_text?: string;
  sticker_name?: string | null;
}

// A comment keeps its plain text and its rich text in step, whichever of the two the client sent.
export function commentBody(input: CommentInput): { text: string; html_text: string } {
  if (input.text !== undefined && input.html_text !== undefined) {
    throw badRequest("html_text: send either text or html_text, not both");
  }
  if (input.html_text !== undefined) {
    const html = sanitizeRichText(input.html_text);
    const text = richTextToPlain(html);
    if (!text) throw badRequest("html_text: a comment cannot be empty");
    if (text.length > MAX_COMMENT_LENGTH)
      throw badRequest(`html_text: must be at most ${MAX_COMMENT_LENGTH} characters`);
    return { text, html_text: html };
  }
  const text = (input.text ?? "").trim();
  if (!text) throw badRequest(input.text === undefined ? "text: Missing input" : "text: a comment cannot be empty");
  return { text, html_text: plainToRichText(text) };
}

type TaskRef = Pick<TasksTable, "gid" | "workspace_gid">;

export async function addComment(
  ctx: Ctx,
  task: TaskRef,
  input: CommentInput & { is_pinned?: boolean },
): Promise<number> {
  // A sticker may be posted alone, as in Asana; otherwise a comment needs words.
  const stickerAlone = Boolean(input.sticker_name) && input.text === undefined && input.html_text === undefined;
  const body = stickerAlone ? { text: "", html_text: "<body></body>" } : commentBody(input);
  const mentioned = mentionedUserGids(body.html_text);
  await checkMentions(ctx.db, task.gid, mentioned);
  return transact(ctx, async (tx) => {
    const gid = newGid();
    await addFollowers(tx.trx, task.gid, [...(tx.actor ? [tx.actor.gid] : []), ...mentioned]);
    // The story is written from this event (story.derive.ts), in this transaction.
    await tx.emit({
      workspace_gid: task.workspace_gid,
      resource_type: "story",
      resource_gid: gid,
      resource_subtype: "comment_added",
      parent_type: "task",
      parent_gid: task.gid,
      action: "added",
      change: {
        story: {
          type: "comment",
          ...body,
          is_pinned: input.is_pinned ?? false,
          sticker_name: input.sticker_name ?? null,
        },
      },
    });
    // Asana counts a new story as a change of its task.
    await tx.trx.updateTable("tasks").set({ modified_at: tx.now }).where("gid", "=", task.gid).execute();
    return gid;
  });
}

type StoryRef = Pick<StoriesTable, "gid" | "task_gid" | "text" | "html_text" | "is_pinned" | "sticker_name">;

export async function updateComment(
  ctx: Ctx,
  story: StoryRef,
  workspaceGid: number,
  input: CommentInput & { is_pinned?: boolean },
): Promise<void> {
  const body = input.text !== undefined || input.html_text !== undefined ? commentBody(input) : null;
  const textChanged = body !== null && (body.text !== story.text || body.html_text !== story.html_text);
  const pinChanged = input.is_pinned !== undefined && flag(input.is_pinned) !== story.is_pinned;
  const stickerChanged = input.sticker_name !== undefined && input.sticker_name !== (story.sticker_name ?? null);
  if (!textChanged && !pinChanged && !stickerChanged) return;
  const mentioned = textChanged && body ? mentionedUserGids(body.html_text) : [];
  await checkMentions(ctx.db, story.task_gid, mentioned);
  await transact(ctx, async (tx) => {
    if (textChanged) await addFollowers(tx.trx, story.task_gid, mentioned);
    // story.derive.ts keeps the earlier text as an edit and writes the new one, from these events.
    const changes = [
      ...(textChanged && body ? [{ field: "text", action: "changed", story: body }] : []),
      ...(pinChanged ? [{ field: "is_pinned", action: "changed", new_value: input.is_pinned === true }] : []),
      ...(stickerChanged ? [{ field: "sticker_name", action: "changed", new_value: input.sticker_name ?? null }] : []),
    ];
    for (const change of changes) {
      await tx.emit({
        workspace_gid: workspaceGid,
        resource_type: "story",
        resource_gid: story.gid,
        resource_subtype: "comment_added",
        parent_type: "task",
        parent_gid: story.task_gid,
        action: "changed",
        change,
      });
    }
  });
}

export async function deleteComment(ctx: Ctx, story: Pick<StoriesTable, "gid" | "task_gid">, workspaceGid: number) {
  await transact(ctx, async (tx) => {
    await tx.emit({
      workspace_gid: workspaceGid,
      resource_type: "story",
      resource_gid: story.gid,
      resource_subtype: "comment_added",
      parent_type: "task",
      parent_gid: story.task_gid,
      action: "deleted",
    });
  });
}
