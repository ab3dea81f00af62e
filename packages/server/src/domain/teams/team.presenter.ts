import type { TeamMembershipsTable, TeamsTable, UsersTable, WorkspacesTable } from "../../db/schema.ts";
import { plainToRichText } from "../rich-text.ts";
import { userRef } from "../users/user.presenter.ts";

export const TEAM_COMPACT = ["name"] as const;
export const TEAM_MEMBERSHIP_COMPACT = ["user", "team", "is_guest", "is_limited_access", "is_admin"] as const;

export function teamRef(team: Pick<TeamsTable, "gid" | "name"> | null | undefined) {
  return team ? { gid: String(team.gid), resource_type: "team", name: team.name } : null;
}

export function presentTeam(team: TeamsTable, workspace: Pick<WorkspacesTable, "gid" | "name">, baseUrl: string) {
  return {
    gid: String(team.gid),
    resource_type: "team",
    name: team.name,
    description: team.description,
    html_description: plainToRichText(team.description),
    organization: { gid: String(workspace.gid), resource_type: "workspace", name: workspace.name },
    permalink_url: `${baseUrl}/teams/${team.gid}`,
    visibility: team.visibility ?? "public",
    edit_team_name_or_description_access_level: team.edit_team_name_or_description_access_level ?? "only_team_admins",
    edit_team_visibility_or_trash_team_access_level:
      team.edit_team_visibility_or_trash_team_access_level ?? "only_team_admins",
    member_invite_management_access_level: team.member_invite_management_access_level ?? "only_team_admins",
    join_request_management_access_level: team.join_request_management_access_level ?? "only_team_admins",
    team_member_removal_access_level: team.team_member_removal_access_level ?? "only_team_admins",
  };
}

export function presentTeamMembership(
  membership: Pick<TeamMembershipsTable, "gid" | "is_admin">,
  team: Pick<TeamsTable, "gid" | "name">,
  user: Pick<UsersTable, "gid" | "name">,
) {
  return {
    gid: String(membership.gid),
    resource_type: "team_membership",
    user: userRef(user),
    team: teamRef(team),
    is_guest: false,
    is_limited_access: false,
    is_admin: membership.is_admin === 1,
  };
}

export function presentJoinRequest(row: {
  gid: number;
  team_gid: number;
  team_name: string;
  user_gid: number;
  user_name: string;
  user_email: string;
  message: string;
  status: "pending" | "approved" | "declined";
  created_at: string;
  decided_at: string | null;
}) {
  return {
    gid: String(row.gid),
    resource_type: "team_join_request",
    team: { gid: String(row.team_gid), resource_type: "team", name: row.team_name },
    user: { gid: String(row.user_gid), resource_type: "user", name: row.user_name, email: row.user_email },
    message: row.message,
    status: row.status,
    created_at: row.created_at,
    decided_at: row.decided_at,
  };
}
