import type { WorkspaceExportsTable } from "../../db/schema.ts";

export function presentWorkspaceExport(row: WorkspaceExportsTable) {
  return {
    gid: String(row.gid),
    resource_type: "workspace_export",
    workspace: { gid: String(row.workspace_gid), resource_type: "workspace" },
    status: row.status,
    size: row.size,
    error: row.error,
    download_url: row.status === "succeeded" ? `/api/1.0/workspace_exports/${row.gid}/download` : null,
    created_at: row.created_at,
    finished_at: row.finished_at,
  };
}
