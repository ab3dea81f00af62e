import type { AddCustomFieldSettingBody, UpdateTaskBody } from "@takt/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api } from "../../api/client";
import type { TaskRow } from "../../api/types";
import { invalidateBoard } from "../projects/mutations";
import { patchTaskOptimistically } from "../tasks/mutations";
import { taskKeys } from "../tasks/queries";
import { applyRaw, fieldKeys, fieldsOf, type NewField, type RawValue } from "./queries";
import type { FieldValue } from "./types";

function inline({ is_important, ...definition }: NewField) {
  return { custom_field: definition, is_important: !!is_important };
}

// A field added to a project in one request: one from the workspace's library, or a new one described inline
// (made and added together, or not at all).
export function useAddProjectField(projectGid: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { library: string; is_important: boolean } | { field: NewField }) =>
      api.post<unknown, typeof AddCustomFieldSettingBody>(
        `/projects/${projectGid}/addCustomFieldSetting`,
        "library" in input ? { custom_field: input.library, is_important: input.is_important } : inline(input.field),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: fieldKeys.settings(projectGid) });
      invalidateBoard(client, projectGid);
    },
  });
}

// A task's field values: set at once everywhere (Asana's `custom_fields: {gid: value}`), put back if refused;
// a secret's value shown on request.
export function useFieldValues() {
  const client = useQueryClient();
  const setValue = useMutation({
    mutationFn: ({
      task,
      field,
      raw,
      people,
    }: {
      task: Partial<TaskRow> & { gid: string };
      field: FieldValue;
      raw: RawValue;
      people?: { gid: string; name: string }[];
    }) => {
      // `field`: the task's value with its definition beneath (options included), as the editors hold it.
      const before = fieldsOf(task);
      const next = applyRaw(field, raw, people);
      const after = before.some((item) => item.gid === field.gid)
        ? before.map((item) => (item.gid === field.gid ? next : item))
        : [...before, next];
      return patchTaskOptimistically(
        client,
        task.gid,
        { custom_fields: after } as Partial<TaskRow>,
        { custom_fields: before } as Partial<TaskRow>,
        () => api.put<unknown, typeof UpdateTaskBody>(`/tasks/${task.gid}`, { custom_fields: { [field.gid]: raw } }),
      );
    },
    meta: { undone: true },
    onSuccess: (_data, { task }) => {
      client.invalidateQueries({ queryKey: taskKeys.detail(task.gid) });
      client.invalidateQueries({ queryKey: taskKeys.stories(task.gid) });
    },
  });
  const reveal = useMutation({
    mutationFn: ({ task, field }: { task: string; field: string }) =>
      api.post<Record<string, unknown>>(`/tasks/${task}/custom_fields/${field}/reveal`),
    onSuccess: (_data, { task }) => client.invalidateQueries({ queryKey: taskKeys.stories(task) }),
  });
  const set = setValue.mutate;
  const revealAsync = reveal.mutateAsync;
  return useMemo(
    () => ({
      set: (
        task: Partial<TaskRow> & { gid: string },
        field: FieldValue,
        raw: RawValue,
        people?: { gid: string; name: string }[],
      ) => set({ task, field, raw, people }),
      // The secret's text, or null when refused (the person has been told why).
      async reveal(taskGid: string, fieldGid: string): Promise<string | null> {
        try {
          const data = await revealAsync({ task: taskGid, field: fieldGid });
          const value = data?.text_value ?? data?.value ?? data?.secret_value ?? data?.display_value ?? null;
          return value === null ? null : String(value);
        } catch {
          return null;
        }
      },
    }),
    [set, revealAsync],
  );
}
