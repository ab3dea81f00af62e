import { lockOrderedLists } from "../../db/locks.ts";
import { prepared, preparedRow, preparedVariants } from "../../db/prepared.ts";
import type { TaskFollowersTable, TaskMembershipsTable, TasksTable } from "../../db/schema.ts";
import type { NewEvent } from "../../events/append.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, type Tx, transact } from "../context.ts";
import { assignCustomIds } from "../custom-fields/custom-id.ts";
import { hasTaskScrum, type TaskScrumInput, writeTaskScrum } from "../sprints/task-scrum.ts";
import { keepInTrash } from "../trash/trash.commands.ts";
import { usersNamed } from "../users/user.queries.ts";
import type { ExternalColumns } from "./task.external.ts";
import {
  applyTaskFields,
  type ChangedField,
  EMPTY_TASK_FIELDS,
  type TaskFieldInput,
  type TaskFieldState,
} from "./task.fields.ts";
import { edgeSection, type Slot, sectionKey, subtaskKey } from "./task.placement.ts";
import { loadTask, subtreeGids } from "./task.queries.ts";

export type TaskCtx = Ctx & { actor: Actor };
type TaskRow = Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype">;

export function taskEvent(task: TaskRow, event: Omit<NewEvent, "workspace_gid" | "resource_type" | "resource_gid">) {
  return {
    workspace_gid: task.workspace_gid,
    resource_type: "task",
    resource_gid: task.gid,
    resource_subtype: task.resource_subtype,
    ...event,
  };
}

export const taskRef = (gid: number) => ({ gid: String(gid), resource_type: "task" });
export const userRef = (gid: number) => ({ gid: String(gid), resource_type: "user" });

// Every write to a task stamps it: compiled once (db/prepared.ts).
const stampTask = prepared(["gid", "now"], (db, params: { gid: number; now: string }) =>
  db.updateTable("tasks").set({ modified_at: params.now }).where("gid", "=", params.gid),
);

export async function touch(tx: Tx, taskGid: number) {
  await stampTask.run(tx.trx, { gid: taskGid, now: tx.now });
}

// An update writes the columns it changes: one statement per set of them (a rename, a completion…).
const updateTaskRow = preparedRow<Partial<TasksTable> & { gid: number }>(
  (db, row, columns) =>
    db
      .updateTable("tasks")
      .set(Object.fromEntries(columns.map((column) => [column, row[column]])))
      .where("gid", "=", row.gid),
  ["gid"],
);

export interface Placement {
  projectGid: number;
  sectionGid: number | null;
  slot?: Slot;
}

export interface NewTask {
  workspaceGid: number;
  fields: TaskFieldState;
  parent: TasksTable | null;
  parentSlot?: Slot;
  placements: Placement[];
  followerGids: number[];
  // Columns beside the task's fields the new row is written with (task.external.ts).
  columns?: ExternalColumns;
}

// Every create writes these rows: compiled once (db/prepared.ts), the task's once per set of columns it is
// written with (its fields, and those an import or a form adds).
const insertTaskRow = preparedRow<TasksTable>((db, row) => db.insertInto("tasks").values(row));
export const insertMembership = prepared(
  ["task_gid", "project_gid", "section_gid", "order_key", "created_at"],
  (db, row: TaskMembershipsTable) => db.insertInto("task_memberships").values(row),
);

// A new task's followers: its creator, and whoever else it was given (one statement per count of them).
const insertFollowers = preparedVariants((count: string) => {
  const names = Array.from({ length: Number(count) }, (_, index) => `user${index}`);
  return prepared<Record<string, number>, unknown>(["task", ...names], (db, row) =>
    db
      .insertInto("task_followers")
      .values(names.map((name): TaskFollowersTable => ({ task_gid: row.task, user_gid: row[name] }))),
  );
});

// Writes a task with its memberships and followers, and the events saying where it was added.
export async function insertTask(tx: Tx, actor: Actor, input: NewTask): Promise<TasksTable> {
  // Sections before the parent task, the order every placement takes them in (see db/locks.ts).
  await lockOrderedLists(
    tx.trx,
    "sections",
    input.placements.map((placement) => placement.sectionGid),
  );
  const gid = newGid();
  const completed = input.fields.completed === 1;
  const row: TasksTable = {
    gid,
    workspace_gid: input.workspaceGid,
    root_gid: input.parent ? input.parent.root_gid : gid,
    parent_gid: input.parent?.gid ?? null,
    subtask_order_key: input.parent
      ? await subtaskKey(tx.trx, input.parent.gid, gid, input.parentSlot ?? { at: "end" })
      : null,
    ...input.fields,
    ...input.columns,
    completed_at: completed ? tx.now : null,
    completed_by_gid: completed ? actor.gid : null,
    created_by_gid: actor.gid,
    created_at: tx.now,
    modified_at: tx.now,
  };
  await insertTaskRow.run(tx.trx, row);
  for (const placement of input.placements) {
    const sectionGid = placement.sectionGid ?? (await edgeSection(tx.trx, placement.projectGid, "first", tx.now));
    const orderKey = await sectionKey(tx.trx, sectionGid, gid, placement.slot ?? { at: "end" });
    await insertMembership.run(tx.trx, {
      task_gid: gid,
      project_gid: placement.projectGid,
      section_gid: sectionGid,
      order_key: orderKey,
      created_at: tx.now,
    });
    await tx.emit(taskEvent(row, { action: "added", parent_type: "project", parent_gid: placement.projectGid }), row);
    await tx.emit(taskEvent(row, { action: "added", parent_type: "section", parent_gid: sectionGid }), row);
    await assignCustomIds(tx.trx, tx.now, { projectGid: placement.projectGid, taskGid: gid });
  }
  if (input.parent) {
    await tx.emit(taskEvent(row, { action: "added", parent_type: "task", parent_gid: input.parent.gid }), row);
  }
  if (!input.parent && input.placements.length === 0) {
    await tx.emit(taskEvent(row, { action: "added", parent_type: "workspace", parent_gid: input.workspaceGid }), row);
  }
  // Being assigned a new task is news to the assignee (stories, notifications): told like a later assignment.
  if (row.assignee_gid) {
    const fieldValue = await fieldValues(tx);
    const change = {
      field: "assignee",
      action: "changed",
      new_value: await fieldValue(row, "assignee"),
      old_value: null,
    };
    await tx.emit(taskEvent(row, { action: "changed", change }), row);
  }
  const followers = [...new Set([actor.gid, ...input.followerGids])];
  await insertFollowers(String(followers.length)).run(tx.trx, {
    task: gid,
    ...Object.fromEntries(followers.map((userGid, index) => [`user${index}`, userGid])),
  });
  return row;
}

export async function createTask(
  ctx: TaskCtx,
  input: Omit<NewTask, "fields"> & { fields: TaskFieldInput; after?: (tx: Tx, task: TasksTable) => Promise<void> },
): Promise<TasksTable> {
  const { next } = applyTaskFields(EMPTY_TASK_FIELDS, input.fields);
  return transact(ctx, async (tx) => {
    const task = await insertTask(tx, ctx.actor, { ...input, fields: next });
    // Custom field values and tags (domain/custom-fields/task-extras.ts), resolved beforehand, same transaction.
    await input.after?.(tx, task);
    return task;
  });
}

// The value a change event carries for a field: plain values, a compact user for the assignee.
async function fieldValues(tx: Tx) {
  return async (state: TaskFieldState, field: ChangedField): Promise<unknown> => {
    if (field === "assignee") {
      if (!state.assignee_gid) return null;
      const [user] = await usersNamed.all(tx.trx, { gids: [state.assignee_gid] });
      return user ? { gid: String(user.gid), resource_type: "user", name: user.name } : null;
    }
    if (field === "completed") return state.completed === 1;
    return state[field];
  };
}

// scrum: story_points and sprint (domain/sprints), resolved beforehand and written in the same transaction.
export async function updateTask(
  ctx: TaskCtx,
  task: TasksTable,
  input: TaskFieldInput,
  scrum: TaskScrumInput = {},
  after?: (tx: Tx, task: TasksTable) => Promise<void>,
): Promise<TasksTable> {
  const { next, changed } = applyTaskFields(task, input);
  if (changed.length === 0 && !hasTaskScrum(scrum) && !after) return task;
  return transact(ctx, async (tx) => {
    const completion =
      next.completed === task.completed
        ? {}
        : next.completed === 1
          ? { completed_at: tx.now, completed_by_gid: ctx.actor.gid }
          : { completed_at: null, completed_by_gid: null };
    const written: TasksTable = { ...task, ...next, ...completion, modified_at: tx.now };
    // Only the columns that change: an UPDATE naming name or notes re-indexes the task for search (triggers).
    const columns: Partial<TasksTable> = { ...completion, modified_at: tx.now };
    for (const [column, value] of Object.entries(next) as [keyof TasksTable, unknown][]) {
      if (task[column] !== value) Object.assign(columns, { [column]: value });
    }
    await updateTaskRow.run(tx.trx, { ...columns, gid: task.gid });
    const fieldValue = await fieldValues(tx);
    const updated = { ...task, resource_subtype: next.resource_subtype };
    for (const field of changed) {
      const change = {
        field,
        action: "changed",
        new_value: await fieldValue(next, field),
        old_value: await fieldValue(task, field),
      };
      await tx.emit(taskEvent(updated, { action: "changed", change }), written);
    }
    await writeTaskScrum(tx, task, scrum);
    await after?.(tx, updated);
    // Scrum fields and extras may touch the row again: read it back then; otherwise it is what was written.
    return hasTaskScrum(scrum) || after ? (await loadTask(tx.trx, task.gid))! : written;
  });
}

// Deletes the task with all its subtasks; the events are written first, while the rows still exist.
export async function deleteTask(ctx: TaskCtx, task: TasksTable): Promise<void> {
  await transact(ctx, async (tx) => {
    const gids = await subtreeGids(tx.trx, task.gid);
    const rows = await tx.trx
      .selectFrom("tasks")
      .select(["gid", "workspace_gid", "resource_subtype", "parent_gid"])
      .where("gid", "in", gids)
      .execute();
    const project = await tx.trx
      .selectFrom("task_memberships")
      .select("project_gid")
      .where("task_gid", "=", task.gid)
      .orderBy("created_at")
      .orderBy("project_gid")
      .executeTakeFirst();
    for (const row of [task, ...rows.filter((other) => other.gid !== task.gid)]) {
      const parent =
        row.gid === task.gid && project
          ? { parent_type: "project", parent_gid: project.project_gid }
          : row.parent_gid
            ? { parent_type: "task", parent_gid: row.parent_gid }
            : { parent_type: "workspace", parent_gid: row.workspace_gid };
      await tx.emit(taskEvent(row, { action: "deleted", ...parent }));
    }
    // The deleter can bring it back for a while (domain/trash).
    await keepInTrash(tx, task, gids, project?.project_gid ?? null);
    await tx.trx.deleteFrom("tasks").where("gid", "in", gids).execute();
  });
}
