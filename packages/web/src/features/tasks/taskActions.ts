import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api } from "../../api/client";
import { beginBoardWrite, keys, patchTaskEverywhere } from "../../api/queries";
import type { Ref, TaskRow } from "../../api/types";
import { notifyError } from "../../components/notify";
import i18n from "../../i18n";

export interface TaskPatch {
  name?: string;
  completed?: boolean;
  assignee?: Ref | null;
  due_on?: string | null;
  start_on?: string | null;
}

function bodyOf(patch: TaskPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    body[key] = key === "assignee" ? ((value as Ref | null)?.gid ?? null) : value;
  }
  return body;
}

// Shows the change at once everywhere; if the server refuses, puts the old values back and says so.
export async function updateTask(client: QueryClient, task: Pick<TaskRow, "gid"> & Partial<TaskRow>, patch: TaskPatch) {
  const previous: Partial<TaskRow> = {};
  for (const key of Object.keys(patch) as (keyof TaskPatch)[]) {
    (previous as Record<string, unknown>)[key] = task[key] ?? null;
  }
  const end = beginBoardWrite();
  patchTaskEverywhere(client, task.gid, patch as Partial<TaskRow>);
  try {
    await api.put(`/tasks/${task.gid}`, bodyOf(patch));
    client.invalidateQueries({ queryKey: keys.stories(task.gid) });
  } catch (error) {
    patchTaskEverywhere(client, task.gid, previous);
    notifyError(error, i18n.t("errors.undone"));
  } finally {
    end();
  }
}

export function useTaskActions() {
  const client = useQueryClient();
  return useMemo(
    () => ({
      update: (task: Pick<TaskRow, "gid"> & Partial<TaskRow>, patch: TaskPatch) => updateTask(client, task, patch),
    }),
    [client],
  );
}
