import type { WorkspacesTable } from "../../db/schema.ts";

export function presentWorkspace(workspace: WorkspacesTable) {
  return {
    gid: String(workspace.gid),
    resource_type: "workspace",
    name: workspace.name,
    is_organization: workspace.is_organization === 1,
    email_domains: JSON.parse(workspace.email_domains) as string[],
  };
}
