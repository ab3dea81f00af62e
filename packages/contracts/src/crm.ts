import { z } from "zod";
import { Gid } from "./common.ts";

// CRM lead intake (Takt extension): a secret URL a CRM posts leads to; each mapping turns a lead in a pipeline
// status into a project made from a template.

// amoCRM ids arrive as numbers in JSON and as strings in forms; the server keeps both as strings.
export const CrmId = z.union(
  [z.string().trim().min(1).max(64), z.number().int().nonnegative()],
  "must be a CRM id (a string or number)",
);

export const CrmMapping = z.strictObject({
  pipeline_id: CrmId,
  status_id: CrmId,
  project_template: Gid,
  team: Gid.nullish(),
  name_pattern: z.string().trim().min(1).max(255).default("{lead.name}"),
});
export type CrmMapping = z.infer<typeof CrmMapping>;

const IntakeName = z.string().trim().min(1, "must not be empty").max(255);

export const CreateCrmIntakeBody = z.strictObject({
  name: IntakeName,
  mappings: z.array(CrmMapping).max(50).default([]),
});
export type CreateCrmIntakeBody = z.infer<typeof CreateCrmIntakeBody>;

export const UpdateCrmIntakeBody = z.strictObject({
  name: IntakeName.optional(),
  mappings: z.array(CrmMapping).max(50).optional(),
});
export type UpdateCrmIntakeBody = z.infer<typeof UpdateCrmIntakeBody>;

export const CrmWorkspaceParams = z.object({ workspace_gid: Gid });
export const CrmIntakeParams = z.object({ crm_intake_gid: Gid });
export const CrmIntakeTokenParams = z.object({ token: z.string() });
