import type { CreateTimeEntryInput, UpdateTimeEntryInput } from "@takt/contracts";
import type { Db } from "../../db/index.ts";
import type { TasksTable, TimeTrackingEntriesTable } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import { parseGid } from "../../ids.ts";
import { type Actor, unitOfWork } from "../context.ts";
import type { TaskCtx } from "../tasks/task.commands.ts";
import { loadTask } from "../tasks/task.queries.ts";
import { taskFor } from "../tasks/task.resolve.ts";
import { createEntry, deleteEntry, updateEntry } from "./time.commands.ts";
import { authorizeEntry } from "./time.policy.ts";
import { entryByGid } from "./time.queries.ts";

// Time tracking entries (Asana's time_tracking_entries): logged, corrected and removed, each request one unit of work.

// An entry by the gid a request names, with its task, when the actor may read or change it.
export async function entryFor(
  db: Db,
  actor: Actor,
  entryRaw: string,
  action: "read" | "edit",
): Promise<{ entry: TimeTrackingEntriesTable; task: TasksTable }> {
  const gid = parseGid(entryRaw);
  if (gid === null) throw notFound("time_tracking_entry");
  const entry = await entryByGid(db, gid);
  const task = entry ? await loadTask(db, entry.task_gid) : undefined;
  await authorizeEntry(db, actor, entry, task, action);
  if (!entry || !task) throw notFound("time_tracking_entry");
  return { entry, task };
}

// POST /tasks/{gid}/time_tracking_entries: anyone who may comment on the task logs time on it.
export async function logTimeUseCase(
  ctx: TaskCtx,
  taskRaw: string,
  input: CreateTimeEntryInput,
): Promise<TimeTrackingEntriesTable> {
  return unitOfWork(ctx, async (uow) => {
    const task = await taskFor(uow.db, uow.actor, taskRaw, "comment");
    return createEntry(uow, task, input);
  });
}

// PUT /time_tracking_entries/{gid}
export async function updateEntryUseCase(
  ctx: TaskCtx,
  entryRaw: string,
  input: UpdateTimeEntryInput,
): Promise<TimeTrackingEntriesTable> {
  return unitOfWork(ctx, async (uow) => {
    const { entry, task } = await entryFor(uow.db, uow.actor, entryRaw, "edit");
    return updateEntry(uow, task, entry, input);
  });
}

// DELETE /time_tracking_entries/{gid}
export async function deleteEntryUseCase(ctx: TaskCtx, entryRaw: string): Promise<void> {
  await unitOfWork(ctx, async (uow) => {
    const { entry, task } = await entryFor(uow.db, uow.actor, entryRaw, "edit");
    await deleteEntry(uow, task, entry);
  });
}
