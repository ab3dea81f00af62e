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
    // Every full member of the workspace sees every team.
    visibility: "public",
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
