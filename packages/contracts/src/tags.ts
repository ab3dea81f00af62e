import { z } from "zod";
import { Gid } from "./common.ts";
import { ProjectColor } from "./projects.ts";

// A tag takes a project's colours; no colour is null rather than "none".
export const TagColor = ProjectColor.exclude(["none"]).meta({ id: "TagColor" });
export type TagColor = z.infer<typeof TagColor>;

const TagFields = {
  name: z.string().trim().min(1).max(200),
  color: TagColor.nullable().optional(),
  notes: z.string().max(65_535).optional(),
  followers: z.array(Gid).max(0, "following tags is not supported").optional(),
};

export const CreateTagBody = z.strictObject({ ...TagFields, workspace: Gid.optional() });
export type CreateTagBody = z.infer<typeof CreateTagBody>;
export const UpdateTagBody = z.strictObject({ ...TagFields, name: TagFields.name.optional() });
export type UpdateTagBody = z.infer<typeof UpdateTagBody>;
export const TaskTagBody = z.strictObject({ tag: Gid });

export const TagsQuery = z.object({ workspace: z.string().optional() }).loose();

export const TagPathParams = z.object({ tag_gid: Gid });
export const TaskTagPathParams = z.object({ task_gid: Gid });
