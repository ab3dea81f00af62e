import { z } from "zod";
import { Gid } from "./common.ts";
import { GidString } from "./gid-string.ts";

// A section's name, as every endpoint that names a section accepts it (creating a project with its sections too).
export const SectionName = z.string().trim().min(1, "must not be empty").max(1024);

export const CreateSectionBody = z.strictObject({
  name: SectionName,
  insert_before: GidString.optional(),
  insert_after: GidString.optional(),
});
export type CreateSectionBody = z.infer<typeof CreateSectionBody>;

export const UpdateSectionBody = z.strictObject({
  name: SectionName.optional(),
  insert_before: GidString.optional(),
  insert_after: GidString.optional(),
});
export type UpdateSectionBody = z.infer<typeof UpdateSectionBody>;

export const InsertSectionBody = z.strictObject({
  section: GidString,
  before_section: GidString.optional(),
  after_section: GidString.optional(),
});
export type InsertSectionBody = z.infer<typeof InsertSectionBody>;

export const SectionPathParams = z.object({ section_gid: Gid });
