// Row types for Kysely. Booleans are stored as 0/1 and times as ISO-8601 text on both
// databases, so one code path reads and writes them the same way.
export type Flag = 0 | 1;

export interface WorkspacesTable {
  gid: number;
  name: string;
  is_organization: Flag;
  email_domains: string;
  created_at: string;
}

export interface UsersTable {
  gid: number;
  email: string;
  name: string;
  password_hash: string | null;
  language: string;
  created_at: string;
}

export type WorkspaceRole = "admin" | "member" | "guest";

export interface WorkspaceMembershipsTable {
  gid: number;
  workspace_gid: number;
  user_gid: number;
  role: WorkspaceRole;
  created_at: string;
}

export interface TeamsTable {
  gid: number;
  workspace_gid: number;
  name: string;
  description: string;
  created_at: string;
}

export interface TeamMembershipsTable {
  gid: number;
  team_gid: number;
  user_gid: number;
  is_admin: Flag;
  created_at: string;
}

export type AccessLevel = "admin" | "editor" | "commenter" | "viewer";

export interface ProjectsTable {
  gid: number;
  workspace_gid: number;
  team_gid: number | null;
  owner_gid: number | null;
  name: string;
  notes: string;
  html_notes: string;
  color: string | null;
  default_view: string;
  privacy_setting: "public_to_workspace" | "private";
  archived: Flag;
  due_on: string | null;
  start_on: string | null;
  created_at: string;
  modified_at: string;
}

export interface ProjectMembershipsTable {
  gid: number;
  project_gid: number;
  user_gid: number;
  access_level: AccessLevel;
  created_at: string;
}

export interface SectionsTable {
  gid: number;
  project_gid: number;
  name: string;
  order_key: string;
  created_at: string;
}

export interface TasksTable {
  gid: number;
  workspace_gid: number;
  root_gid: number;
  parent_gid: number | null;
  subtask_order_key: string | null;
  name: string;
  notes: string;
  html_notes: string;
  resource_subtype: string;
  assignee_gid: number | null;
  due_on: string | null;
  due_at: string | null;
  start_on: string | null;
  completed: Flag;
  completed_at: string | null;
  completed_by_gid: number | null;
  created_by_gid: number | null;
  created_at: string;
  modified_at: string;
}

export interface TaskMembershipsTable {
  task_gid: number;
  project_gid: number;
  section_gid: number;
  order_key: string;
  created_at: string;
}

export interface TaskFollowersTable {
  task_gid: number;
  user_gid: number;
}

export interface TaskDependenciesTable {
  task_gid: number;
  depends_on_gid: number;
}

export interface StoriesTable {
  gid: number;
  task_gid: number;
  created_by_gid: number | null;
  type: "comment" | "system";
  resource_subtype: string;
  text: string;
  html_text: string;
  is_edited: Flag;
  event_id: number | null;
  created_at: string;
}

export interface EventsTable {
  id: number;
  workspace_gid: number;
  actor_gid: number | null;
  resource_type: string;
  resource_gid: number;
  resource_subtype: string | null;
  parent_type: string | null;
  parent_gid: number | null;
  action: "added" | "changed" | "removed" | "deleted" | "undeleted";
  change: string | null;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_gid: number;
  created_at: string;
  expires_at: string;
}

export interface PersonalAccessTokensTable {
  gid: number;
  user_gid: number;
  name: string;
  token_hash: string;
  hint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface UserTaskListsTable {
  gid: number;
  user_gid: number;
  workspace_gid: number;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  workspace_memberships: WorkspaceMembershipsTable;
  teams: TeamsTable;
  team_memberships: TeamMembershipsTable;
  projects: ProjectsTable;
  project_memberships: ProjectMembershipsTable;
  sections: SectionsTable;
  tasks: TasksTable;
  task_memberships: TaskMembershipsTable;
  task_followers: TaskFollowersTable;
  task_dependencies: TaskDependenciesTable;
  stories: StoriesTable;
  events: EventsTable;
  sessions: SessionsTable;
  personal_access_tokens: PersonalAccessTokensTable;
  user_task_lists: UserTaskListsTable;
}
