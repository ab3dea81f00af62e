import type { AccessLevel, ProjectsTable, StatusUpdatesTable } from "../../db/schema.ts";
import { statusUpdateRef } from "../status-updates/status-update.presenter.ts";
import { teamRef } from "../teams/team.presenter.ts";
import { userRef } from "../users/user.presenter.ts";

export const PROJECT_COMPACT = ["name"] as const;
export const PROJECT_MEMBERSHIP_COMPACT = ["parent", "member", "user", "access_level"] as const;

interface Named {
  gid: number;
  name: string;
}

// The rows a project's record refers to, loaded in batches by project.queries.ts.
export interface ProjectRefs {
  workspace: Named;
  team: Named | null;
  owner: Named | null;
  members: Named[];
  // The latest status update (status-updates area), compact.
  currentStatusUpdate?: Pick<StatusUpdatesTable, "gid" | "title" | "status_type"> | null;
  // The project's brief, when it has one.
  brief?: number | null;
}

export function projectRef(project: Pick<ProjectsTable, "gid" | "name">) {
  return { gid: String(project.gid), resource_type: "project", name: project.name };
}

export function presentProject(project: ProjectsTable, refs: ProjectRefs, baseUrl: string) {
  const members = refs.members.map((member) => userRef(member));
  return {
    gid: String(project.gid),
    resource_type: "project",
    name: project.name,
    archived: project.archived === 1,
    color: project.color,
    created_at: project.created_at,
    modified_at: project.modified_at,
    current_status: null,
    current_status_update: refs.currentStatusUpdate ? statusUpdateRef(refs.currentStatusUpdate) : null,
    default_view: project.default_view,
    due_on: project.due_on,
    due_date: project.due_on,
    start_on: project.start_on,
    notes: project.notes,
    html_notes: project.html_notes,
    owner: userRef(refs.owner),
    team: teamRef(refs.team),
    workspace: { gid: String(refs.workspace.gid), resource_type: "workspace", name: refs.workspace.name },
    members,
    // Following a project is the same as being its member in Takt.
    followers: members,
    privacy_setting: project.privacy_setting,
    // Scrum (Takt): backlog and sprints are on (POST /projects/{gid}/scrum).
    scrum_enabled: project.scrum_enabled === 1,
    public: project.privacy_setting === "public_to_workspace",
    permalink_url: `${baseUrl}/projects/${project.gid}`,
    completed: project.completed === 1,
    completed_at: project.completed_at ?? null,
    completed_by: project.completed_by_gid ? { gid: String(project.completed_by_gid), resource_type: "user" } : null,
    icon: project.icon ?? null,
    default_access_level: project.default_access_level ?? "editor",
    // Takt's fixed rules: editors change the project's fields and share it.
    minimum_access_level_for_customization: "editor",
    minimum_access_level_for_sharing: "editor",
    // Takt keeps no project-level custom field values; a project's fields are its custom_field_settings.
    custom_fields: [],
    created_from_template: null,
    project_brief: refs.brief ? { gid: String(refs.brief), resource_type: "project_brief" } : null,
  };
}

export interface MembershipRow {
  gid: number;
  access_level: AccessLevel;
  project_gid: number;
  project_name: string;
  user_gid: number;
  user_name: string;
}

export function presentProjectMembership(row: MembershipRow) {
  const project = projectRef({ gid: row.project_gid, name: row.project_name });
  const user = userRef({ gid: row.user_gid, name: row.user_name });
  return {
    gid: String(row.gid),
    resource_type: "project_membership",
    resource_subtype: "project_membership",
    parent: project,
    project,
    member: user,
    user,
    access_level: row.access_level,
    write_access: row.access_level === "admin" || row.access_level === "editor" ? "full_write" : "comment_only",
  };
}
