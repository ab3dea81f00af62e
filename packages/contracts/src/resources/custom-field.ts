import { z } from "zod";
import { Gid } from "../common.ts";
import { CustomFieldType, EnumOptionColor } from "../custom-fields.ts";
import { CustomFieldPermissions } from "../permissions.ts";
import { OPT_IN_PERMISSIONS, ProjectCompact, UserCompact } from "./shared.ts";

export const EnumOption = z
  .object({
    gid: Gid,
    resource_type: z.literal("enum_option"),
    name: z.string(),
    enabled: z.boolean(),
    color: EnumOptionColor,
  })
  .meta({ id: "EnumOption" });
export type EnumOption = z.infer<typeof EnumOption>;

// What every presentation of a field shares; the number settings appear on number fields only, the options on
// enum and multi_enum fields only.
const definition = {
  gid: Gid,
  resource_type: z.literal("custom_field"),
  name: z.string(),
  resource_subtype: CustomFieldType,
  type: CustomFieldType.describe("Asana's deprecated name of resource_subtype."),
  enabled: z.boolean(),
  is_formula_field: z.boolean(),
  is_value_read_only: z.boolean(),
  enum_options: z.array(EnumOption).optional().describe("enum and multi_enum fields only."),
};

const numberSettings = {
  precision: z.number().int().describe("Digits after the decimal point."),
  format: z.string().describe("none, percentage, currency, duration, custom or identifier."),
  currency_code: z.string().nullable(),
  custom_label: z.string().nullable(),
  custom_label_position: z.enum(["prefix", "suffix"]).nullable(),
  id_prefix: z
    .string()
    .nullable()
    .optional()
    .describe('A custom ID field\'s prefix: its tasks are numbered "<prefix>-1", "<prefix>-2", …'),
};

export const CustomFieldCompact = z
  .object({
    gid: Gid,
    resource_type: z.literal("custom_field"),
    name: z.string(),
    resource_subtype: CustomFieldType,
    type: CustomFieldType,
    enum_options: z.array(EnumOption).optional(),
    enabled: z.boolean(),
    permissions: CustomFieldPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "CustomFieldCompact" });
export type CustomFieldCompact = z.infer<typeof CustomFieldCompact>;

export const CustomField = z
  .object({
    ...definition,
    description: z.string(),
    ...numberSettings,
    precision: z.number().int().nullable().describe("Digits after the decimal point (number fields)."),
    is_global_to_workspace: z.boolean().describe("False for a field local to one project."),
    has_notifications_enabled: z.boolean(),
    asana_created_field: z.null(),
    representation_type: z.union([CustomFieldType, z.literal("custom_id")]),
    created_by: UserCompact.nullable(),
    is_secret: z.boolean(),
    reveal_access: z
      .enum(["editors", "admins", "people"])
      .optional()
      .describe("Takt, secret fields: who may reveal values (task editors, workspace admins, the people named)."),
    reveal_people: z.array(UserCompact).optional().describe("Takt, secret fields: the people who may reveal values."),
    project: ProjectCompact.nullable().describe("Takt: the project a project-local field belongs to."),
    permissions: CustomFieldPermissions.optional().describe(OPT_IN_PERMISSIONS),
  })
  .meta({ id: "CustomField" });
export type CustomField = z.infer<typeof CustomField>;

export const CustomFieldSetting = z
  .object({
    gid: Gid,
    resource_type: z.literal("custom_field_setting"),
    custom_field: CustomField.nullable(),
    is_important: z.boolean(),
    parent: ProjectCompact,
    project: ProjectCompact,
  })
  .meta({ id: "CustomFieldSetting" });
export type CustomFieldSetting = z.infer<typeof CustomFieldSetting>;

// A task's value of a field: the field's definition with the value key of its kind, and display_value (the
// value as text, null when unset). Secret values are masked.
export const CustomFieldValue = z
  .object({
    ...definition,
    ...z.object(numberSettings).partial().shape,
    is_secret: z.literal(true).optional().describe("secret fields only."),
    text_value: z.string().nullable().optional().describe("text and secret fields (a secret's is always null)."),
    number_value: z.number().nullable().optional().describe("number fields."),
    enum_value: EnumOption.nullable().optional().describe("enum fields."),
    multi_enum_values: z.array(EnumOption).optional().describe("multi_enum fields."),
    date_value: z
      .object({ date: z.string(), date_time: z.string().nullable() })
      .nullable()
      .optional()
      .describe("date fields."),
    people_value: z.array(UserCompact).optional().describe("people fields."),
    display_value: z.string().nullable(),
    permissions: CustomFieldPermissions.optional().describe(
      `${OPT_IN_PERMISSIONS}: set_value is for this task (opt_fields=custom_fields.permissions).`,
    ),
  })
  .meta({ id: "CustomFieldValue" });
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;

// Takt: a secret field's plain value, for people who may edit the task.
export const RevealedSecret = z
  .object({
    gid: Gid,
    resource_type: z.literal("custom_field"),
    name: z.string(),
    resource_subtype: z.literal("secret"),
    text_value: z.string().nullable(),
    display_value: z.string().nullable(),
  })
  .meta({ id: "RevealedSecret" });
export type RevealedSecret = z.infer<typeof RevealedSecret>;
