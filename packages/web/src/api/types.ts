import type * as C from "@takt/contracts";

/**
 * The app's view of the API's answers, inferred from @takt/contracts (the schemas the server answers by). An answer
 * holds the fields opt_fields asked for: each type below names those fields, typed as the contract types them. The
 * optional ones are asked for in some places only, or left out by stand-ins made for an optimistic change.
 */
export type Answer<T, Asked extends keyof T, Sometimes extends keyof T = never> = Pick<
  T,
  Extract<"gid", keyof T> | Asked
> &
  Partial<Pick<T, Sometimes | Extract<"resource_type", keyof T>>>;

// Web-only: a named reference as the app makes one (a picked person, a stand-in's project); every compact
// reference the server sends is one.
export interface Ref {
  gid: string;
  resource_type?: string;
  name: string;
}

// A reference the reader may not see comes by gid alone, without its name.
export type MaybeNamed = Omit<Ref, "name"> & { name?: string | null };

export type Workspace = Answer<C.Workspace, "name", "permissions">;

export type EmailNotifications = C.EmailNotifications;

// The signed-in person, with their workspaces (and what they may do in each).
export type Me = Answer<C.User, "name" | "email" | "language" | "photo", "email_notifications"> & {
  workspaces: Workspace[];
};

export type User = Answer<C.User, "name", "email">;

export type Team = Answer<C.Team, "name", "description" | "visibility">;

export type Project = Answer<
  C.Project,
  "name",
  | "color"
  | "archived"
  | "privacy_setting"
  | "default_view"
  | "team"
  | "notes"
  | "owner"
  | "scrum_enabled"
  | "permissions"
>;

export type Section = Answer<C.Section, "name", "permissions" | "marks_complete">;

// A stand-in's membership names its project and section without their resource types.
export interface Membership {
  project: Ref;
  section: Ref | null;
}

export type TaskRow = Answer<
  C.Task,
  "name" | "completed" | "due_on",
  | "start_on"
  | "num_subtasks"
  | "num_comments"
  | "projects"
  | "created_at"
  | "resource_subtype"
  | "approval_status"
  | "custom_fields"
  | "tags"
  | "dependencies"
  | "dependents"
  | "permissions"
> & {
  assignee: Ref | null;
  memberships?: Membership[];
  parent?: MaybeNamed | null;
};

export type TaskDetail = TaskRow &
  Partial<Pick<C.Task, "notes" | "html_notes" | "modified_at" | "workspace">> & {
    followers?: Ref[];
    created_by?: { gid: string; name?: string } | null;
  };

export type Story = Answer<
  C.Story,
  "created_at" | "type" | "resource_subtype" | "text",
  | "html_text"
  | "old_name"
  | "new_name"
  | "new_dates"
  | "new_display_value"
  | "new_resource_subtype"
  | "new_approval_status"
  | "duration_minutes"
  | "is_editable"
  | "is_edited"
  | "liked"
  | "num_likes"
  | "likes"
> & {
  created_by: Ref | null;
  // Structured fields of a system story; a reference the reader may not see has no name.
  new_section?: MaybeNamed | null;
  old_section?: MaybeNamed | null;
  assignee?: MaybeNamed | null;
  project?: MaybeNamed | null;
  task?: MaybeNamed | null;
  follower?: MaybeNamed | null;
  dependency?: MaybeNamed | null;
  custom_field?: MaybeNamed | null;
  // A rule's story: the rule (no name when its project is private to the reader) and what it did.
  rule?: MaybeNamed | null;
  rule_steps?: C.RuleStep[];
};

export type AccessToken = Answer<C.PersonalAccessToken, "name" | "hint" | "created_at" | "last_used_at", "token">;

// Where a task placed in a section now sits (the realtime message's `placement`): the tasks just before and after
// it; null when there is none, absent when the reader does not see that task.
export interface LivePlacement {
  section: string;
  after?: string | null;
  before?: string | null;
}

// What the socket pushes: the events API's shape, and where a placed task now sits.
export type RealtimeEvent = Pick<C.Event, "user" | "created_at" | "action" | "resource" | "parent" | "change"> & {
  placement?: LivePlacement;
};
