import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api } from "../../api/client";
import { keys, patchTaskEverywhere } from "../../api/queries";
import type { TaskRow } from "../../api/types";
import { notifyError } from "../../components/notify";
import i18n from "../../i18n";
import type {
  CustomField,
  EnumOption,
  FieldSetting,
  FieldSubtype,
  FieldValue,
  NumberFormat,
  RevealAccess,
} from "./types";

const FIELD_OPT = "name,resource_subtype,type,enum_options,precision,format,currency_code,description";
export const SETTING_FIELDS = `is_important,${FIELD_OPT.split(",")
  .map((name) => `custom_field.${name}`)
  .join(",")}`;

export const fieldKeys = {
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

export interface NewField {
  name: string;
  resource_subtype: FieldSubtype;
  enum_options?: { name: string; color: string }[];
  precision?: number;
  format?: NumberFormat;
  currency_code?: string;
  is_important?: boolean;
  reveal_access?: RevealAccess;
  reveal_people?: string[];
}

export async function createProjectField(workspace: string, projectGid: string, input: NewField) {
  const { is_important, ...definition } = input;
  const field = await api.post<CustomField>("/custom_fields", { workspace, ...definition });
  await api.post(`/projects/${projectGid}/addCustomFieldSetting`, {
    custom_field: field.gid,
    is_important: !!is_important,
  });
  return field;
}

export async function addExistingField(projectGid: string, fieldGid: string, isImportant: boolean) {
  await api.post(`/projects/${projectGid}/addCustomFieldSetting`, {
    custom_field: fieldGid,
    is_important: isImportant,
  });
}

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
      next.date_value = raw && typeof raw === "object" && !Array.isArray(raw) ? { date: raw.date } : null;
      break;
    case "people":
      next.people_value = Array.isArray(raw) ? (people ?? []).filter((person) => raw.includes(person.gid)) : [];
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

export function useFieldActions() {
  const client = useQueryClient();
  return useMemo(
    () => ({
      // Optimistic everywhere; on refusal the old values come back and the person is told why.
      async set(
        task: Partial<TaskRow> & { gid: string },
        field: FieldValue,
        raw: RawValue,
        people?: { gid: string; name: string }[],
      ) {
        const before = fieldsOf(task);
        const exists = before.some((item) => item.gid === field.gid);
        const after = exists
          ? before.map((item) => (item.gid === field.gid ? applyRaw(item, raw, people) : item))
          : [...before, applyRaw(field, raw, people)];
        patchTaskEverywhere(client, task.gid, { custom_fields: after } as Partial<TaskRow>);
        try {
          await api.put(`/tasks/${task.gid}`, { custom_fields: { [field.gid]: raw } });
          client.invalidateQueries({ queryKey: keys.task(task.gid) });
          client.invalidateQueries({ queryKey: keys.stories(task.gid) });
        } catch (error) {
          patchTaskEverywhere(client, task.gid, { custom_fields: before } as Partial<TaskRow>);
          notifyError(error, i18n.t("errors.undone"));
        }
      },
      async reveal(taskGid: string, fieldGid: string): Promise<string | null> {
        try {
          const data = await api.post<Record<string, unknown>>(`/tasks/${taskGid}/custom_fields/${fieldGid}/reveal`);
          client.invalidateQueries({ queryKey: keys.stories(taskGid) });
          const value = data?.text_value ?? data?.value ?? data?.secret_value ?? data?.display_value ?? null;
          return value === null ? null : String(value);
        } catch (error) {
          notifyError(error);
          return null;
        }
      },
    }),
    [client],
  );
}
