import { z } from "zod";
import { Gid } from "./common.ts";

// Request forms (Takt extension): a project's editors publish them; guests of the project, or anyone with the
// link, fill them in; each submission becomes a task.

const FormFieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "must be lowercase letters, digits and _ (up to 40), starting with a letter");

export const FORM_FIELD_TYPES = ["text", "textarea", "email", "number", "date", "select"] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

// Where an answer goes in the task; answers not mapped to the name or a custom field are listed in its notes.
export const FORM_FIELD_TARGETS = ["name", "notes", "none", "custom_field"] as const;
export type FormFieldTarget = (typeof FORM_FIELD_TARGETS)[number];

export const FORM_ACCESS = ["project_guests", "public_link"] as const;
export type FormAccess = (typeof FORM_ACCESS)[number];

// A field mapped to a custom field names it (a field set on the form's project) in custom_field.
export const FormField = z.strictObject({
  key: FormFieldKey.optional(),
  label: z.string().trim().min(1).max(200),
  type: z.enum(FORM_FIELD_TYPES),
  required: z.boolean().optional(),
  options: z.array(z.string().trim().min(1).max(200)).min(1).max(50).optional(),
  maps_to: z.enum(FORM_FIELD_TARGETS).optional(),
  custom_field: z
    .string()
    .regex(/^\d{1,19}$/, "must be a custom field gid (a string of digits)")
    .optional(),
});
export type FormField = z.infer<typeof FormField>;

const FormFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).optional(),
  fields: z.array(FormField).min(1).max(30),
  target_section: z.string().min(1).max(40).nullable().optional(),
  access: z.enum(FORM_ACCESS).optional(),
  allow_attachments: z.boolean().optional(),
  active: z.boolean().optional(),
};
export const CreateFormBody = z.strictObject(FormFields);
export type CreateFormBody = z.infer<typeof CreateFormBody>;
export const UpdateFormBody = z.strictObject(FormFields).partial();
export type UpdateFormBody = z.infer<typeof UpdateFormBody>;

// A submission: JSON, or the text parts of a multipart/form-data body with files (values then is a JSON string).
// website is the honeypot: people never see it, so a value there means a bot filled the form.
export const FormSubmissionBody = z.strictObject({
  values: z.record(z.string().max(40), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])),
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional(),
  fill_token: z.string().max(500),
  website: z.string().max(500).optional(),
});
export type FormSubmissionBody = z.infer<typeof FormSubmissionBody>;

export const FormProjectParams = z.object({ project_gid: Gid });
export const FormParams = z.object({ form_gid: Gid });
