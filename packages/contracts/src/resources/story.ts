import { z } from "zod";
import { Gid } from "../common.ts";
import { StickerName } from "../stories.ts";
import { ApprovalStatus } from "../tasks.ts";
import { RuleStep } from "./rule.ts";
import { DateTime, ReaderRef, TaskCompact, UserCompact } from "./shared.ts";

const Dates = z.object({
  start_on: z.string().nullable(),
  due_on: z.string().nullable(),
  due_at: z.string().nullable(),
});

export const Story = z
  .object({
    gid: Gid,
    resource_type: z.literal("story"),
    created_at: DateTime,
    created_by: UserCompact.nullable(),
    resource_subtype: z.string().describe("comment_added, assigned, section_changed, marked_complete, …"),
    type: z.enum(["comment", "system"]),
    text: z.string(),
    html_text: z.string(),
    is_editable: z.boolean().describe("True on the caller's own comments."),
    is_edited: z.boolean(),
    is_pinned: z.boolean(),
    sticker_name: StickerName.nullable().describe("The sticker posted with the comment, if any."),
    liked: z.boolean(),
    likes: z.array(z.object({ gid: Gid, resource_type: z.literal("like"), user: UserCompact })),
    num_likes: z.number().int(),
    hearted: z.boolean(),
    num_hearts: z.number().int(),
    target: TaskCompact,
    // The structured fields of a system story, beside its text, so a client may word it in its own language.
    project: ReaderRef.optional(),
    old_section: ReaderRef.nullable().optional(),
    new_section: ReaderRef.optional(),
    assignee: ReaderRef.nullable().optional(),
    follower: ReaderRef.optional(),
    dependency: ReaderRef.optional(),
    task: ReaderRef.nullable().optional(),
    old_name: z.string().nullable().optional(),
    new_name: z.string().optional(),
    old_dates: Dates.nullable().optional(),
    new_dates: Dates.optional(),
    old_resource_subtype: z.string().nullable().optional(),
    new_resource_subtype: z.string().optional(),
    custom_field: ReaderRef.optional(),
    new_display_value: z.string().nullable().optional(),
    old_approval_status: ApprovalStatus.optional(),
    new_approval_status: ApprovalStatus.optional(),
    duration_minutes: z.number().int().optional().describe("time_logged stories."),
    entered_on: z.string().optional().describe("time_logged stories."),
    rule: ReaderRef.optional().describe(
      "Takt, rule_ran stories: the rule (without a name when its project is private).",
    ),
    rule_steps: z.array(RuleStep).optional().describe("Takt, rule_ran stories: what the rule did, step by step."),
  })
  .meta({ id: "Story" });
export type Story = z.infer<typeof Story>;

export const StoryCompact = Story.pick({
  gid: true,
  resource_type: true,
  created_at: true,
  created_by: true,
  resource_subtype: true,
  text: true,
  type: true,
}).meta({ id: "StoryCompact" });
export type StoryCompact = z.infer<typeof StoryCompact>;

// Takt: an earlier version of an edited comment.
export const StoryEdit = z
  .object({
    gid: Gid,
    resource_type: z.literal("story_edit"),
    created_at: DateTime,
    edited_by: UserCompact.nullable(),
    previous_text: z.string(),
    previous_html_text: z.string(),
  })
  .meta({ id: "StoryEdit" });
export type StoryEdit = z.infer<typeof StoryEdit>;
