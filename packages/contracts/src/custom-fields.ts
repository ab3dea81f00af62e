import { z } from "zod";
import { Gid } from "./common.ts";

// Request bodies of the custom field endpoints, in Asana's field names.

export const CustomFieldType = z
  .enum(["text", "number", "enum", "multi_enum", "date", "people", "secret"])
  .meta({ id: "CustomFieldType", description: "The kind of a custom field; secret (Takt) holds an encrypted value." });
export type CustomFieldType = z.infer<typeof CustomFieldType>;

export const CustomFieldFormat = z
  .enum(["none", "percentage", "currency", "duration", "custom", "identifier"])
  .meta({ id: "CustomFieldFormat", description: "How a number field's values are displayed." });
export type CustomFieldFormat = z.infer<typeof CustomFieldFormat>;

export const EnumOptionColor = z
  .enum([
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
  ])
  .meta({ id: "EnumOptionColor" });
export type EnumOptionColor = z.infer<typeof EnumOptionColor>;

const Anchor = Gid.nullable().optional();
const OptionName = z.string().trim().min(1).max(200);

export const CreateEnumOptionBody = z.strictObject({
  name: OptionName,
  color: EnumOptionColor.optional(),
  enabled: z.boolean().optional(),
  insert_before: Anchor,
  insert_after: Anchor,
});
export type CreateEnumOptionBody = z.infer<typeof CreateEnumOptionBody>;

export const UpdateEnumOptionBody = z.strictObject({
  name: OptionName.optional(),
  color: EnumOptionColor.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateEnumOptionBody = z.infer<typeof UpdateEnumOptionBody>;

export const InsertEnumOptionBody = z.strictObject({
  enum_option: Gid,
  before_enum_option: Anchor,
  after_enum_option: Anchor,
});
export type InsertEnumOptionBody = z.infer<typeof InsertEnumOptionBody>;

const FieldProps = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  precision: z.number().int().min(0).max(6).optional(),
  format: CustomFieldFormat.optional(),
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

const DefinitionProps = {
  ...FieldProps,
  resource_subtype: CustomFieldType,
  // Asana's deprecated spelling of resource_subtype.
  type: CustomFieldType.optional(),
  // A custom ID field: a number field whose tasks are numbered in turn, shown as "<prefix>-<number>" ("BUG-12").
  id_prefix: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,9}$/, "must be 1 to 10 letters or digits, starting with a letter, such as BUG")
    .nullable()
    .optional(),
  enum_options: z
    .array(z.strictObject({ name: OptionName, color: EnumOptionColor.optional(), enabled: z.boolean().optional() }))
    .max(500)
    .optional(),
};

// A new field's definition, wherever it is made (the workspace library, or inline on a project).
export const CustomFieldDefinition = z.strictObject(DefinitionProps);
export type CustomFieldDefinition = z.infer<typeof CustomFieldDefinition>;

export const CreateCustomFieldBody = z.strictObject({ ...DefinitionProps, workspace: Gid });
export type CreateCustomFieldBody = z.infer<typeof CreateCustomFieldBody>;

export const UpdateCustomFieldBody = z.strictObject({
  ...FieldProps,
  name: FieldProps.name.optional(),
  resource_subtype: CustomFieldType.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateCustomFieldBody = z.infer<typeof UpdateCustomFieldBody>;

// custom_field: a library field's gid, or a new project-local field described inline (Asana takes both).
export const AddCustomFieldSettingBody = z.strictObject({
  custom_field: z.union([Gid, z.strictObject({ ...DefinitionProps, workspace: Gid.optional() })]),
  is_important: z.boolean().optional(),
  insert_before: Anchor,
  insert_after: Anchor,
});
export type AddCustomFieldSettingBody = z.infer<typeof AddCustomFieldSettingBody>;

export const RemoveCustomFieldSettingBody = z.strictObject({ custom_field: Gid });

export const CustomFieldPathParams = z.object({ custom_field_gid: Gid });
export const EnumOptionPathParams = z.object({ enum_option_gid: Gid });
export const TaskCustomFieldPathParams = z.object({ task_gid: Gid, custom_field_gid: Gid });
