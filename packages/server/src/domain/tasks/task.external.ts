import type { TasksTable } from "../../db/schema.ts";
import type { Tx } from "../context.ts";

// Asana fields Takt stores beside a task's own: `external` (a foreign system's id and data, which CRM syncs keep
// there), `start_at`, and who last assigned it. A new task is inserted with them (externalColumns); a change is
// written in the request's unit of work, after the task's own fields (setTaskExternals).
export interface ExternalInput {
  external?: { gid?: string; data?: string } | null;
  start_at?: string | null;
}

export type ExternalColumns = Partial<
  Pick<TasksTable, "external_gid" | "external_data" | "start_at" | "assigned_by_gid">
>;

// The columns the input sets; a new task takes them in its INSERT.
export function externalColumns(input: ExternalInput, assignedBy: number | undefined): ExternalColumns {
  const values: ExternalColumns = {};
  if (input.external !== undefined) {
    values.external_gid = input.external?.gid ?? null;
    values.external_data = input.external?.data ?? null;
  }
  if (input.start_at !== undefined) values.start_at = input.start_at;
  if (assignedBy !== undefined) values.assigned_by_gid = assignedBy;
  return values;
}

export async function setTaskExternals(
  tx: Tx,
  task: TasksTable,
  input: ExternalInput,
  assignedBy: number | undefined,
): Promise<TasksTable> {
  const values = externalColumns(input, assignedBy);
  if (Object.keys(values).length === 0) return task;
  await tx.trx.updateTable("tasks").set(values).where("gid", "=", task.gid).execute();
  return { ...task, ...values };
}
