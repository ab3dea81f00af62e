import type { CustomFieldDefinition } from "@takt/contracts";
import { useQuery } from "@tanstack/react-query";
import { api, type BodyOf } from "../../api/client";
import type { TaskRow } from "../../api/types";
import type { CustomField, EnumOption, FieldSetting, FieldValue } from "./types";

const FIELD_OPT = "name,resource_subtype,type,enum_options,precision,format,currency_code,description";
// A project's field settings carry what the caller may do with each field (`custom_field.permissions`).
export const SETTING_FIELDS = `is_important,${[...FIELD_OPT.split(","), "permissions"]
  .map((name) => `custom_field.${name}`)
  .join(",")}`;

export const fieldKeys = {
  allSettings: ["field-settings"] as const,
  settings: (project: string) => ["field-settings", project] as const,
  library: (workspace: string) => ["custom-fields", workspace] as const,
};

export function useFieldSettings(projectGid: string | undefined) {
  return useQuery({
    queryKey: fieldKeys.settings(projectGid ?? ""),
    enabled: !!projectGid,
    queryFn: () =>
      api.all<FieldSetting>(`/projects/${projectGid}/custom_field_settings`, { opt_fields: SETTING_FIELDS }),
    staleTime: 60_000,
    meta: { silent: true },
  });
}

export function useFieldLibrary(workspace: string | undefined) {
  return useQuery({
    queryKey: fieldKeys.library(workspace ?? ""),
    enabled: !!workspace,
    queryFn: () => api.all<CustomField>(`/workspaces/${workspace}/custom_fields`, { opt_fields: FIELD_OPT }),
    staleTime: 60_000,
    meta: { silent: true },
  });
}

// A new field as the contract describes it, and whether its value shows on cards.
export type NewField = BodyOf<typeof CustomFieldDefinition> & { is_important?: boolean };

// The value Asana's API takes for each field type in `custom_fields: {gid: value}`.
export type RawValue = string | number | string[] | { date: string } | null;

// The typed slot a value fills on the task, for an optimistic update.
export function applyRaw(field: FieldValue, raw: RawValue, people?: { gid: string; name: string }[]): FieldValue {
  const options = field.enum_options ?? [];
  const next: FieldValue = { ...field };
  switch (field.resource_subtype) {
    case "number":
      next.number_value = typeof raw === "number" ? raw : null;
      break;
    case "text":
      next.text_value = typeof raw === "string" ? raw : null;
      break;
    case "enum":
      next.enum_value = options.find((option) => option.gid === raw) ?? null;
      break;
    case "multi_enum":
      next.multi_enum_values = Array.isArray(raw)
        ? (raw.map((gid) => options.find((option) => option.gid === gid)).filter(Boolean) as EnumOption[])
        : [];
      break;
    case "date":
      next.date_value =
        raw && typeof raw === "object" && !Array.isArray(raw) ? { date: raw.date, date_time: null } : null;
      break;
    case "people":
      next.people_value = Array.isArray(raw)
        ? (people ?? [])
            .filter((person) => raw.includes(person.gid))
            .map((person) => ({ gid: person.gid, resource_type: "user" as const, name: person.name }))
        : [];
      break;
    case "secret":
      next.is_set = raw !== null && raw !== "";
      next.display_value = next.is_set ? "••••••••" : null;
      break;
  }
  return next;
}

export function fieldsOf(task: Partial<TaskRow>): FieldValue[] {
  return ((task as { custom_fields?: FieldValue[] }).custom_fields ?? []) as FieldValue[];
}
