import { z } from "zod";

const Gid = z.string().regex(/^\d{1,19}$/, "must be a gid (a string of digits)");
// amoCRM ids arrive as numbers in JSON and as strings in forms; both are kept as strings.
const CrmId = z
  .union([z.string().trim().min(1).max(64), z.number().int().nonnegative()], "must be a CRM id (a string or number)")
  .transform(String);

export const Mapping = z.strictObject({
  pipeline_id: CrmId,
  status_id: CrmId,
  project_template: Gid,
  team: Gid.nullish(),
  name_pattern: z.string().trim().min(1).max(255).default("{lead.name}"),
});
export type Mapping = z.infer<typeof Mapping>;

export const CreateIntakeBody = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(255),
  mappings: z.array(Mapping).max(50).default([]),
});

export const UpdateIntakeBody = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(255).optional(),
  mappings: z.array(Mapping).max(50).optional(),
});

export const parseMappings = (text: string) => JSON.parse(text) as Mapping[];
