import { z } from "zod";
import { Gid } from "./common.ts";

const WebUrl = z
  .string()
  .trim()
  .max(2048)
  .url("must be a URL")
  .refine((value) => /^https?:\/\//i.test(value), "must be an http or https URL");

// POST /attachments: multipart fields (with the file in `file`) or, for a link, a JSON body.
export const CreateAttachmentBody = z.strictObject({
  parent: Gid,
  resource_subtype: z.enum(["asana", "external"], "must be asana or external").default("asana"),
  url: WebUrl.optional(),
  name: z.string().trim().min(1).max(255).optional(),
  connect_to_app: z.unknown().optional(),
});
export type CreateAttachmentInput = z.infer<typeof CreateAttachmentBody>;

export const ListAttachmentsQuery = z.object({ parent: Gid });

export const AttachmentParams = z.object({ attachment_gid: Gid });
