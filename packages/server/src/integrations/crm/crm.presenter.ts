import type { CrmIntakeLogTable, CrmIntakesTable } from "../../db/schema.ts";
import { parseMappings } from "./crm.mappings.ts";

export const INTAKE_COMPACT = ["name", "token_prefix"] as const;

export const intakePath = (token: string) => `/api/1.0/crm/intake/${token}`;

// The secret URL is in one answer only, the one that made the token (create, rotate): `token` is given there.
// Every other answer has url null and the token's first characters, to tell intakes apart.
export function presentIntake(intake: CrmIntakesTable, token?: string) {
  return {
    gid: String(intake.gid),
    resource_type: "crm_intake",
    name: intake.name,
    url: token ? intakePath(token) : null,
    token_prefix: intake.token_prefix,
    workspace: { gid: String(intake.workspace_gid), resource_type: "workspace" },
    mappings: parseMappings(intake.mappings).map((mapping) => ({
      pipeline_id: mapping.pipeline_id,
      status_id: mapping.status_id,
      project_template: { gid: mapping.project_template, resource_type: "project_template" },
      team: mapping.team ? { gid: mapping.team, resource_type: "team" } : null,
      name_pattern: mapping.name_pattern,
    })),
    created_by: intake.created_by_gid ? { gid: String(intake.created_by_gid), resource_type: "user" } : null,
    created_at: intake.created_at,
    modified_at: intake.modified_at,
  };
}

export function presentLogEntry(row: CrmIntakeLogTable) {
  return {
    gid: String(row.gid),
    resource_type: "crm_intake_log_entry",
    outcome: row.outcome,
    message: row.message,
    results: JSON.parse(row.results) as unknown[],
    content_type: row.content_type,
    payload: row.payload,
    created_at: row.created_at,
  };
}
