import type { StatusUpdatesTable } from "../../db/schema.ts";
import { userRef } from "../users/user.presenter.ts";

export const STATUS_UPDATE_COMPACT = ["resource_subtype", "title", "status_type", "created_at"] as const;

export type StatusUpdateRow = StatusUpdatesTable & { author_name: string | null; project_name: string };

// Asana's status_update record (project status updates only).
export function presentStatusUpdate(row: StatusUpdateRow) {
  const author = row.created_by_gid ? userRef({ gid: row.created_by_gid, name: row.author_name ?? "" }) : null;
  return {
    gid: String(row.gid),
    resource_type: "status_update",
    resource_subtype: "project_status_update",
    title: row.title,
    text: row.text,
    html_text: row.html_text,
    status_type: row.status_type,
    author,
    created_by: author,
    created_at: row.created_at,
    modified_at: row.modified_at,
    parent: { gid: String(row.parent_gid), resource_type: "project", name: row.project_name },
    liked: false,
    likes: [],
    num_likes: 0,
  };
}

// The compact form a project shows as its current_status_update.
export function statusUpdateRef(row: Pick<StatusUpdatesTable, "gid" | "title" | "status_type">) {
  return {
    gid: String(row.gid),
    resource_type: "status_update",
    resource_subtype: "project_status_update",
    title: row.title,
    status_type: row.status_type,
  };
}
