import { z } from "zod";
import { Gid } from "../common.ts";
import { DateTime, TaskCompact } from "./shared.ts";

export const Attachment = z
  .object({
    gid: Gid,
    resource_type: z.literal("attachment"),
    name: z.string(),
    resource_subtype: z.enum(["asana", "external"]).describe("asana: an uploaded file; external: a link."),
    created_at: DateTime,
    download_url: z.string().nullable().describe("Uploaded files: /api/1.0/attachments/{gid}/download."),
    view_url: z.string().nullable(),
    permanent_url: z.string().nullable(),
    host: z.enum(["asana", "external"]),
    size: z.number().int().nullable().describe("Bytes; null for links."),
    content_type: z.string().nullable(),
    parent: TaskCompact,
    connected_to_app: z.boolean().optional().describe("Links only."),
  })
  .meta({ id: "Attachment" });
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentCompact = Attachment.pick({
  gid: true,
  resource_type: true,
  name: true,
  resource_subtype: true,
}).meta({ id: "AttachmentCompact" });
export type AttachmentCompact = z.infer<typeof AttachmentCompact>;
