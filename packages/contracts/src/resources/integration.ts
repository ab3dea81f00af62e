import { z } from "zod";
import { Gid } from "../common.ts";
import { DateTime, ProjectCompact } from "./shared.ts";

// A problem or note of an import: a stable code with its values (for a client that words it in its reader's
// language) and its English wording.
export const ImportProblem = z
  .object({
    code: z.string().describe("e.g. `trello_card_without_id`, `csv_bad_due`, `trello_files_linked`."),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    message: z.string(),
  })
  .meta({ id: "ImportProblem" });
export type ImportProblem = z.infer<typeof ImportProblem>;

export const Import = z
  .object({
    gid: Gid,
    resource_type: z.literal("import"),
    source: z.enum(["trello", "asana", "csv", "asana_api", "telegram", "slack"]),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    progress: z.number().int().min(0).max(100).describe("Percent done while running; 100 once finished."),
    file_name: z.string(),
    workspace: z.object({ gid: Gid, resource_type: z.literal("workspace") }),
    team: z.object({ gid: Gid, resource_type: z.literal("team") }).nullable(),
    project: ProjectCompact.nullable().describe("The project made, once it exists."),
    counts: z.record(z.string(), z.number()).describe("What was imported, by kind."),
    problems: z.array(z.string()).describe("Why it failed, or what it left out or changed, in English."),
    problem_details: z.array(ImportProblem).describe("The same problems, each with its code and values."),
    created_by: z.object({ gid: Gid, resource_type: z.literal("user") }),
    created_at: DateTime,
    started_at: DateTime.nullable(),
    finished_at: DateTime.nullable(),
  })
  .meta({ id: "Import", description: "Takt: an import from Trello, Asana or a CSV file." });
export type Import = z.infer<typeof Import>;

export const WorkspaceExport = z
  .object({
    gid: Gid,
    resource_type: z.literal("workspace_export"),
    workspace: z.object({ gid: Gid, resource_type: z.literal("workspace") }),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    size: z.number().int().nullable(),
    error: z.string().nullable(),
    download_url: z.string().nullable(),
    created_at: DateTime,
    finished_at: DateTime.nullable(),
  })
  .meta({ id: "WorkspaceExport" });
export type WorkspaceExport = z.infer<typeof WorkspaceExport>;

export const CrmIntake = z
  .object({
    gid: Gid,
    resource_type: z.literal("crm_intake"),
    name: z.string(),
    url: z.string().nullable().describe("The secret URL to post leads to: only when created or rotated."),
    token_prefix: z.string(),
    workspace: z.object({ gid: Gid, resource_type: z.literal("workspace") }),
    mappings: z.array(
      z.object({
        pipeline_id: z.string(),
        status_id: z.string(),
        project_template: z.object({ gid: Gid, resource_type: z.literal("project_template") }),
        team: z.object({ gid: Gid, resource_type: z.literal("team") }).nullable(),
        name_pattern: z.string(),
      }),
    ),
    created_by: z.object({ gid: Gid, resource_type: z.literal("user") }).nullable(),
    created_at: DateTime,
    modified_at: DateTime,
  })
  .meta({ id: "CrmIntake", description: "Takt: a CRM lead intake endpoint." });
export type CrmIntake = z.infer<typeof CrmIntake>;

export const CrmIntakeCompact = CrmIntake.pick({ gid: true, resource_type: true, name: true, token_prefix: true }).meta(
  {
    id: "CrmIntakeCompact",
  },
);
export type CrmIntakeCompact = z.infer<typeof CrmIntakeCompact>;

const Outcome = z.enum(["created", "duplicate", "ignored", "failed", "rejected"]);
const LeadResult = z.object({
  lead_id: z.string(),
  outcome: Outcome,
  message: z.string(),
  project: ProjectCompact.optional(),
});

export const CrmIntakeLogEntry = z
  .object({
    gid: Gid,
    resource_type: z.literal("crm_intake_log_entry"),
    outcome: Outcome,
    message: z.string(),
    results: z.array(LeadResult),
    content_type: z.string(),
    payload: z.string(),
    created_at: DateTime,
  })
  .meta({ id: "CrmIntakeLogEntry" });
export type CrmIntakeLogEntry = z.infer<typeof CrmIntakeLogEntry>;

export const CrmIntakeReceipt = z
  .object({
    resource_type: z.literal("crm_intake_receipt"),
    outcome: Outcome,
    message: z.string(),
    results: z.array(LeadResult),
  })
  .meta({ id: "CrmIntakeReceipt" });
export type CrmIntakeReceipt = z.infer<typeof CrmIntakeReceipt>;
