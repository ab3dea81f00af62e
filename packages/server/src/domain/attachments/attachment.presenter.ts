import type { AttachmentsTable, TasksTable } from "../../db/schema.ts";

export const ATTACHMENT_COMPACT = ["name", "resource_subtype"] as const;

// base: the public origin of this server. Uploaded files are served by /attachments/{gid}/download, which checks
// access on every request; links point where they were made to point.
export function presentAttachment(
  attachment: AttachmentsTable,
  task: Pick<TasksTable, "gid" | "name" | "resource_subtype">,
  base: string,
) {
  const external = attachment.resource_subtype === "external";
  const download = `${base}/api/1.0/attachments/${attachment.gid}/download`;
  return {
    gid: String(attachment.gid),
    resource_type: "attachment",
    name: attachment.name,
    resource_subtype: attachment.resource_subtype,
    created_at: attachment.created_at,
    download_url: external ? attachment.url : download,
    view_url: external ? attachment.url : download,
    permanent_url: external ? attachment.url : download,
    host: external ? "external" : "asana",
    size: external ? null : attachment.size,
    content_type: external ? null : attachment.content_type,
    parent: { gid: String(task.gid), resource_type: "task", name: task.name, resource_subtype: task.resource_subtype },
    ...(external ? { connected_to_app: false } : {}),
  };
}
