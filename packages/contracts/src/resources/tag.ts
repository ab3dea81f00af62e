import { z } from "zod";
import { Gid } from "../common.ts";
import { TagColor } from "../tags.ts";
import { DateTime, UserCompact, WorkspaceCompact } from "./shared.ts";

export const Tag = z
  .object({
    gid: Gid,
    resource_type: z.literal("tag"),
    name: z.string(),
    color: TagColor.nullable(),
    notes: z.string(),
    created_at: DateTime,
    followers: z.array(UserCompact).describe("Always empty: Takt has no tag followers."),
    workspace: WorkspaceCompact,
    permalink_url: z.string(),
  })
  .meta({ id: "Tag" });
export type Tag = z.infer<typeof Tag>;
