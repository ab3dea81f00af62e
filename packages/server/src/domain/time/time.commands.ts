import type { TasksTable, TimeTrackingEntriesTable } from "../../db/schema.ts";
import { newGid } from "../../ids.ts";
import { type Actor, type Ctx, type Tx, transact } from "../context.ts";
import { taskEvent } from "../tasks/task.commands.ts";
import { elapsedMinutes } from "./time.format.ts";

type TimeCtx = Ctx & { actor: Actor };
type TaskRow = Pick<TasksTable, "gid" | "workspace_gid" | "resource_subtype">;

export interface EntryLinks {
  attributable_to_gid?: number | null;
  category_gid?: number | null;
  billable_status?: "billable" | "nonBillable" | "notApplicable" | null;
}

export interface EntryInput extends EntryLinks {
  duration_minutes: number;
  entered_on?: string;
  description?: string;
}

async function totalMinutes(tx: Tx, taskGid: number): Promise<number> {
  const row = await tx.trx
    .selectFrom("time_tracking_entries")
    .select((eb) => eb.fn.sum<number | string | null>("duration_minutes").as("total"))
    .where("task_gid", "=", taskGid)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

// Followers of the task hear of the new total (realtime, webhooks) as a change of actual_time_minutes.
async function announceTotal(tx: Tx, task: TaskRow) {
  await tx.emit(
    taskEvent(task, {
      action: "changed",
      change: { field: "actual_time_minutes", action: "changed", new_value: await totalMinutes(tx, task.gid) },
    }),
  );
}

async function insertEntry(tx: Tx, actor: Actor, task: TaskRow, input: EntryInput): Promise<TimeTrackingEntriesTable> {
  const entry: TimeTrackingEntriesTable = {
    gid: newGid(),
    workspace_gid: task.workspace_gid,
    task_gid: task.gid,
    created_by_gid: actor.gid,
    duration_minutes: input.duration_minutes,
    entered_on: input.entered_on ?? tx.now.slice(0, 10),
    description: input.description ?? "",
    created_at: tx.now,
    modified_at: tx.now,
    attributable_to_gid: input.attributable_to_gid ?? null,
    category_gid: input.category_gid ?? null,
    billable_status: input.billable_status ?? null,
  };
  await tx.trx.insertInto("time_tracking_entries").values(entry).execute();
  // "logged 1h 30m" on the task is derived from this event (story.derive.ts).
  await tx.emit({
    workspace_gid: task.workspace_gid,
    resource_type: "time_tracking_entry",
    resource_gid: entry.gid,
    parent_type: "task",
    parent_gid: task.gid,
    action: "added",
    change: { story: { duration_minutes: entry.duration_minutes, entered_on: entry.entered_on } },
  });
  await announceTotal(tx, task);
  return entry;
}

export function createEntry(ctx: TimeCtx, task: TaskRow, input: EntryInput): Promise<TimeTrackingEntriesTable> {
  return transact(ctx, (tx) => insertEntry(tx, ctx.actor, task, input));
}

export function updateEntry(
  ctx: TimeCtx,
  task: TaskRow,
  entry: TimeTrackingEntriesTable,
  input: Partial<EntryInput>,
): Promise<TimeTrackingEntriesTable> {
  return transact(ctx, async (tx) => {
    const next = {
      duration_minutes: input.duration_minutes ?? entry.duration_minutes,
      entered_on: input.entered_on ?? entry.entered_on,
      description: input.description ?? entry.description,
      attributable_to_gid:
        input.attributable_to_gid === undefined ? (entry.attributable_to_gid ?? null) : input.attributable_to_gid,
      category_gid: input.category_gid === undefined ? (entry.category_gid ?? null) : input.category_gid,
      billable_status: input.billable_status === undefined ? (entry.billable_status ?? null) : input.billable_status,
      modified_at: tx.now,
    };
    await tx.trx.updateTable("time_tracking_entries").set(next).where("gid", "=", entry.gid).execute();
    for (const field of ["duration_minutes", "entered_on", "description"] as const) {
      if (next[field] === entry[field]) continue;
      await tx.emit({
        workspace_gid: entry.workspace_gid,
        resource_type: "time_tracking_entry",
        resource_gid: entry.gid,
        parent_type: "task",
        parent_gid: entry.task_gid,
        action: "changed",
        change: { field, action: "changed", new_value: next[field] },
      });
    }
    if (next.duration_minutes !== entry.duration_minutes) await announceTotal(tx, task);
    return { ...entry, ...next };
  });
}

export function deleteEntry(ctx: TimeCtx, task: TaskRow, entry: TimeTrackingEntriesTable): Promise<void> {
  return transact(ctx, async (tx) => {
    await tx.trx.deleteFrom("time_tracking_entries").where("gid", "=", entry.gid).execute();
    await tx.emit({
      workspace_gid: entry.workspace_gid,
      resource_type: "time_tracking_entry",
      resource_gid: entry.gid,
      parent_type: "task",
      parent_gid: entry.task_gid,
      action: "deleted",
    });
    await announceTotal(tx, task);
  });
}

// Stops the person's running timer, if any, and records what it measured on the day it was started.
async function stopRunning(tx: Tx, actor: Actor): Promise<TimeTrackingEntriesTable | null> {
  const running = await tx.trx
    .selectFrom("time_tracking_timers")
    .innerJoin("tasks", "tasks.gid", "time_tracking_timers.task_gid")
    .select(["time_tracking_timers.started_at", "tasks.gid", "tasks.workspace_gid", "tasks.resource_subtype"])
    .where("time_tracking_timers.user_gid", "=", actor.gid)
    .executeTakeFirst();
  await tx.trx.deleteFrom("time_tracking_timers").where("user_gid", "=", actor.gid).execute();
  if (!running) return null;
  return insertEntry(tx, actor, running, {
    duration_minutes: elapsedMinutes(running.started_at, tx.now),
    entered_on: running.started_at.slice(0, 10),
  });
}

// One running timer per person: starting another stops the first and records its entry.
export function startTimer(ctx: TimeCtx, task: TaskRow) {
  return transact(ctx, async (tx) => {
    const stopped = await stopRunning(tx, ctx.actor);
    await tx.trx
      .insertInto("time_tracking_timers")
      .values({ user_gid: ctx.actor.gid, task_gid: task.gid, started_at: tx.now })
      .onConflict((conflict) => conflict.column("user_gid").doUpdateSet({ task_gid: task.gid, started_at: tx.now }))
      .execute();
    return { stopped };
  });
}

export function stopTimer(ctx: TimeCtx): Promise<TimeTrackingEntriesTable | null> {
  return transact(ctx, (tx) => stopRunning(tx, ctx.actor));
}

export function setEstimate(ctx: TimeCtx, task: TasksTable, minutes: number | null): Promise<void> {
  if ((task.estimated_minutes ?? null) === minutes) return Promise.resolve();
  return transact(ctx, async (tx) => {
    await tx.trx
      .updateTable("tasks")
      .set({ estimated_minutes: minutes, modified_at: tx.now })
      .where("gid", "=", task.gid)
      .execute();
    await tx.emit(
      taskEvent(task, {
        action: "changed",
        change: { field: "estimated_minutes", action: "changed", new_value: minutes },
      }),
    );
  });
}
