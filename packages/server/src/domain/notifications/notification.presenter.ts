import type { InboxRow } from "./notification.queries.ts";

// An inbox entry (Takt extension): kind is assigned | comment | mention | completed | approval |
// due_date_changed | form_submission | unblocked (a task the person waits on was completed) | team_join_request |
// team_join_decided.
export function presentNotification(row: InboxRow) {
  return {
    gid: String(row.gid),
    resource_type: "notification",
    kind: row.kind,
    text: row.text,
    created_at: row.created_at,
    read: row.read_at !== null,
    read_at: row.read_at,
    archived: row.archived_at !== null,
    actor: row.actor_gid ? { gid: String(row.actor_gid), resource_type: "user", name: row.actor_name ?? "" } : null,
    task: row.task_gid ? { gid: String(row.task_gid), resource_type: "task", name: row.task_name ?? "" } : null,
    project: row.project_gid
      ? { gid: String(row.project_gid), resource_type: "project", name: row.project_name ?? "" }
      : null,
    story: row.story_gid ? { gid: String(row.story_gid), resource_type: "story" } : null,
    team: row.team_gid ? { gid: String(row.team_gid), resource_type: "team", name: row.team_name ?? "" } : null,
    workspace: { gid: String(row.workspace_gid), resource_type: "workspace" },
  };
}
