import type { StatusUpdateRow } from "./status-update.presenter.ts";

// Asana's project statuses (deprecated, still called by older scripts) are Takt's project status updates seen
// through the old colours: green on track, yellow at risk, red off track, blue on hold, complete.
const COLOR_OF: Record<string, string> = {
  on_track: "green",
  at_risk: "yellow",
  off_track: "red",
  on_hold: "blue",
  complete: "complete",
  achieved: "complete",
  partial: "yellow",
  missed: "red",
  dropped: "blue",
};
const STATUS_OF: Record<string, string> = {
  green: "on_track",
  yellow: "at_risk",
  red: "off_track",
  blue: "on_hold",
  complete: "complete",
};

export function statusTypeOfColor(color: string): string {
  return STATUS_OF[color] ?? "on_track";
}

export function presentProjectStatus(row: StatusUpdateRow) {
  const author = row.created_by_gid
    ? { gid: String(row.created_by_gid), resource_type: "user", name: row.author_name ?? "" }
    : null;
  return {
    gid: String(row.gid),
    resource_type: "project_status",
    title: row.title,
    color: COLOR_OF[row.status_type] ?? "green",
    text: row.text,
    html_text: row.html_text,
    author,
    created_by: author,
    created_at: row.created_at,
    modified_at: row.modified_at,
  };
}

export const PROJECT_STATUS_COMPACT = ["title"] as const;
