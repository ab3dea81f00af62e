import type { Ref } from "../../api/types";

export type FieldSubtype = "text" | "number" | "enum" | "multi_enum" | "date" | "people" | "secret";
export type NumberFormat = "none" | "percentage" | "currency" | "duration" | "custom";
// Secret fields: who may reveal values — editors of the task, workspace admins, or the people named.
export type RevealAccess = "editors" | "admins" | "people";
export const REVEAL_ACCESS: RevealAccess[] = ["editors", "admins", "people"];

export interface EnumOption {
  gid: string;
  name: string;
  color: string;
  enabled?: boolean;
}

export interface CustomField {
  gid: string;
  name: string;
  resource_subtype: FieldSubtype;
  type?: FieldSubtype;
  description?: string;
  enum_options?: EnumOption[];
  precision?: number;
  format?: NumberFormat;
  currency_code?: string | null;
}

// A field as it appears on a task: the definition plus Asana's typed value slots.
export interface FieldValue extends CustomField {
  display_value?: string | null;
  text_value?: string | null;
  number_value?: number | null;
  enum_value?: EnumOption | null;
  multi_enum_values?: EnumOption[];
  date_value?: { date: string; date_time?: string | null } | null;
  people_value?: Ref[];
  is_set?: boolean;
}

export interface FieldSetting {
  gid: string;
  is_important: boolean;
  custom_field: CustomField;
}

export const FIELD_TYPES: FieldSubtype[] = ["enum", "multi_enum", "text", "number", "date", "people", "secret"];

export function subtypeOf(field: CustomField): FieldSubtype {
  return (field.resource_subtype ?? field.type ?? "text") as FieldSubtype;
}
