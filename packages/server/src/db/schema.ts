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
  // JSON of a system story's structured fields (assignee, old_section, new_dates, …); null for comments.
  details: string | null;
  is_pinned: Flag;
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

export type InvitationDelivery = "sent" | "logged" | "failed";

export interface InvitationsTable {
  gid: number;
  workspace_gid: number;
  email: string;
  role: "member" | "guest";
  team_gid: number | null;
  project_gid: number | null;
  access_level: AccessLevel | null;
  token_hash: string;
  inviter_gid: number | null;
  delivery: InvitationDelivery;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by_gid: number | null;
  revoked_at: string | null;
}

export interface AttachmentsTable {
  gid: number;
  workspace_gid: number;
  parent_gid: number;
  resource_subtype: "asana" | "external";
  name: string;
  // Uploaded files: content hash (the stored file's name), size and sniffed type; links: url.
  sha256: string | null;
  size: number | null;
  content_type: string | null;
  url: string | null;
  created_by_gid: number | null;
  created_at: string;
}

export type JobState = "queued" | "running" | "succeeded" | "dead";

export interface JobsTable {
  id: number;
  kind: string;
  payload: string;
  key: string | null;
  coalesce_key: string | null;
  pending_key: string | null;
  state: JobState;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface ConsumerCursorsTable {
  name: string;
  last_event_id: number;
  updated_at: string;
}

export interface WebhooksTable {
  gid: number;
  workspace_gid: number;
  resource_type: string;
  resource_gid: number;
  target: string;
  secret: string;
  filters: string;
  active: Flag;
  created_by_gid: number;
  first_event_id: number;
  created_at: string;
  last_success_at: string | null;
  last_failure_at: string | null;
  last_failure_content: string | null;
  failing_since: string | null;
  delivery_retry_count: number;
  next_attempt_after: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

export interface WebhookDeliveriesTable {
  gid: number;
  webhook_gid: number;
  event_id: number;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
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
  invitations: InvitationsTable;
  attachments: AttachmentsTable;
  jobs: JobsTable;
  consumer_cursors: ConsumerCursorsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
