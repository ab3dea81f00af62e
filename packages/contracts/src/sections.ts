import { z } from "zod";
import { Gid } from "./common.ts";
import { GidString } from "./gid-string.ts";

// A section's name, as every endpoint that names a section accepts it (creating a project with its sections too).
export const SectionName = z.string().trim().min(1, "must not be empty").max(1024);

// Takt: a section that means "done" marks the tasks moved into it complete, and incomplete when they leave it.
const MarksComplete = z
  .boolean()
  .describe("Takt: tasks moved into this section are marked complete, and incomplete when moved out of it.");

export const CreateSectionBody = z.strictObject({
  name: SectionName,
  marks_complete: MarksComplete.optional(),
  insert_before: GidString.optional(),
  insert_after: GidString.optional(),
});
export type CreateSectionBody = z.infer<typeof CreateSectionBody>;

export const UpdateSectionBody = z.strictObject({
  name: SectionName.optional(),
  marks_complete: MarksComplete.optional(),
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
