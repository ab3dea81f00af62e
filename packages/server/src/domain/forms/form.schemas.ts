import { z } from "zod";

const FieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "must be lowercase letters, digits and _ (up to 40), starting with a letter");

// A form field; maps_to says where the answer goes in the task (others are listed in its notes); a field
// mapped to a custom field names it (a field set on the form's project) in custom_field.
export const FormField = z.strictObject({
  key: FieldKey.optional(),
  label: z.string().trim().min(1).max(200),
  type: z.enum(["text", "textarea", "email", "number", "date", "select"]),
  required: z.boolean().optional(),
  options: z.array(z.string().trim().min(1).max(200)).min(1).max(50).optional(),
  maps_to: z.enum(["name", "notes", "none", "custom_field"]).optional(),
  custom_field: z
    .string()
    .regex(/^\d{1,19}$/, "must be a custom field gid (a string of digits)")
    .optional(),
});
export type FormFieldInput = z.infer<typeof FormField>;
// custom_field is absent on fields stored before custom-field mapping existed.
export type StoredField = Required<Omit<FormFieldInput, "options" | "custom_field">> & {
  options: string[] | null;
  custom_field?: string | null;
};

const FormBody = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).optional(),
  fields: z.array(FormField).min(1).max(30),
  target_section: z.string().min(1).max(40).nullable().optional(),
  access: z.enum(["project_guests", "public_link"]).optional(),
  allow_attachments: z.boolean().optional(),
  active: z.boolean().optional(),
};
export const CreateFormBody = z.strictObject(FormBody);
export const UpdateFormBody = z.strictObject(FormBody).partial();
export type CreateFormInput = z.infer<typeof CreateFormBody>;
export type UpdateFormInput = z.infer<typeof UpdateFormBody>;

// website is the honeypot: people never see it, so a value there means a bot filled the form.
export const SubmitBody = z.strictObject({
  values: z.record(z.string().max(40), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])),
  name: z.string().trim().max(200).optional(),
  email: z.email().max(320).optional(),
  fill_token: z.string().max(500),
  website: z.string().max(500).optional(),
});
export type SubmitInput = z.infer<typeof SubmitBody>;
