export interface Ref {
  gid: string;
  resource_type?: string;
  name: string;
}

// A task or project the reader cannot see comes by gid alone, without its name.
export type MaybeNamed = Omit<Ref, "name"> & { name?: string };

export interface Workspace extends Ref {}

export interface Me {
  gid: string;
  name: string;
  email: string;
  language: "en" | "ru";
  photo: unknown;
  workspaces: Workspace[];
  email_notifications?: EmailNotifications;
}

export type EmailNotifications = "instant" | "daily_digest" | "off";

export interface User extends Ref {
  email?: string;
}

export interface Team extends Ref {
  description?: string;
}

export interface Project {
  gid: string;
  name: string;
  color?: string | null;
  archived?: boolean;
  privacy_setting?: string;
  default_view?: string;
  team?: Ref | null;
  notes?: string;
  owner?: Ref | null;
  current_user_can_edit?: boolean;
  scrum_enabled?: boolean;
}

export interface Section {
  gid: string;
  name: string;
}

export interface Membership {
  project: Ref;
  section: Ref | null;
}

export interface TaskRow {
  gid: string;
  name: string;
  completed: boolean;
  assignee: Ref | null;
  due_on: string | null;
  start_on?: string | null;
  num_subtasks?: number;
  num_comments?: number;
  memberships?: Membership[];
  projects?: Ref[];
  created_at?: string;
  parent?: MaybeNamed | null;
  resource_subtype?: "default_task" | "milestone" | "approval" | "section" | string;
  approval_status?: "pending" | "approved" | "rejected" | "changes_requested" | null;
  // Shapes live in features/custom-fields/types.ts and features/tags/api.ts.
  custom_fields?: unknown[];
  tags?: { gid: string; name: string; color?: string | null }[];
  dependencies?: Ref[];
  dependents?: Ref[];
}

export interface TaskDetail extends TaskRow {
  notes?: string;
  html_notes?: string;
  followers?: Ref[];
  created_by?: Ref | null;
  created_at?: string;
  modified_at?: string;
  workspace?: Ref;
}

export interface Story {
  gid: string;
  created_at: string;
  created_by: Ref | null;
  type: "comment" | "system";
  resource_subtype: string;
  text: string;
  html_text?: string;
  new_section?: MaybeNamed | null;
  old_section?: MaybeNamed | null;
  assignee?: Ref | null;
  new_name?: string;
  old_name?: string;
  // Structured fields of system stories (server: story.derive.ts and friends).
  project?: MaybeNamed | null;
  task?: MaybeNamed | null;
  follower?: Ref | null;
  dependency?: MaybeNamed | null;
  custom_field?: MaybeNamed | null;
  new_display_value?: string | null;
  new_dates?: { start_on: string | null; due_on: string | null; due_at: string | null } | null;
  new_resource_subtype?: string | null;
  new_approval_status?: string | null;
  duration_minutes?: number | null;
}

export interface AccessToken {
  gid: string;
  name: string;
  hint: string;
  created_at: string;
  last_used_at: string | null;
  token?: string;
}

export interface RealtimeEvent {
  user: Ref | null;
  created_at: string;
  action: "added" | "changed" | "removed" | "deleted" | "undeleted";
  resource: { gid: string; resource_type: string; resource_subtype?: string };
  parent: { gid: string; resource_type: string } | null;
  change?: { field: string; action: string; new_value?: unknown } | null;
}
