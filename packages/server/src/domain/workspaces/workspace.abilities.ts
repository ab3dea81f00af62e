import type { WorkspacePermissions } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { Actor } from "../context.ts";
import { mayCreateProject } from "../projects/project.policy.ts";
import { workspacesWithPeopleReport } from "../reports/report.policy.ts";
import { isFullMember, isWorkspaceAdmin, workspaceRoles } from "./workspace.policy.ts";
import { firstWorkspaceGid } from "./workspace.queries.ts";

// What the actor may do in each of the given workspaces (absent: not a member), from the same rules the routes
// enforce: creating projects and importing (authorizeProjectCreate), teams (authorizeTeamCreate), reports,
// templates and workspace webhooks (requireFullMember), members, export, audit log and CRM (requireWorkspaceAdmin),
// the people report (reportableProjects), search (any member), the server (requireServerAdmin). Five queries at
// most.
export async function workspacePermissions(
  db: Db,
  actor: Actor,
  workspaceGids: number[],
): Promise<Map<number, WorkspacePermissions>> {
  const result = new Map<number, WorkspacePermissions>();
  if (workspaceGids.length === 0) return result;
  const roles = await workspaceRoles(db, actor, workspaceGids);
  const peopleReport = await workspacesWithPeopleReport(db, actor, [...roles.keys()]);
  const serverWorkspace = await firstWorkspaceGid(db);
  for (const [gid, role] of roles) {
    const admin = isWorkspaceAdmin(role);
    const fullMember = isFullMember(role);
    result.set(gid, {
      role,
      create_projects: mayCreateProject(role),
      create_teams: fullMember,
      manage_members: admin,
      view_reports: fullMember,
      view_people_report: peopleReport.has(gid),
      manage_templates: fullMember,
      manage_webhooks: fullMember,
      import_data: mayCreateProject(role),
      export_workspace: admin,
      view_audit_log: admin,
      manage_server: admin && gid === serverWorkspace,
      use_crm: admin,
      search: true,
      // GET /workspaces/{gid}/users and /tags (requireFullMember).
      browse_directory: fullMember,
      view_billing: admin,
      view_portfolios: fullMember,
    });
  }
  return result;
}
