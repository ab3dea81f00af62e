// Row types for Kysely. Booleans are stored as 0/1 and times as ISO-8601 text on both
// databases, so one code path reads and writes them the same way.
import type { ResourceTables } from "./schema-resources.ts";

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
  // Scrum (0008): story points a person can take on per week; null when not set.
  weekly_capacity_points?: number | null;
}

export type TeamVisibility = "secret" | "request_to_join" | "public";
export type TeamAccessLevel = "all_team_members" | "only_team_admins";

export interface TeamsTable {
  gid: number;
  workspace_gid: number;
  name: string;
  description: string;
  created_at: string;
  // Defaulted in the database (public, only_team_admins): optional when inserting, always present when read.
  visibility?: TeamVisibility;
  edit_team_name_or_description_access_level?: TeamAccessLevel;
  edit_team_visibility_or_trash_team_access_level?: TeamAccessLevel;
  member_invite_management_access_level?: TeamAccessLevel;
  join_request_management_access_level?: TeamAccessLevel;
  team_member_removal_access_level?: TeamAccessLevel;
}

export interface TeamJoinRequestsTable {
  gid: number;
  team_gid: number;
  user_gid: number;
  message: string;
  status: "pending" | "approved" | "declined";
  created_at: string;
  decided_at: string | null;
  decided_by_gid: number | null;
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
  // Scrum (0008): defaults to 0 in the database, so rows built before it may leave it out.
  scrum_enabled?: Flag;
  // The client's stage, set by the team (0037); null: derived from where the open work is.
  stage_section_gid?: number | null;
  // Asana parity (0027): optional in rows built before it.
  icon?: string | null;
  default_access_level?: string | null;
  completed?: Flag;
  completed_at?: string | null;
  completed_by_gid?: number | null;
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
  // 0022: tasks moved into this section are marked complete (and incomplete when moved out).
  marks_complete?: Flag;
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
  // Scrum (0008), written only by domain/sprints; null (or absent in rows built before) when unset.
  story_points?: number | null;
  sprint_gid?: number | null;
  backlog_rank?: string | null;
  // Time tracking (0013): the planned effort in minutes; null when not set.
  estimated_minutes?: number | null;
  // Asana parity (0027): a foreign system's id and data (Asana's `external`), a start time, who assigned it.
  external_gid?: string | null;
  external_data?: string | null;
  start_at?: string | null;
  assigned_by_gid?: number | null;
}

export type SprintState = "planned" | "active" | "completed";

export interface SprintsTable {
  gid: number;
  workspace_gid: number;
  project_gid: number;
  name: string;
  goal: string;
  start_on: string | null;
  end_on: string | null;
  capacity_points: number | null;
  state: SprintState;
  started_at: string | null;
  completed_at: string | null;
  committed: string | null;
  report: string | null;
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
  // The sticker a comment was posted with (Asana's sticker_name enum); null for most stories.
  sticker_name?: string | null;
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

// 0015: a password-reset link, kept only as its SHA-256; single use, expiring.
export interface PasswordResetsTable {
  token_hash: string;
  user_gid: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

// 0015: the workspace audit log, Asana's AuditLogEvent flattened into columns (details is JSON).
export interface AuditLogEventsTable {
  gid: number;
  workspace_gid: number;
  created_at: string;
  event_type: string;
  event_category: string;
  actor_type: "user" | "asana" | "anonymous";
  actor_gid: number | null;
  actor_name: string | null;
  actor_email: string | null;
  resource_type: string;
  resource_subtype: string | null;
  resource_gid: number | null;
  resource_name: string | null;
  resource_email: string | null;
  details: string;
  context_type: "web" | "api" | "email" | "asana";
  api_authentication_method: "cookie" | "personal_access_token" | null;
  client_ip_address: string | null;
  user_agent: string | null;
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
  // The HTTP request that enqueued the job (Fastify reqId), carried into the worker's logs.
  request_id: string | null;
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
  // POSTs that carried this event, counted as each one starts (one the worker died in counts too).
  attempts: number;
  // 0021: the POST (X-Hook-Delivery-Id) carrying this event; kept while it is retried, cleared by a redeliver.
  delivery_id: number | null;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

export type StatusType = "on_track" | "at_risk" | "off_track" | "on_hold" | "complete";

export interface StatusUpdatesTable {
  gid: number;
  workspace_gid: number;
  parent_gid: number;
  status_type: StatusType;
  title: string;
  text: string;
  html_text: string;
  created_by_gid: number | null;
  created_at: string;
  modified_at: string;
}

export type ApprovalStatus = "pending" | "approved" | "rejected" | "changes_requested";

export interface TaskApprovalsTable {
  task_gid: number;
  approval_status: ApprovalStatus;
  decided_by_gid: number | null;
  decided_at: string;
}

export interface StoryLikesTable {
  story_gid: number;
  user_gid: number;
  created_at: string;
}

export interface StoryEditsTable {
  gid: number;
  story_gid: number;
  edited_by_gid: number | null;
  previous_text: string;
  previous_html_text: string;
  created_at: string;
}

export interface FormsTable {
  gid: number;
  workspace_gid: number;
  project_gid: number;
  owner_gid: number | null;
  title: string;
  description: string;
  // JSON array of the form's fields (see domain/forms/form.schemas.ts).
  fields: string;
  target_section_gid: number | null;
  access: "project_guests" | "public_link";
  allow_attachments: Flag;
  active: Flag;
  created_at: string;
  modified_at: string;
}

export interface InboxNotificationsTable {
  gid: number;
  workspace_gid: number;
  user_gid: number;
  event_id: number;
  kind: string;
  actor_gid: number | null;
  task_gid: number | null;
  project_gid: number | null;
  story_gid: number | null;
  team_gid: number | null;
  text: string;
  created_at: string;
  read_at: string | null;
  archived_at: string | null;
  emailed_at: string | null;
}

export type EmailNotifications = "instant" | "daily_digest" | "off";

export interface NotificationSettingsTable {
  user_gid: number;
  email_notifications: EmailNotifications;
  updated_at: string;
}

export type CustomFieldSubtype = "text" | "number" | "enum" | "multi_enum" | "date" | "people" | "secret";

export interface CustomFieldsTable {
  gid: number;
  workspace_gid: number;
  project_gid: number | null;
  name: string;
  description: string;
  resource_subtype: CustomFieldSubtype;
  precision: number | null;
  format: string;
  currency_code: string | null;
  custom_label: string | null;
  custom_label_position: string | null;
  created_by_gid: number | null;
  created_at: string;
  // Secret fields: who may reveal values (see custom-field.policy.ts); "editors" for every other field.
  reveal_access: RevealAccess;
  // A custom ID field ("BUG-12"): its prefix, and the last number it gave a task. null/0 for every other field.
  id_prefix: string | null;
  custom_id_counter: number;
}

export type RevealAccess = "editors" | "admins" | "people";

// The people who may reveal a secret field whose reveal_access is "people".
export interface CustomFieldRevealersTable {
  custom_field_gid: number;
  user_gid: number;
}

export interface CustomFieldEnumOptionsTable {
  gid: number;
  custom_field_gid: number;
  name: string;
  color: string;
  enabled: Flag;
  order_key: string;
}

export interface CustomFieldSettingsTable {
  gid: number;
  project_gid: number;
  custom_field_gid: number;
  is_important: Flag;
  order_key: string;
  created_at: string;
}

export interface TaskCustomFieldValuesTable {
  task_gid: number;
  custom_field_gid: number;
  text_value: string | null;
  number_value: number | null;
  enum_option_gid: number | null;
  date_value: string | null;
  date_time_value: string | null;
  multi_value: string | null;
  secret_value: string | null;
  updated_at: string;
}

export interface TagsTable {
  gid: number;
  workspace_gid: number;
  name: string;
  color: string | null;
  notes: string;
  created_by_gid: number | null;
  created_at: string;
}

export interface TaskTagsTable {
  task_gid: number;
  tag_gid: number;
  created_at: string;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface ProjectTemplatesTable {
  gid: number;
  workspace_gid: number;
  team_gid: number | null;
  owner_gid: number | null;
  name: string;
  description: string;
  color: string | null;
  public: Flag;
  content: string;
  created_at: string;
}

export interface TaskTemplatesTable {
  gid: number;
  workspace_gid: number;
  project_gid: number;
  name: string;
  content: string;
  created_by_gid: number | null;
  created_at: string;
}

export interface SectionTemplatesTable {
  section_gid: number;
  task_template_gid: number;
}

export interface TaskRecurrencesTable {
  task_gid: number;
  rrule: string | null;
  after_completion_days: number | null;
  created_at: string;
}

export interface AutomationMarksTable {
  key: string;
  result_gid: number | null;
  created_at: string;
}

export interface RulesTable {
  gid: number;
  workspace_gid: number;
  project_gid: number;
  trigger_gid: number;
  name: string;
  enabled: Flag;
  trigger: string;
  conditions: string;
  actions: string;
  created_by_gid: number;
  paused_reason: string | null;
  // JSON: the RuleProblem behind paused_reason.
  paused_problem: string | null;
  created_at: string;
  modified_at: string;
}

export interface RuleRunsTable {
  gid: number;
  rule_gid: number;
  key: string;
  task_gid: number | null;
  status: "succeeded" | "failed" | "skipped" | "stopped";
  message: string;
  // JSON: { steps?, condition?, problem? } (rule.engine.ts), null for runs logged before it was kept.
  details: string | null;
  depth: number;
  created_at: string;
}

export interface RuleEventOriginsTable {
  event_id: number;
  chain: string;
}

export interface ApiJobsTable {
  gid: number;
  workspace_gid: number;
  resource_subtype: string;
  status: "queued" | "in_progress" | "succeeded" | "failed";
  created_by_gid: number;
  payload: string;
  new_project_gid: number | null;
  new_task_gid: number | null;
  new_project_template_gid: number | null;
  // 0044
  new_portfolio_gid?: number | null;
  new_export_gid?: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export type ImportStatus = "queued" | "running" | "succeeded" | "failed";

export interface ImportsTable {
  gid: number;
  workspace_gid: number;
  team_gid: number | null;
  project_gid: number | null;
  source: "trello" | "asana" | "csv" | "asana_api" | "telegram" | "slack";
  file_name: string;
  content: string;
  options: string;
  status: ImportStatus;
  counts: string;
  problems: string;
  // Percent done, 0–100.
  progress: number;
  created_by_gid: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ImportKeysTable {
  workspace_gid: number;
  source: string;
  external_id: string;
  resource_gid: number;
  created_at: string;
}

export interface WorkspaceExportsTable {
  gid: number;
  workspace_gid: number;
  status: ImportStatus;
  file: string | null;
  size: number | null;
  error: string | null;
  created_by_gid: number;
  created_at: string;
  finished_at: string | null;
}

export interface CrmIntakesTable {
  gid: number;
  workspace_gid: number;
  name: string;
  // 0017: the secret of the intake URL is kept only as its SHA-256, with its first characters for display.
  token_hash: string;
  token_prefix: string;
  // JSON array of mappings (see integrations/crm/crm.schemas.ts).
  mappings: string;
  created_by_gid: number | null;
  created_at: string;
  modified_at: string;
}

export interface CrmLeadsTable {
  intake_gid: number;
  lead_id: string;
  project_gid: number | null;
  created_at: string;
}

export interface CrmIntakeLogTable {
  gid: number;
  intake_gid: number;
  content_type: string;
  payload: string;
  outcome: "created" | "duplicate" | "ignored" | "failed" | "rejected";
  message: string;
  results: string;
  created_at: string;
}

export interface TimeTrackingEntriesTable {
  gid: number;
  workspace_gid: number;
  task_gid: number;
  created_by_gid: number;
  duration_minutes: number;
  entered_on: string;
  description: string;
  created_at: string;
  modified_at: string;
  // 0031: a time tracking category, optional.
  category_gid?: number | null;
  // 0045: the project whose budget the entry counts toward; billable, nonBillable or notApplicable (null: as the
  // category says, else billable).
  attributable_to_gid?: number | null;
  billable_status?: "billable" | "nonBillable" | "notApplicable" | null;
}

export interface TimeTrackingTimersTable {
  user_gid: number;
  task_gid: number;
  started_at: string;
}

export interface ThrottlesTable {
  key: string;
  hits: number;
  window_started_at: string;
  expires_at: string;
  blocked_until: string | null;
}

// 0037: a person deactivated in a workspace, with what they held (JSON), for reactivation.
export interface WorkspaceDeactivationsTable {
  gid: number;
  workspace_gid: number;
  user_gid: number;
  role: WorkspaceRole;
  memberships: string;
  deactivated_by_gid: number | null;
  deactivated_at: string;
}

// 0037: each change of a project's stage, for the client's history.
export interface ProjectStageChangesTable {
  gid: number;
  project_gid: number;
  section_gid: number | null;
  section_name: string;
  changed_by_gid: number | null;
  created_at: string;
}

// 0038: a deleted task's rows, kept 30 days for its deleter to restore.
export interface TrashItemsTable {
  gid: number;
  workspace_gid: number;
  resource_type: string;
  resource_gid: number;
  name: string;
  project_gid: number | null;
  deleted_by_gid: number;
  deleted_at: string;
  payload: string;
}

export interface ProjectBriefsTable {
  gid: number;
  project_gid: number;
  title: string;
  text: string;
  html_text: string;
  created_at: string;
  modified_at: string;
}

export interface AccessRequestsTable {
  gid: number;
  workspace_gid: number;
  project_gid: number;
  requester_gid: number;
  message: string | null;
  status: "pending" | "approved" | "rejected";
  decided_by_gid: number | null;
  created_at: string;
}

export interface Database extends ResourceTables {
  ooo_entries: OooEntriesTable;
  project_briefs: ProjectBriefsTable;
  access_requests: AccessRequestsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  workspace_memberships: WorkspaceMembershipsTable;
  teams: TeamsTable;
  team_memberships: TeamMembershipsTable;
  team_join_requests: TeamJoinRequestsTable;
  projects: ProjectsTable;
  project_memberships: ProjectMembershipsTable;
  sections: SectionsTable;
  tasks: TasksTable;
  sprints: SprintsTable;
  task_memberships: TaskMembershipsTable;
  task_followers: TaskFollowersTable;
  task_dependencies: TaskDependenciesTable;
  stories: StoriesTable;
  events: EventsTable;
  sessions: SessionsTable;
  personal_access_tokens: PersonalAccessTokensTable;
  password_resets: PasswordResetsTable;
  audit_log_events: AuditLogEventsTable;
  user_task_lists: UserTaskListsTable;
  invitations: InvitationsTable;
  attachments: AttachmentsTable;
  jobs: JobsTable;
  consumer_cursors: ConsumerCursorsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  status_updates: StatusUpdatesTable;
  task_approvals: TaskApprovalsTable;
  story_likes: StoryLikesTable;
  story_edits: StoryEditsTable;
  forms: FormsTable;
  inbox_notifications: InboxNotificationsTable;
  notification_settings: NotificationSettingsTable;
  custom_fields: CustomFieldsTable;
  custom_field_enum_options: CustomFieldEnumOptionsTable;
  custom_field_settings: CustomFieldSettingsTable;
  custom_field_revealers: CustomFieldRevealersTable;
  task_custom_field_values: TaskCustomFieldValuesTable;
  tags: TagsTable;
  task_tags: TaskTagsTable;
  server_secrets: ServerSecretsTable;
  project_templates: ProjectTemplatesTable;
  task_templates: TaskTemplatesTable;
  section_templates: SectionTemplatesTable;
  task_recurrences: TaskRecurrencesTable;
  automation_marks: AutomationMarksTable;
  rules: RulesTable;
  rule_runs: RuleRunsTable;
  rule_event_origins: RuleEventOriginsTable;
  api_jobs: ApiJobsTable;
  crm_intakes: CrmIntakesTable;
  crm_leads: CrmLeadsTable;
  crm_intake_log: CrmIntakeLogTable;
  time_tracking_entries: TimeTrackingEntriesTable;
  time_tracking_timers: TimeTrackingTimersTable;
  imports: ImportsTable;
  import_keys: ImportKeysTable;
  workspace_exports: WorkspaceExportsTable;
  throttles: ThrottlesTable;
  workspace_deactivations: WorkspaceDeactivationsTable;
  project_stage_changes: ProjectStageChangesTable;
  trash_items: TrashItemsTable;
}

// A person's days out of office in a workspace (Asana's ooo_entries), both days included.
export interface OooEntriesTable {
  gid: number;
  workspace_gid: number;
  user_gid: number;
  start_date: string;
  end_date: string;
  created_by_gid: number | null;
  created_at: string;
}
