import { z } from "zod";

// Request bodies of the custom field endpoints, in Asana's field names.
const Gid = z.string().min(1).max(40);
const Anchor = Gid.nullable().optional();

export const SUBTYPES = ["text", "number", "enum", "multi_enum", "date", "people", "secret"] as const;
export const FORMATS = ["none", "percentage", "currency", "duration", "custom", "identifier"] as const;
export const OPTION_COLORS = [
  "none",
  "red",
  "orange",
  "yellow-orange",
  "yellow",
  "yellow-green",
  "green",
  "blue-green",
  "aqua",
  "blue",
  "indigo",
  "purple",
  "magenta",
  "hot-pink",
  "pink",
  "cool-gray",
] as const;

const OptionName = z.string().trim().min(1).max(200);
const Color = z.enum(OPTION_COLORS);

export const EnumOptionBody = z.strictObject({
  name: OptionName,
  color: Color.optional(),
  enabled: z.boolean().optional(),
  insert_before: Anchor,
  insert_after: Anchor,
});

export const UpdateEnumOptionBody = z.strictObject({
  name: OptionName.optional(),
  color: Color.optional(),
  enabled: z.boolean().optional(),
});

export const InsertEnumOptionBody = z.strictObject({
  enum_option: Gid,
  before_enum_option: Anchor,
  after_enum_option: Anchor,
});

const FieldProps = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  precision: z.number().int().min(0).max(6).optional(),
  format: z.enum(FORMATS).optional(),
  currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR")
    .nullable()
    .optional(),
  custom_label: z.string().max(20).nullable().optional(),
  custom_label_position: z.enum(["prefix", "suffix"]).nullable().optional(),
  has_notifications_enabled: z.boolean().optional(),
  // Secret fields: who may reveal values — editors of the task, workspace admins, or the people named.
  reveal_access: z.enum(["editors", "admins", "people"]).optional(),
  reveal_people: z.array(Gid).max(100).optional(),
};

export const CreateFieldProps = {
  ...FieldProps,
  resource_subtype: z.enum(SUBTYPES),
  // Asana's deprecated spelling of resource_subtype.
  type: z.enum(SUBTYPES).optional(),
  enum_options: z
    .array(z.strictObject({ name: OptionName, color: Color.optional(), enabled: z.boolean().optional() }))
    .max(500)
    .optional(),
};

export const CreateFieldObject = z.strictObject(CreateFieldProps);
export type CreateFieldInput = z.infer<typeof CreateFieldObject>;

export const CreateCustomFieldBody = z.strictObject({ ...CreateFieldProps, workspace: Gid });
export type CreateCustomFieldInput = z.infer<typeof CreateCustomFieldBody>;

export const UpdateCustomFieldBody = z.strictObject({
  ...FieldProps,
  name: FieldProps.name.optional(),
  resource_subtype: z.enum(SUBTYPES).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateCustomFieldInput = z.infer<typeof UpdateCustomFieldBody>;

// custom_field: a library field's gid, or a new project-local field described inline (Asana takes both).
export const AddSettingBody = z.strictObject({
  custom_field: z.union([Gid, z.strictObject({ ...CreateFieldProps, workspace: Gid.optional() })]),
  is_important: z.boolean().optional(),
  insert_before: Anchor,
  insert_after: Anchor,
});

export const RemoveSettingBody = z.strictObject({ custom_field: Gid });
