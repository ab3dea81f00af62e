import type * as C from "@takt/contracts";
import type { Answer } from "../../api/types";

export type FieldSubtype = C.CustomFieldType;
export type NumberFormat = NonNullable<C.CustomFieldDefinition["format"]>;
// Secret fields: who may reveal values — editors of the task, workspace admins, or the people named.
export type RevealAccess = NonNullable<C.CustomFieldDefinition["reveal_access"]>;
export const REVEAL_ACCESS: RevealAccess[] = ["editors", "admins", "people"];

export type EnumOption = C.EnumOption;

// A field's definition as a project's field settings answer it (SETTING_FIELDS), with what the caller may do.
export type CustomField = Answer<
  C.CustomField,
  "name" | "resource_subtype",
  "type" | "enum_options" | "precision" | "format" | "currency_code" | "description" | "permissions"
>;

// A field as it appears on a task: the definition plus Asana's typed value slots. is_set is the app's own mark of
// a secret changed here before the server's answer (whose display_value is masked).
export type FieldValue = CustomField &
  Partial<
    Pick<
      C.CustomFieldValue,
      | "display_value"
      | "text_value"
      | "number_value"
      | "enum_value"
      | "multi_enum_values"
      | "date_value"
      | "people_value"
    >
  > & { is_set?: boolean };

export type FieldSetting = Answer<C.CustomFieldSetting, "is_important"> & { custom_field: CustomField };

export const FIELD_TYPES: FieldSubtype[] = ["enum", "multi_enum", "text", "number", "date", "people", "secret"];

export function subtypeOf(field: CustomField): FieldSubtype {
  return (field.resource_subtype ?? field.type ?? "text") as FieldSubtype;
}
